import 'server-only';
import { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible';
import { sql } from 'drizzle-orm';
import { getDb } from '@/db';
import { inGroupCommit } from '@/db/group-commit';
import { preparedQuery } from '@/db/prepared';
import { apiRateLimits } from '@/db/schema';

// Requests per minute, counted in the database (rate-limiter-flexible's Drizzle store) so that
// every instance behind a load balancer spends the same allowance. Two budgets: the token's own
// (chosen when it is created) and one per authKey, whichever token calls through it.

/** API_KEY_REQUESTS_PER_MINUTE: calls through one authKey per minute, all tokens together. */
export function keyRequestsPerMinute(value = process.env.API_KEY_REQUESTS_PER_MINUTE): number {
  if (!value?.trim()) return 1200;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`API_KEY_REQUESTS_PER_MINUTE must be a whole number of requests (got "${value}").`);
  return n;
}

const limiters = new Map<string, RateLimiterDrizzle>();

// The limiter keeps the client it is given; this one is whichever getDb() answers at the time of
// the call, so that inside a group commit the counters are written in its transaction.
const currentDb = new Proxy({} as object, {
  get(_target, property) {
    const db = getDb() as unknown as Record<PropertyKey, unknown>;
    const value = db[property];
    return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(db) : value;
  },
});

// The store's one write, exactly as RateLimiterDrizzle words it (insert, or on conflict add the
// points unless the window has expired), but built once per connection: the library builds it
// with drizzle on every call, two per API request, which bench:token found to be the largest
// cost on the token path that is the portal's own.
const at = (name: string) => sql.param(sql.placeholder(name), apiRateLimits.expire);
const countUpsert = preparedQuery('api_rate_limit_upsert', (db) => {
  const expired = sql`${apiRateLimits.expire} <= ${at('now')}`;
  const points = sql.placeholder('points');
  return db
    .insert(apiRateLimits)
    .values({ key: sql.placeholder('key'), points, expire: sql.placeholder('expire') })
    .onConflictDoUpdate({
      target: apiRateLimits.key,
      set: {
        points: sql`CASE WHEN ${expired} THEN ${points} ELSE ${apiRateLimits.points} + ${points} END`,
        expire: sql`CASE WHEN ${expired} THEN ${at('expire')} ELSE ${apiRateLimits.expire} END`,
      },
    })
    .returning();
});

type Upsert = (key: string, points: number, msDuration: number, forceExpire?: boolean) => Promise<unknown>;
const libraryUpsert = (RateLimiterDrizzle.prototype as unknown as { _upsert: Upsert })._upsert;

class PreparedDrizzleStore extends RateLimiterDrizzle {
  // The store method RateLimiterStoreAbstract calls (rate-limiter-flexible 11.4, pinned). Only
  // consume() (counting, a window of `duration` > 0) runs here; set() and block() keep the library's.
  async _upsert(key: string, points: number, msDuration: number, forceExpire = false) {
    if (forceExpire || msDuration <= 0) return libraryUpsert.call(this, key, points, msDuration, forceExpire);
    const now = new Date();
    const [row] = await countUpsert({ key, points, expire: new Date(now.getTime() + msDuration), now });
    return row;
  }
}

function limiter(prefix: 'token' | 'key', points: number): RateLimiterDrizzle {
  const name = `${prefix}:${points}`;
  let l = limiters.get(name);
  if (!l) {
    l = new PreparedDrizzleStore({ storeClient: currentDb, schema: apiRateLimits, points, duration: 60, keyPrefix: prefix });
    limiters.set(name, l);
  }
  return l;
}

export type Spent = { ok: true } | { ok: false; retryAfterSeconds: number; which: 'token' | 'authKey'; limit: number };

async function spend(prefix: 'token' | 'key', id: string, points: number): Promise<number | null> {
  // A spent budget is an answer, not a failed write: the group commit must not undo the batch.
  return inGroupCommit(async () => {
    try {
      await limiter(prefix, points).consume(id);
      return null;
    } catch (error) {
      if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw error;
    }
  });
}

/** Spends one request from the token's budget and, for a call through an authKey, from the key's. */
export async function spendRequest(token: { id: string; requestsPerMinute: number }, keyId?: string): Promise<Spent> {
  const perKey = keyRequestsPerMinute();
  // Both counters in the same shared commit; a request the token's budget refuses still counts
  // against the key, which only makes the key's allowance stricter.
  const [tokenWait, keyWait] = await Promise.all([spend('token', token.id, token.requestsPerMinute), keyId ? spend('key', keyId, perKey) : Promise.resolve(null)]);
  if (tokenWait !== null) return { ok: false, retryAfterSeconds: tokenWait, which: 'token', limit: token.requestsPerMinute };
  if (keyWait !== null) return { ok: false, retryAfterSeconds: keyWait, which: 'authKey', limit: perKey };
  return { ok: true };
}
