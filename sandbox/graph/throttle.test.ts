import { describe, expect, it } from 'vitest';
import { RESOURCE_UNITS_PER_10S, Throttle } from './throttle';

const t0 = 1_000_000;

describe('Throttle', () => {
  it.each(['S', 'M', 'L'] as const)('allows %s tenants their resource units per 10 s, then asks to wait', (size) => {
    const throttle = new Throttle(() => ({ count: 3000, windowSeconds: 150 }));
    const limit = RESOURCE_UNITS_PER_10S[size];
    // GET /users costs 2 resource units.
    for (let i = 0; i < limit / 2; i++) expect(throttle.consume('t:a', size, 2, 0, t0).ok).toBe(true);
    const denied = throttle.consume('t:a', size, 2, 0, t0);
    expect(denied).toEqual({ ok: false, retryAfter: 1 });
    // Another app in the same tenant has its own bucket.
    expect(throttle.consume('t:b', size, 2, 0, t0).ok).toBe(true);
    // Honouring Retry-After is enough for the next request.
    expect(throttle.consume('t:a', size, 2, 0, t0 + 1000).ok).toBe(true);
  });

  it('limits writes to 3,000 per 150 s by default, with a whole-second Retry-After that suffices', () => {
    const throttle = new Throttle(() => ({ count: 3000, windowSeconds: 150 }));
    const now = t0;
    let writes = 0;
    // A burst: 3,000 writes cost 3,000 resource units, under M's 5,000, so the write limit is what stops it.
    while (throttle.consume('t:a', 'M', 1, 1, now).ok && writes < 10_000) writes++;
    expect(writes).toBe(3000);
    const denied = throttle.consume('t:a', 'M', 1, 1, now);
    expect(denied.ok).toBe(false);
    const retryAfter = (denied as { retryAfter: number }).retryAfter;
    expect(retryAfter).toBe(1); // refill is 20 writes/s, so one write is back within a second
    expect(throttle.consume('t:a', 'M', 1, 1, now + retryAfter * 1000).ok).toBe(true);
  });

  it('resets the write buckets when the configured limit changes', () => {
    let limit = { count: 1, windowSeconds: 60 };
    const throttle = new Throttle(() => limit);
    expect(throttle.consume('t:a', 'M', 1, 1, t0).ok).toBe(true);
    const denied = throttle.consume('t:a', 'M', 1, 1, t0);
    expect(denied).toEqual({ ok: false, retryAfter: 60 });
    limit = { count: 5, windowSeconds: 60 };
    expect(throttle.consume('t:a', 'M', 1, 1, t0).ok).toBe(true);
  });
});
