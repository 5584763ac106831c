import 'server-only';
import { RateLimiterDrizzle, RateLimiterRes } from 'rate-limiter-flexible';
import { getDb } from '@/db';
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

function limiter(prefix: 'token' | 'key', points: number): RateLimiterDrizzle {
  const name = `${prefix}:${points}`;
  let l = limiters.get(name);
  if (!l) {
    l = new RateLimiterDrizzle({ storeClient: getDb(), schema: apiRateLimits, points, duration: 60, keyPrefix: prefix });
    limiters.set(name, l);
  }
  return l;
}

export type Spent = { ok: true } | { ok: false; retryAfterSeconds: number; which: 'token' | 'authKey'; limit: number };

async function spend(prefix: 'token' | 'key', id: string, points: number): Promise<number | null> {
  try {
    await limiter(prefix, points).consume(id);
    return null;
  } catch (error) {
    if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
    throw error;
  }
}

/** Spends one request from the token's budget and, for a call through an authKey, from the key's. */
export async function spendRequest(token: { id: string; requestsPerMinute: number }, keyId?: string): Promise<Spent> {
  const tokenWait = await spend('token', token.id, token.requestsPerMinute);
  if (tokenWait !== null) return { ok: false, retryAfterSeconds: tokenWait, which: 'token', limit: token.requestsPerMinute };
  if (!keyId) return { ok: true };
  const perKey = keyRequestsPerMinute();
  const keyWait = await spend('key', keyId, perKey);
  if (keyWait !== null) return { ok: false, retryAfterSeconds: keyWait, which: 'authKey', limit: perKey };
  return { ok: true };
}
