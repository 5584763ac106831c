import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb, transaction } from '@/db';
import { accounts } from '@/db/schema';
import { writeAudit } from '@/lib/dal/audit-write';
import { dummyPasswordHash, verifyPassword } from './password';
import { clearAttempts, countAttempt, LOCK_AFTER } from './throttle';
import type { Role } from '@/contracts/enums';

export { LOCK_AFTER, LOCK_MINUTES, SLOW_DOWN_AFTER } from './throttle';

export type SignInResult =
  | { ok: true; account: { id: string; email: string; name: string; role: Role; sessionVersion: number } }
  | { ok: false; reason: 'invalid' | 'locked' };

export type Clock = { now: () => Date; sleep: (ms: number) => Promise<void> };
export const realClock: Clock = { now: () => new Date(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Checks a sign-in attempt from `address`. Unknown e-mails and wrong passwords give the same
 * answer and cost the same time; both count towards the slow-down and the lock, which live in
 * the database and are counted before the password is checked (lib/auth/throttle.ts).
 */
export async function verifyCredentials(emailInput: string, password: string, from: { address: string; clock?: Clock }): Promise<SignInResult> {
  const db = getDb();
  const clock = from.clock ?? realClock;
  const email = normaliseEmail(emailInput);
  const key = { scope: 'sign-in' as const, subject: email, address: from.address };
  const now = clock.now();

  const attempt = await countAttempt(db, key, now);
  if (attempt.locked) {
    await writeAudit(db, { action: 'auth.sign_in_failed', outcome: 'denied', actorEmail: email, detail: { reason: 'locked', address: from.address, lockedUntil: attempt.lockedUntil } });
    return { ok: false, reason: 'locked' };
  }
  if (attempt.delayMs) await clock.sleep(attempt.delayMs);

  const [account] = await db.select().from(accounts).where(eq(accounts.email, email)).limit(1);
  const valid = await verifyPassword(account?.passwordHash ?? (await dummyPasswordHash()), password);

  if (account && valid && !account.disabled) {
    await transaction(async (tx) => {
      await clearAttempts(tx, key);
      await tx.update(accounts).set({ lastSignInAt: now.toISOString() }).where(eq(accounts.id, account.id));
      await writeAudit(tx, { action: 'auth.sign_in', outcome: 'success', actor: account, targetType: 'account', targetId: account.id, detail: { address: from.address } });
    });
    const { id, name, role, sessionVersion } = account;
    return { ok: true, account: { id, email, name, role, sessionVersion } };
  }

  await transaction(async (tx) => {
    await writeAudit(tx, {
      action: 'auth.sign_in_failed',
      outcome: 'failure',
      actorEmail: email,
      detail: { failures: attempt.failures, address: from.address, disabled: account?.disabled ? true : undefined },
    });
    if (attempt.failures === LOCK_AFTER) {
      await writeAudit(tx, { action: 'auth.lockout', outcome: 'denied', actorEmail: email, detail: { address: from.address, minutes: 15 } });
    }
  });
  return { ok: false, reason: 'invalid' };
}
