import type { TenantSize } from '../state/types';
import type { WriteLimit } from '../http/faults';

/** Resource units per 10 s per app + tenant, by tenant size (Microsoft's identity service limits). */
export const RESOURCE_UNITS_PER_10S: Record<TenantSize, number> = { S: 3500, M: 5000, L: 8000 };

interface Bucket {
  tokens: number;
  updated: number;
}

/** A token bucket: `capacity` tokens, refilled continuously at capacity / windowSeconds per second. */
function take(bucket: Bucket, capacity: number, windowSeconds: number, cost: number, now: number): number {
  const rate = capacity / windowSeconds;
  bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.updated) / 1000) * rate);
  bucket.updated = now;
  if (bucket.tokens >= cost) return 0;
  return (cost - bucket.tokens) / rate; // seconds until enough tokens are back
}

export type ThrottleResult = { ok: true } | { ok: false; retryAfter: number };

/**
 * Throttling per app + tenant: resource units (reads and writes) and, separately, writes.
 * A denied request consumes nothing, and its Retry-After (whole seconds, rounded up) is long
 * enough that the next request, sent after it, gets through.
 */
export class Throttle {
  private ru = new Map<string, Bucket>();
  private writes = new Map<string, Bucket>();
  private writeConfigKey = '';

  constructor(private readonly writeLimit: () => WriteLimit) {}

  reset(): void {
    this.ru.clear();
    this.writes.clear();
  }

  consume(key: string, size: TenantSize, resourceUnits: number, writes: number, now = Date.now()): ThrottleResult {
    const limit = this.writeLimit();
    const configKey = `${limit.count}/${limit.windowSeconds}`;
    if (configKey !== this.writeConfigKey) {
      // A new write limit (from the faults endpoint) starts every app with a full bucket.
      this.writes.clear();
      this.writeConfigKey = configKey;
    }
    const ruCapacity = RESOURCE_UNITS_PER_10S[size];
    const ruBucket = this.bucket(this.ru, key, ruCapacity, now);
    const writeBucket = this.bucket(this.writes, key, limit.count, now);
    const ruWait = take(ruBucket, ruCapacity, 10, resourceUnits, now);
    const writeWait = writes > 0 ? take(writeBucket, limit.count, limit.windowSeconds, writes, now) : 0;
    const wait = Math.max(ruWait, writeWait);
    if (wait > 0) return { ok: false, retryAfter: Math.max(1, Math.ceil(wait)) };
    ruBucket.tokens -= resourceUnits;
    writeBucket.tokens -= writes;
    return { ok: true };
  }

  private bucket(map: Map<string, Bucket>, key: string, capacity: number, now: number): Bucket {
    let bucket = map.get(key);
    if (!bucket) {
      bucket = { tokens: capacity, updated: now };
      map.set(key, bucket);
    }
    return bucket;
  }
}
