import 'server-only';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { anonymousDenials } from '@/db/schema';
import { writeAudit } from '@/lib/dal/audit-write';

// Requests refused for want of a valid session cost nothing to send, so they must cost little to
// record: the first one per client address and minute is written as an `access.denied` row at
// once, the others are counted and written as one summary row when the minute is over.

/** Above this many refusals in a minute, an address's anonymous API calls get 429. */
export const ANONYMOUS_LIMIT_PER_MINUTE = 300;

const minuteOf = (now: Date) => now.toISOString().slice(0, 16);

/** Writes the summaries of finished minutes (count above one) and forgets them. */
export function flushAnonymousDenials(db: Db, now = new Date(), address?: string): number {
  const current = minuteOf(now);
  return db.transaction((tx) => {
    const done = tx
      .delete(anonymousDenials)
      .where(address ? and(lt(anonymousDenials.minute, current), eq(anonymousDenials.address, address)) : lt(anonymousDenials.minute, current))
      .returning()
      .all();
    for (const row of done) {
      if (row.count <= 1) continue;
      writeAudit(tx, {
        action: 'access.denied',
        outcome: 'denied',
        detail: { reason: 'no session', summary: true, address: row.address, minute: row.minute, count: row.count, more: row.count - 1, lastWhat: row.lastWhat },
      });
    }
    return done.length;
  });
}

/** Records one refusal; `limited` says the address is over its per-minute allowance. */
export function noteAnonymousDenial(db: Db, what: string, address: string, now = new Date()): { count: number; limited: boolean; retryAfterSeconds: number } {
  const minute = minuteOf(now);
  const { count } = db
    .insert(anonymousDenials)
    .values({ address, minute, count: 1, lastWhat: what })
    .onConflictDoUpdate({ target: [anonymousDenials.address, anonymousDenials.minute], set: { count: sql`${anonymousDenials.count} + 1`, lastWhat: what } })
    .returning({ count: anonymousDenials.count })
    .get();
  if (count === 1) {
    flushAnonymousDenials(db, now, address);
    writeAudit(db, { action: 'access.denied', outcome: 'denied', detail: { what, reason: 'no session', address, minute, note: 'further refusals from this address in this minute are summed up in one row' } });
  }
  return { count, limited: count > ANONYMOUS_LIMIT_PER_MINUTE, retryAfterSeconds: 60 - now.getUTCSeconds() };
}
