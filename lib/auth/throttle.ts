import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { throttles } from '@/db/schema';

// Guessing limits after OWASP's authentication cheat sheet: a lock for the pair (subject, client
// address), so one address cannot lock the real owner out from another, and an increasing delay
// for the subject from everywhere, so many addresses together are slowed down too.

export const SLOW_DOWN_AFTER = 5;
export const LOCK_AFTER = 10;
export const LOCK_MINUTES = 15;
export const MAX_DELAY_MS = 8_000;
const EVERYWHERE = '*';

export type ThrottleScope = (typeof throttles.$inferSelect)['scope'];
export type ThrottleKey = { scope: ThrottleScope; subject: string; address: string };
export type Attempt = { locked: true; lockedUntil: string } | { locked: false; failures: number; delayMs: number };

type Writer = Pick<Db, 'insert' | 'delete'>;

/** 1 s, 2 s, 4 s… from the (SLOW_DOWN_AFTER + 1)th attempt in a row, at most MAX_DELAY_MS. */
export function delayFor(earlierFailures: number): number {
  if (earlierFailures < SLOW_DOWN_AFTER) return 0;
  return Math.min(1_000 * 2 ** (earlierFailures - SLOW_DOWN_AFTER), MAX_DELAY_MS);
}

/**
 * Counts an attempt *before* its password is checked, in one statement per counter, so that N
 * parallel guesses count N. The attempt that reaches LOCK_AFTER is still checked; later ones
 * from the same address are refused until the lock ends, after which the count starts afresh.
 */
export async function countAttempt(db: Writer, key: ThrottleKey, now: Date): Promise<Attempt> {
  const at = now.toISOString();
  const lockEnds = new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString();
  const lockOver = sql`${throttles.lockedUntil} is not null and ${throttles.lockedUntil} <= ${at}`;
  const [pair] = await db
    .insert(throttles)
    .values({ ...key, failures: 1, lockedUntil: null, lastAttemptAt: at })
    .onConflictDoUpdate({
      target: [throttles.scope, throttles.subject, throttles.address],
      set: {
        failures: sql`case when ${lockOver} then 1 else ${throttles.failures} + 1 end`,
        lockedUntil: sql`case when ${lockOver} then null when ${throttles.lockedUntil} is null and ${throttles.failures} + 1 >= ${LOCK_AFTER} then ${lockEnds} else ${throttles.lockedUntil} end`,
        lastAttemptAt: at,
      },
    })
    .returning({ failures: throttles.failures, lockedUntil: throttles.lockedUntil });
  if (pair.failures > LOCK_AFTER && pair.lockedUntil) return { locked: true, lockedUntil: pair.lockedUntil };

  // Refused attempts above do not count here: a locked-out address cannot slow the owner down.
  const windowStart = new Date(now.getTime() - LOCK_MINUTES * 60_000).toISOString();
  const [everywhere] = await db
    .insert(throttles)
    .values({ ...key, address: EVERYWHERE, failures: 1, lastAttemptAt: at })
    .onConflictDoUpdate({
      target: [throttles.scope, throttles.subject, throttles.address],
      set: { failures: sql`case when ${throttles.lastAttemptAt} <= ${windowStart} then 1 else ${throttles.failures} + 1 end`, lastAttemptAt: at },
    })
    .returning({ failures: throttles.failures });
  return { locked: false, failures: pair.failures, delayMs: delayFor(everywhere.failures - 1) };
}

/** A right answer ends both counts for the subject: its address's and everywhere's. */
export async function clearAttempts(db: Writer, key: ThrottleKey): Promise<void> {
  await db.delete(throttles).where(and(eq(throttles.scope, key.scope), eq(throttles.subject, key.subject), sql`${throttles.address} in (${key.address}, ${EVERYWHERE})`));
}
