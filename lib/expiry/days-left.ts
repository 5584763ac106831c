// One count of days left, for every page, alert and export. No server-only: pages in the browser
// use it too.
//
// Days left are *started* days, rounded up: a secret created today for 180 days has 180 days
// left until its last day begins, and "1 day left" means it expires within the next 24 hours.
// This agrees with the dashboard's bands and the alert thresholds, which compare the exact
// remaining time with whole days (x ≤ 7 exactly when ⌈x⌉ ≤ 7). Once expired, whole days past.

const DAY_MS = 86_400_000;

const time = (t: string | number | Date) => (typeof t === 'number' ? t : typeof t === 'string' ? Date.parse(t) : t.getTime());

/** Days left until `expiresAt`, rounded up; 0 or less once it has expired. */
export function daysLeft(expiresAt: string | Date, now: string | number | Date = Date.now()): number {
  const ms = time(expiresAt) - time(now);
  if (ms > 0) return Math.ceil(ms / DAY_MS);
  const past = Math.floor(-ms / DAY_MS);
  return past === 0 ? 0 : -past;
}

/** "180 days left", "1 day left", "expired today", "expired 5 days ago" for a daysLeft() count, or "—". */
export function daysText(d: number | null): string {
  if (d === null) return '—';
  if (d > 0) return `${d} day${d === 1 ? '' : 's'} left`;
  return d === 0 ? 'expired today' : `expired ${-d} day${d === -1 ? '' : 's'} ago`;
}

/** daysText() of the days left until `expiresAt`, or "—" without a date. */
export function daysLeftText(expiresAt: string | null | undefined, now: string | number | Date = Date.now()): string {
  return daysText(expiresAt ? daysLeft(expiresAt, now) : null);
}

/** Whole days from `a` to `b` (positive when b is later), rounded towards zero: for "N days sooner". */
export function daysBetween(a: string | Date, b: string | Date): number {
  return Math.trunc((time(b) - time(a)) / DAY_MS);
}
