import 'server-only';
import { and, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '@/db';
import { revokedSessions, throttles } from '@/db/schema';
import { flushAnonymousDenials } from './anonymous-denials';

/**
 * The scheduler's minute for sign-in state: summaries of anonymous refusals, revocations of
 * sessions that have expired anyway, and guessing counts nobody has touched for a day.
 */
export function tidyAuthState(db: Db, now = new Date()): void {
  flushAnonymousDenials(db, now);
  const at = now.toISOString();
  const dayAgo = new Date(now.getTime() - 86_400_000).toISOString();
  db.delete(revokedSessions).where(lt(revokedSessions.expiresAt, at)).run();
  db.delete(throttles)
    .where(and(lt(throttles.lastAttemptAt, dayAgo), or(isNull(throttles.lockedUntil), lt(throttles.lockedUntil, at))))
    .run();
}
