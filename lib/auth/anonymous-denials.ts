import 'server-only';
import { and, eq, lt, sql } from 'drizzle-orm';
import { transaction, type Db } from '@/db';
import { anonymousDenials } from '@/db/schema';
import { writeAudit } from '@/lib/dal/audit-write';

// Requests refused for want of a valid session cost nothing to send, so they must cost little to
// record: the first one per client address and minute is written as an `access.denied` row at
// once, the others are counted and written as one summary row when the minute is over.

/** Above this many refusals in a minute, an address's anonymous API calls get 429. */
export const ANONYMOUS_LIMIT_PER_MINUTE = 300;

const minuteOf = (now: Date) => now.toISOString().slice(0, 16);

/** Writes the summaries of finished minutes (count above one) and forgets them. */
export async function flushAnonymousDenials(db: Db, now = new Date(), address?: string): Promise<number> {
  const current = minuteOf(now);
  return transaction(async (tx) => {
    const done = await tx
      .delete(anonymousDenials)
      .where(address ? and(lt(anonymousDenials.minute, current), eq(anonymousDenials.address, address)) : lt(anonymousDenials.minute, current))
      .returning();
    for (const row of done) {
      if (row.count <= 1) continue;
      await writeAudit(tx, {
        action: 'access.denied',
        outcome: 'denied',
        detail: { reason: 'no session', summary: true, address: row.address, minute: row.minute, count: row.count, more: row.count - 1, lastWhat: row.lastWhat },
      });
    }
    return done.length;
  }, db);
}

/** Records one refusal; `limited` says the address is over its per-minute allowance. */
export async function noteAnonymousDenial(db: Db, what: string, address: string, now = new Date()): Promise<{ count: number; limited: boolean; retryAfterSeconds: number }> {
  const minute = minuteOf(now);
  const [{ count }] = await db
    .insert(anonymousDenials)
    .values({ address, minute, count: 1, lastWhat: what })
    .onConflictDoUpdate({ target: [anonymousDenials.address, anonymousDenials.minute], set: { count: sql`${anonymousDenials.count} + 1`, lastWhat: what } })
    .returning({ count: anonymousDenials.count });
  if (count === 1) {
    await flushAnonymousDenials(db, now, address);
    await writeAudit(db, { action: 'access.denied', outcome: 'denied', detail: { what, reason: 'no session', address, minute, note: 'further refusals from this address in this minute are summed up in one row' } });
  }
  return { count, limited: count > ANONYMOUS_LIMIT_PER_MINUTE, retryAfterSeconds: 60 - now.getUTCSeconds() };
}
