import { describe, expect, it } from 'vitest';
import { LAST_USE_PRECISION_MS, lastUseNeedsWrite } from './last-use';

describe('lastUseNeedsWrite', () => {
  const now = Date.parse('2026-12-04T10:00:00.000Z');
  const at = (msAgo: number) => new Date(now - msAgo).toISOString();

  it('writes a first use', () => {
    expect(lastUseNeedsWrite({ at: null, address: null }, '10.0.0.1', now)).toBe(true);
  });
  it('skips a use from the same address within the minute', () => {
    expect(lastUseNeedsWrite({ at: at(59_000), address: '10.0.0.1' }, '10.0.0.1', now)).toBe(false);
  });
  it('writes once the stored use is a minute old', () => {
    expect(lastUseNeedsWrite({ at: at(LAST_USE_PRECISION_MS), address: '10.0.0.1' }, '10.0.0.1', now)).toBe(true);
  });
  it('writes at once when the address changes', () => {
    expect(lastUseNeedsWrite({ at: at(1_000), address: '10.0.0.1' }, '10.0.0.2', now)).toBe(true);
  });
  it('writes when the stored time is in the future (a clock step back)', () => {
    expect(lastUseNeedsWrite({ at: at(-5_000), address: '10.0.0.1' }, '10.0.0.1', now)).toBe(true);
  });
});
