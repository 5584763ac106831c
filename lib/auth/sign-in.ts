import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { accounts, signInAttempts } from '@/db/schema';
import { writeAudit } from '@/lib/dal/audit-write';
import { dummyPasswordHash, verifyPassword } from './password';
import type { Role } from '@/db/schema';

export const SLOW_DOWN_AFTER = 5;
export const LOCK_AFTER = 10;
export const LOCK_MINUTES = 15;
const SLOW_DOWN_MS = 1_000;

export type SignInResult =
  | { ok: true; account: { id: string; email: string; name: string; role: Role; sessionVersion: number } }
  | { ok: false; reason: 'invalid' | 'locked' };

type Clock = { now: () => Date; sleep: (ms: number) => Promise<void> };
const realClock: Clock = { now: () => new Date(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Checks a sign-in attempt. Unknown e-mails and wrong passwords give the same answer and cost
 * the same time; both count towards the slow-down and the lock, which live in the database.
 */
export async function verifyCredentials(emailInput: string, password: string, clock: Clock = realClock): Promise<SignInResult> {
  const db = getDb();
  const email = normaliseEmail(emailInput);
  const attempt = db.select().from(signInAttempts).where(eq(signInAttempts.email, email)).get();
  const now = clock.now();

  if (attempt?.lockedUntil && new Date(attempt.lockedUntil) > now) {
    writeAudit(db, { action: 'auth.sign_in_failed', outcome: 'denied', actorEmail: email, detail: { reason: 'locked' } });
    return { ok: false, reason: 'locked' };
  }
  // A lock that has ended starts a fresh count.
  const failures = attempt?.lockedUntil ? 0 : (attempt?.failures ?? 0);
  if (failures >= SLOW_DOWN_AFTER) await clock.sleep(SLOW_DOWN_MS);

  const account = db.select().from(accounts).where(eq(accounts.email, email)).get();
  const valid = await verifyPassword(account?.passwordHash ?? (await dummyPasswordHash()), password);

  if (account && valid && !account.disabled) {
    db.transaction((tx) => {
      tx.delete(signInAttempts).where(eq(signInAttempts.email, email)).run();
      tx.update(accounts).set({ lastSignInAt: now.toISOString() }).where(eq(accounts.id, account.id)).run();
      writeAudit(tx, { action: 'auth.sign_in', outcome: 'success', actor: account, targetType: 'account', targetId: account.id });
    });
    const { id, name, role, sessionVersion } = account;
    return { ok: true, account: { id, email, name, role, sessionVersion } };
  }

  const nextFailures = failures + 1;
  const lockedUntil = nextFailures >= LOCK_AFTER ? new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString() : null;
  db.transaction((tx) => {
    tx.insert(signInAttempts)
      .values({ email, failures: nextFailures, lockedUntil, lastFailureAt: now.toISOString() })
      .onConflictDoUpdate({
        target: signInAttempts.email,
        set: { failures: nextFailures, lockedUntil, lastFailureAt: now.toISOString() },
      })
      .run();
    writeAudit(tx, {
      action: 'auth.sign_in_failed',
      outcome: 'failure',
      actorEmail: email,
      detail: { failures: nextFailures, disabled: account?.disabled ? true : undefined },
    });
    if (lockedUntil) {
      writeAudit(tx, { action: 'auth.lockout', outcome: 'denied', actorEmail: email, detail: { lockedUntil } });
    }
  });
  return { ok: false, reason: 'invalid' };
}
