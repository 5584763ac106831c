import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, ne, sql } from 'drizzle-orm';
import { getDb, serialize, transaction, type Db } from '@/db';
import { accounts } from '@/db/schema';
import { type Role } from '@/contracts/enums';
import { hashPassword } from '@/lib/auth/password';
import { checkOwnPassword } from '@/lib/auth/reauthenticate';
import { realClock } from '@/lib/auth/sign-in';
import { requireRole, requireSession, type Actor } from '@/lib/auth/session';
import { logger } from '@/lib/log/logger';
import { passwordProblem } from '@/lib/security/password-policy';
import { failure, type ActionState } from '@/lib/validation/action-state';
import { writeAudit } from './audit-write';

// Settings → Accounts and each account's own password. Kept apart from accounts.ts, which
// bootstrap loads outside Next (where the session helpers cannot load).

/** What pages may see of an account: never the hash. */
export type AccountDto = {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  mustChangePassword: boolean;
  lastSignInAt: string | null;
  createdAt: string;
};

const dtoColumns = {
  id: accounts.id,
  email: accounts.email,
  name: accounts.name,
  role: accounts.role,
  disabled: accounts.disabled,
  mustChangePassword: accounts.mustChangePassword,
  lastSignInAt: accounts.lastSignInAt,
  createdAt: accounts.createdAt,
};

const ADMINS: readonly Role[] = ['admin'];
const ok = (message: string): ActionState => ({ status: 'success', message });
const NOT_FOUND = failure('That account no longer exists.');
const nowIso = () => new Date().toISOString();

export async function listAccounts(): Promise<AccountDto[]> {
  await requireRole(ADMINS, 'accounts.list');
  return getDb().select(dtoColumns).from(accounts).orderBy(asc(accounts.email));
}

function passwordRefusal(password: string, email: string, field: string): ActionState | null {
  const problem = passwordProblem(password, { email });
  return problem ? failure('Check the highlighted fields.', { [field]: [problem] }) : null;
}

/** True when another enabled administrator than `accountId` exists: the portal keeps one. */
async function anotherActiveAdmin(tx: Pick<Db, 'select'>, accountId: string): Promise<boolean> {
  const [row] = await tx
    .select({ n: count() })
    .from(accounts)
    .where(and(eq(accounts.role, 'admin'), eq(accounts.disabled, false), ne(accounts.id, accountId)));
  return (row?.n ?? 0) > 0;
}

export async function createAccount(input: { name: string; email: string; role: Role; password: string }): Promise<ActionState> {
  const actor = await requireRole(ADMINS, 'accounts.create');
  const refusal = passwordRefusal(input.password, input.email, 'password');
  if (refusal) return refusal;
  const passwordHash = await hashPassword(input.password);
  const id = randomUUID();
  return transaction(async (tx) => {
    const [taken] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.email, input.email)).limit(1);
    if (taken) return failure('Check the highlighted fields.', { email: ['An account with this e-mail address exists.'] });
    // The administrator chose the password, so its owner must replace it at first sign-in.
    await tx.insert(accounts).values({ id, email: input.email, name: input.name, role: input.role, passwordHash, mustChangePassword: true });
    await writeAudit(tx, { action: 'account.create', outcome: 'success', actor, targetType: 'account', targetId: id, detail: { email: input.email, role: input.role } });
    return ok(`Created ${input.email}. They must choose a new password when they first sign in.`);
  });
}

type Change = { action: 'account.update' | 'account.disable' | 'account.enable' | 'account.reset_password'; set: Partial<typeof accounts.$inferInsert>; detail: Record<string, unknown>; message: string };

/**
 * Applies an administrator's change to another account with its audit row, bumping the
 * session version so the account's sessions see it on their very next request.
 */
