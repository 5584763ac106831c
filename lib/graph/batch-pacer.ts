import 'server-only';

export type WriteLimit = { count: number; windowSeconds: number };

/** Microsoft's identity write limit per app + tenant (FACTS.md): 3,000 writes per 150 s. */
export const DEFAULT_WRITE_LIMIT: WriteLimit = { count: 3000, windowSeconds: 150 };

export function writeLimitFromEnv(env: NodeJS.ProcessEnv = process.env): WriteLimit {
  const count = Number(env.GRAPH_WRITE_LIMIT);
  const windowSeconds = Number(env.GRAPH_WRITE_WINDOW_SECONDS);
  return {
    count: Number.isFinite(count) && count > 0 ? count : DEFAULT_WRITE_LIMIT.count,
    windowSeconds: Number.isFinite(windowSeconds) && windowSeconds > 0 ? windowSeconds : DEFAULT_WRITE_LIMIT.windowSeconds,
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Client-side pacing for writes: a token bucket at the write limit's sustained rate, with a
 * burst of two seconds' worth. We cannot see how full Graph's own bucket is (other workflows of
 * the same app share it), so we spend at the rate it refills instead of hammering into 429s.
 * A 429 pauses every sender of that app + tenant for its Retry-After.
 */
export class WritePacer {
  private readonly rate: number; // writes per millisecond
  private readonly burst: number;
  private tokens: number;
  private updated = Date.now();
  private pausedUntil = 0;

  constructor(readonly limit: WriteLimit) {
    this.rate = limit.count / (limit.windowSeconds * 1000);
    this.burst = Math.max(1, Math.min(limit.count, Math.ceil(this.rate * 2000)));
    this.tokens = this.burst;
  }

  /** Waits until `writes` may be sent. Reservations queue up in call order. */
  async acquire(writes: number): Promise<void> {
    if (writes <= 0) return;
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + (now - this.updated) * this.rate);
    this.updated = now;
    this.tokens -= writes;
    const debtWait = this.tokens < 0 ? -this.tokens / this.rate : 0;
    await sleep(Math.max(debtWait, this.pausedUntil - now, 0));
    // A 429 seen while we slept moves the pause further out.
    while (Date.now() < this.pausedUntil) await sleep(this.pausedUntil - Date.now());
  }

  /** After a 429: nobody sends for `seconds`, and the burst is spent. */
  pause(seconds: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + seconds * 1000);
    this.tokens = Math.min(this.tokens, 0);
  }
}

const globalForPacers = globalThis as unknown as { __authkeyPacers?: Map<string, WritePacer> };
const pacers: Map<string, WritePacer> = (globalForPacers.__authkeyPacers ??= new Map());

/** One pacer per app + tenant in this process, as Graph counts writes per app + tenant. */
export function pacerFor(appKey: string, limit: WriteLimit = writeLimitFromEnv()): WritePacer {
  const id = `${appKey}|${limit.count}/${limit.windowSeconds}`;
  let pacer = pacers.get(id);
  if (!pacer) pacers.set(id, (pacer = new WritePacer(limit)));
  return pacer;
}
