import 'server-only';
import { and, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '@/db';
import { revokedSessions, throttles } from '@/db/schema';
import { flushAnonymousDenials } from './anonymous-denials';

/**
 * The scheduler's minute for sign-in state: summaries of anonymous refusals, revocations of
 * sessions that have expired anyway, and guessing counts nobody has touched for a day.
 */
export async function tidyAuthState(db: Db, now = new Date()): Promise<void> {
  await flushAnonymousDenials(db, now);
  const at = now.toISOString();
  const dayAgo = new Date(now.getTime() - 86_400_000).toISOString();
  await db.delete(revokedSessions).where(lt(revokedSessions.expiresAt, at));
  await db.delete(throttles).where(and(lt(throttles.lastAttemptAt, dayAgo), or(isNull(throttles.lockedUntil), lt(throttles.lockedUntil, at))));
}
