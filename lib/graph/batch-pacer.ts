import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb, serialize, transaction } from '@/db';
import { writeBudgets } from '@/db/schema';

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
 * burst of up to two seconds' worth taken out of the window's allowance. We cannot see how full Graph's own bucket is (other workflows of
 * the same app share it), so we spend at the rate it refills instead of hammering into 429s.
 * The bucket lives in the database (write_budgets), one per app + tenant: every instance and
 * process that writes for that app draws on the same budget. A 429 pauses all of them for its
 * Retry-After.
 */
export class WritePacer {
  private readonly rate: number; // writes per millisecond
  private readonly burst: number;

  constructor(
    readonly subject: string,
    readonly limit: WriteLimit,
  ) {
    // The burst comes out of the window's allowance, so that no window of windowSeconds ever holds
    // more than limit.count writes: burst + rate × window = count.
    this.burst = Math.max(1, Math.min(Math.ceil(limit.count / 10), Math.ceil((limit.count / limit.windowSeconds) * 2)));
    this.rate = Math.max(1, limit.count - this.burst) / (limit.windowSeconds * 1000);
  }

  /** Takes `writes` from the shared bucket (it may go into debt) and says how long to wait before sending. */
  private async reserve(writes: number): Promise<number> {
    return transaction(async (tx) => {
      await serialize(tx, `write-budget:${this.subject}`);
      const now = Date.now();
      const [row] = await tx.select().from(writeBudgets).where(eq(writeBudgets.subject, this.subject)).limit(1);
      const refilled = row ? Math.min(this.burst, row.tokens + (now - row.updatedMs) * this.rate) : this.burst;
      const tokens = refilled - writes;
      const pausedUntil = row?.pausedUntilMs ?? 0;
      await tx
        .insert(writeBudgets)
        .values({ subject: this.subject, tokens, updatedMs: now, pausedUntilMs: pausedUntil })
        .onConflictDoUpdate({ target: writeBudgets.subject, set: { tokens, updatedMs: now } });
      return Math.max(tokens < 0 ? -tokens / this.rate : 0, pausedUntil - now, 0);
    });
  }

  private async pausedFor(): Promise<number> {
    const [row] = await getDb().select({ until: writeBudgets.pausedUntilMs }).from(writeBudgets).where(eq(writeBudgets.subject, this.subject)).limit(1);
    return Math.max(0, (row?.until ?? 0) - Date.now());
  }

  /** Waits until `writes` may be sent. Reservations queue up in the order they reach the database. */
  async acquire(writes: number): Promise<void> {
    if (writes <= 0) {
      const paused = await this.pausedFor();
      if (paused) await sleep(paused);
      return;
    }
    await sleep(await this.reserve(writes));
    // A 429 seen meanwhile (by any instance) moves the pause further out.
    for (let paused = await this.pausedFor(); paused > 0; paused = await this.pausedFor()) await sleep(paused);
  }

  /** After a 429: nobody sends for `seconds`, and the burst is spent. */
  async pause(seconds: number): Promise<void> {
    const until = Date.now() + seconds * 1000;
    await transaction(async (tx) => {
      await serialize(tx, `write-budget:${this.subject}`);
      const [row] = await tx.select().from(writeBudgets).where(eq(writeBudgets.subject, this.subject)).limit(1);
      const values = { tokens: Math.min(row?.tokens ?? 0, 0), updatedMs: row?.updatedMs ?? Date.now(), pausedUntilMs: Math.max(row?.pausedUntilMs ?? 0, until) };
      await tx.insert(writeBudgets).values({ subject: this.subject, ...values }).onConflictDoUpdate({ target: writeBudgets.subject, set: values });
    });
  }
}

/** The pacer of an app + tenant: the bucket is shared through the database, so any instance of it will do. */
export function pacerFor(appKey: string, limit: WriteLimit = writeLimitFromEnv()): WritePacer {
  return new WritePacer(`${appKey}|${limit.count}/${limit.windowSeconds}`, limit);
}
