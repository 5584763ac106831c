import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { accounts } from '@/db/schema';
import type { AuditAction } from '@/lib/audit-actions';
import { writeAudit } from '@/lib/dal/audit-write';
import { requestClientAddress } from '@/lib/security/client-address';
import { failure, type ActionState } from '@/lib/validation/action-state';
import { verifyPassword } from './password';
import type { Actor } from './session';
import { realClock } from './sign-in';
import { clearAttempts, countAttempt, LOCK_MINUTES, type ThrottleKey } from './throttle';

type Audit = { action: AuditAction; targetType: string; targetId: string; authKeyId?: string };

/**
 * The signed-in account proves it knows its own password again (changing it, revealing a rotated
 * secret). A stolen session must not become a way to guess it: the same limits as sign-in, per
 * account and client address. Returns null when the password is right, or the refusal to show
 * beside `field`; refusals are audited under `audit.action`.
 */
export async function checkOwnPassword(actor: Actor, password: string, field: string, audit: Audit, clock = realClock): Promise<ActionState | null> {
  const db = getDb();
  const key: ThrottleKey = { scope: 'current-password', subject: actor.id, address: await requestClientAddress() };
  const attempt = await countAttempt(db, key, clock.now());
  if (attempt.locked) {
    await writeAudit(db, { ...audit, outcome: 'denied', actor, detail: { reason: 'locked', address: key.address, lockedUntil: attempt.lockedUntil } });
    return failure('Too many wrong attempts.', { [field]: [`Too many wrong current passwords from here. Try again in ${LOCK_MINUTES} minutes.`] });
  }
  if (attempt.delayMs) await clock.sleep(attempt.delayMs);
  const [row] = await db.select({ passwordHash: accounts.passwordHash }).from(accounts).where(eq(accounts.id, actor.id)).limit(1);
  if (!row || !(await verifyPassword(row.passwordHash, password))) {
    await writeAudit(db, { ...audit, outcome: 'failure', actor, detail: { reason: 'wrong password', failures: attempt.failures, address: key.address } });
    return failure('Check the highlighted fields.', { [field]: ['The current password is incorrect.'] });
  }
  await clearAttempts(db, key);
  return null;
}
