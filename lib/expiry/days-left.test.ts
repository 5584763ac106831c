import { describe, expect, it } from 'vitest';
import { daysBetween, daysLeft, daysLeftText } from './days-left';

const NOW = Date.parse('2030-01-01T12:00:00.000Z');
const at = (days: number) => new Date(NOW + days * 86_400_000).toISOString();

describe('days left', () => {
  it('counts started days: 180 for a fresh 180-day secret, and 179.6 days is 180 too', () => {
    expect(daysLeft(at(180), NOW)).toBe(180);
    expect(daysLeft(at(179.6), NOW)).toBe(180);
    expect(daysLeft(at(179.0001), NOW)).toBe(180);
    expect(daysLeft(at(179), NOW)).toBe(179);
    expect(daysLeft(at(0.01), NOW)).toBe(1);
  });

  it('agrees with the bands: within 7 days exactly when the remaining time is at most 7 days', () => {
    for (const d of [6.5, 7, 7.0001, 7.5, 8]) expect(daysLeft(at(d), NOW) <= 7, String(d)).toBe(d <= 7);
  });

  it('counts whole days past once expired', () => {
    expect(daysLeft(at(0), NOW)).toBe(0);
    expect(daysLeft(at(-0.4), NOW)).toBe(0);
    expect(daysLeft(at(-5.2), NOW)).toBe(-5);
  });

  it('says it the same way everywhere', () => {
    expect([at(180), at(1), at(0.5), at(-0.5), at(-1), at(-5.2)].map((e) => daysLeftText(e, NOW))).toEqual([
      '180 days left', '1 day left', '1 day left', 'expired today', 'expired 1 day ago', 'expired 5 days ago',
    ]);
    expect(daysLeftText(null, NOW)).toBe('—');
  });

  it('measures the gap between two expiries for "N days sooner"', () => {
    expect(daysBetween(at(10), at(180))).toBe(170);
    expect(daysBetween(at(180), at(10))).toBe(-170);
  });
});
