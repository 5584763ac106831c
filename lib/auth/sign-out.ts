import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { transaction } from '@/db';
import { accounts, revokedSessions } from '@/db/schema';
import { writeAudit } from '@/lib/dal/audit-write';
import { auth, SESSION_MAX_AGE_SECONDS } from './auth';
import { getActor, requireSession } from './session';

/**
 * Sign out: the session's id is revoked in the database before the cookie is cleared, so a copy
 * of the cookie taken earlier is refused from now on (getActor checks the list). A row goes
 * (lib/auth/housekeeping.ts) once the JWT it revokes would have expired anyway.
 */
export async function revokeCurrentSession(): Promise<void> {
  const session = await auth();
  const user = session?.user;
  const actor = await getActor();
  if (!user?.sessionId || !actor) return;
  const expiresAt = new Date(user.signedInAt + SESSION_MAX_AGE_SECONDS * 1000).toISOString();
  await transaction(async (tx) => {
    await tx.insert(revokedSessions).values({ sessionId: user.sessionId, accountId: actor.id, expiresAt }).onConflictDoNothing();
    await writeAudit(tx, { action: 'auth.sign_out', outcome: 'success', actor, targetType: 'account', targetId: actor.id });
  });
}

/** "Sign out everywhere": every session of the account ends, this one included (the version is bumped). */
export async function revokeAllSessions(): Promise<void> {
  const actor = await requireSession({ allowPendingPasswordChange: true });
  await transaction(async (tx) => {
    await tx.update(accounts).set({ sessionVersion: sql`${accounts.sessionVersion} + 1`, updatedAt: new Date().toISOString() }).where(eq(accounts.id, actor.id));
    await writeAudit(tx, { action: 'auth.sign_out_everywhere', outcome: 'success', actor, targetType: 'account', targetId: actor.id });
  });
}