function applyChange(actor: Actor, accountId: string, guardLastAdmin: boolean, change: Change): Promise<ActionState> {
  return transaction(async (tx) => {
    // Two administrators demoting each other at once must not leave none: one change at a time.
    await serialize(tx, 'accounts');
    const [target] = await tx.select(dtoColumns).from(accounts).where(eq(accounts.id, accountId)).limit(1);
    if (!target) return NOT_FOUND;
    if (guardLastAdmin && target.role === 'admin' && !target.disabled && !(await anotherActiveAdmin(tx, accountId))) {
      await writeAudit(tx, { action: change.action, outcome: 'denied', actor, targetType: 'account', targetId: accountId, detail: { ...change.detail, reason: 'last active admin' } });
      return failure('This is the last active administrator. Make another account an administrator first.');
    }
    await tx
      .update(accounts)
      .set({ ...change.set, sessionVersion: sql`${accounts.sessionVersion} + 1`, updatedAt: nowIso() })
      .where(eq(accounts.id, accountId));
    await writeAudit(tx, { action: change.action, outcome: 'success', actor, targetType: 'account', targetId: accountId, detail: { email: target.email, ...change.detail } });
    logger().info({ action: change.action, actorId: actor.id, accountId, ...change.detail }, 'account changed');
    return ok(change.message.replace('%s', target.email));
  });
}

export async function changeRole(input: { accountId: string; role: Role }): Promise<ActionState> {
  const actor = await requireRole(ADMINS, 'accounts.change_role');
  const demotes = input.role !== 'admin';
  return applyChange(actor, input.accountId, demotes, { action: 'account.update', set: { role: input.role }, detail: { role: input.role }, message: `%s is now ${input.role}.` });
}

export async function setDisabled(input: { accountId: string; disabled: boolean }): Promise<ActionState> {
  const actor = await requireRole(ADMINS, input.disabled ? 'accounts.disable' : 'accounts.enable');
  if (input.disabled && input.accountId === actor.id) return failure('You cannot disable your own account.');
  return input.disabled
    ? applyChange(actor, input.accountId, true, { action: 'account.disable', set: { disabled: true }, detail: {}, message: '%s is disabled and signed out.' })
    : applyChange(actor, input.accountId, false, { action: 'account.enable', set: { disabled: false }, detail: {}, message: '%s can sign in again.' });
}

export async function resetPassword(input: { accountId: string; password: string }): Promise<ActionState> {
  const actor = await requireRole(ADMINS, 'accounts.reset_password');
  const [target] = await getDb().select({ email: accounts.email }).from(accounts).where(eq(accounts.id, input.accountId)).limit(1);
  if (!target) return NOT_FOUND;
  const refusal = passwordRefusal(input.password, target.email, 'password');
  if (refusal) return refusal;
  const passwordHash = await hashPassword(input.password);
  return applyChange(actor, input.accountId, false, {
    action: 'account.reset_password',
    set: { passwordHash, mustChangePassword: input.accountId !== actor.id },
    detail: {},
    message: '%s has a new password and must change it at next sign-in.',
  });
}

/**
 * Any account changes its own password, proving it knows the current one. Its other sessions
 * end (the version is bumped); the caller signs this one in again with the new password.
 */
export async function changeOwnPassword(input: { currentPassword: string; newPassword: string }, clock = realClock): Promise<ActionState & { email?: string }> {
  const actor = await requireSession({ allowPendingPasswordChange: true });
  const wrong = await checkOwnPassword(actor, input.currentPassword, 'currentPassword', { action: 'account.change_password', targetType: 'account', targetId: actor.id }, clock);
  if (wrong) return wrong;
  const refusal = passwordRefusal(input.newPassword, actor.email, 'newPassword');
  if (refusal) return refusal;
  const passwordHash = await hashPassword(input.newPassword);
  await transaction(async (tx) => {
    await tx
      .update(accounts)
      .set({ passwordHash, mustChangePassword: false, sessionVersion: sql`${accounts.sessionVersion} + 1`, updatedAt: nowIso() })
      .where(eq(accounts.id, actor.id));
    await writeAudit(tx, { action: 'account.change_password', outcome: 'success', actor, targetType: 'account', targetId: actor.id });
  });
  return { ...ok('Your password is changed.'), email: actor.email };
}
