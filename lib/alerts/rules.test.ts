import { describe, expect, it, vi } from 'vitest';

// rules.ts reads settings through the data layer, which imports the session module (Auth.js).
vi.mock('@/lib/auth/session', () => ({ ForbiddenError: class extends Error {}, requireRole: async () => null }));
const { nextDigestAt, thresholdFor } = await import('./rules');

const rules = { thresholds: [30, 14, 7, 1], onExpired: true, onFailedCheck: true };

describe('alert thresholds', () => {
  it('names only the tightest threshold a secret has entered', () => {
    expect(thresholdFor(45, rules)).toBeNull();
    expect(thresholdFor(30, rules)).toBe('30');
    expect(thresholdFor(20.5, rules)).toBe('30');
    expect(thresholdFor(5, rules)).toBe('7');
    expect(thresholdFor(0.2, rules)).toBe('1');
    expect(thresholdFor(-3, rules)).toBe('expired');
    expect(thresholdFor(-3, { ...rules, onExpired: false })).toBe('1');
  });

  it('sends digests at the next 07:00 UTC', () => {
    expect(nextDigestAt(new Date('2030-01-01T06:59:00Z'))).toBe('2030-01-01T07:00:00.000Z');
    expect(nextDigestAt(new Date('2030-01-01T07:00:00Z'))).toBe('2030-01-02T07:00:00.000Z');
  });
});
