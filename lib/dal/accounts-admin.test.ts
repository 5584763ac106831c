import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { accounts, auditEvents } from '@/db/schema';
import { type Role } from '@/contracts/enums';
import { useTempDb, type TempDb } from '@/test/temp-db';

// The session comes from Auth.js; here it is whoever `signedIn` names.
const session = vi.hoisted(() => ({ current: null as null | { id: string; sessionVersion: number; sessionId: string } }));
vi.mock('@/lib/auth/auth', () => ({
  SESSION_MAX_AGE_SECONDS: 43_200,
  auth: async () => (session.current ? { user: { ...session.current, signedInAt: Date.now() } } : null),
}));

const { changeOwnPassword, changeRole, createAccount, listAccounts, resetPassword, setDisabled } = await import('./accounts-admin');
const { verifyPassword } = await import('@/lib/auth/password');

let temp: TempDb;
beforeEach(async () => {
  temp = await useTempDb();
});
afterEach(() => temp.close());

async function insert(role: Role, extra: Partial<typeof accounts.$inferInsert> = {}) {
  const id = randomUUID();
  // The hash of 'correct horse battery staple' is not needed except where a test sets it.
  await temp.db.insert(accounts).values({ id, email: `${role}-${id.slice(0, 6)}@example.test`, name: role, role, passwordHash: 'x', ...extra });
  return id;
}
async function signedIn(id: string) {
  const row = (await temp.db.select().from(accounts).where(eq(accounts.id, id)))[0]!;
  session.current = { id, sessionVersion: row.sessionVersion, sessionId: randomUUID() };
}
const account = async (id: string) => (await temp.db.select().from(accounts).where(eq(accounts.id, id)))[0]!;
const audits = async () => await temp.db.select().from(auditEvents);

describe('accounts administration', () => {
  it('creates an account that must change its password, audited, and never lists the hash', async () => {
    const admin = await insert('admin');
    await signedIn(admin);
    const result = await createAccount({ name: 'Olga', email: 'olga@example.test', role: 'operator', password: 'a long unusual passphrase' });
    expect(result.status).toBe('success');
    const list = await listAccounts();
    const olga = list.find((a) => a.email === 'olga@example.test')!;
    expect(olga).toMatchObject({ role: 'operator', mustChangePassword: true, disabled: false });
    expect(JSON.stringify(list)).not.toContain('passwordHash');
    expect((await audits()).at(-1)).toMatchObject({ action: 'account.create', outcome: 'success', actorId: admin, targetId: olga.id });
  });

  it('refuses common passwords and duplicate e-mails', async () => {
    await signedIn(await insert('admin'));
    expect((await createAccount({ name: 'x', email: 'x@example.test', role: 'auditor', password: 'qwertyuiop123' })).fieldErrors?.password?.[0]).toMatch(/commonly used/);
    await createAccount({ name: 'x', email: 'x@example.test', role: 'auditor', password: 'a long unusual passphrase' });
    expect((await createAccount({ name: 'x', email: 'x@example.test', role: 'auditor', password: 'a long unusual passphrase' })).fieldErrors?.email).toBeDefined();
  });

  it('bumps the session version on role change, disable and reset, so sessions end at once', async () => {
    const admin = await insert('admin');
    const target = await insert('operator');
    await signedIn(admin);
    const v0 = (await account(target)).sessionVersion;
    expect((await changeRole({ accountId: target, role: 'auditor' })).status).toBe('success');
    expect(await account(target)).toMatchObject({ role: 'auditor', sessionVersion: v0 + 1 });
    await setDisabled({ accountId: target, disabled: true });
    expect(await account(target)).toMatchObject({ disabled: true, sessionVersion: v0 + 2 });
    await setDisabled({ accountId: target, disabled: false });
    await resetPassword({ accountId: target, password: 'another unusual passphrase' });
    expect(await account(target)).toMatchObject({ disabled: false, mustChangePassword: true, sessionVersion: v0 + 4 });
    expect((await audits()).map((a) => a.action)).toEqual(['account.update', 'account.disable', 'account.enable', 'account.reset_password']);
  });

  it('never disables or demotes the last active administrator', async () => {
    const admin = await insert('admin');
    const disabledAdmin = await insert('admin', { disabled: true });
    await signedIn(admin);
    expect((await changeRole({ accountId: admin, role: 'operator' })).message).toMatch(/last active administrator/);
    expect((await account(admin)).role).toBe('admin');
    expect((await audits()).at(-1)).toMatchObject({ action: 'account.update', outcome: 'denied' });
    // A second *active* admin makes it possible.
    await setDisabled({ accountId: disabledAdmin, disabled: false });
    expect((await changeRole({ accountId: admin, role: 'operator' })).status).toBe('success');
  });

  it('refuses every change to a non-admin and audits the refusal', async () => {
    const operator = await insert('operator');
    const other = await insert('auditor');
    await signedIn(operator);
    await expect(setDisabled({ accountId: other, disabled: true })).rejects.toThrow(/role does not allow/);
    await expect(listAccounts()).rejects.toThrow(/role does not allow/);
    expect((await account(other)).disabled).toBe(false);
    expect((await audits()).map((a) => [a.action, a.outcome])).toEqual([
      ['access.denied', 'denied'],
      ['access.denied', 'denied'],
    ]);
  });

  it('changes its own password only with the current one, and clears must-change', async () => {
    const { hashPassword } = await import('@/lib/auth/password');
    const me = await insert('auditor', { passwordHash: await hashPassword('the current passphrase'), mustChangePassword: true });
    await signedIn(me);
    const wrong = await changeOwnPassword({ currentPassword: 'not it at all', newPassword: 'a brand new passphrase' });
    expect(wrong.fieldErrors?.currentPassword).toBeDefined();
    const right = await changeOwnPassword({ currentPassword: 'the current passphrase', newPassword: 'a brand new passphrase' });
    expect(right.status).toBe('success');
    expect((await account(me)).mustChangePassword).toBe(false);
    expect((await audits()).map((a) => a.outcome)).toEqual(['failure', 'success']);
  });

  it('limits wrong guesses at the current password like sign-in: ten from here lock, even the right one, with a slow-down before', async () => {
    const { hashPassword } = await import('@/lib/auth/password');
    const me = await insert('operator', { passwordHash: await hashPassword('the current passphrase') });
    await signedIn(me);
    const sleeps: number[] = [];
    const clock = { now: () => new Date(), sleep: async (ms: number) => void sleeps.push(ms) };
    for (let i = 1; i <= 10; i++) {
      const wrong = await changeOwnPassword({ currentPassword: `guess ${i}`, newPassword: 'a brand new passphrase' }, clock);
      expect(wrong.fieldErrors?.currentPassword).toEqual(['The current password is incorrect.']);
    }
    expect(sleeps).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
    const locked = await changeOwnPassword({ currentPassword: 'the current passphrase', newPassword: 'a brand new passphrase' }, clock);
    expect(locked.fieldErrors?.currentPassword?.[0]).toMatch(/Too many wrong current passwords from here\. Try again in 15 minutes\./);
    expect(await verifyPassword((await account(me)).passwordHash, 'the current passphrase')).toBe(true);
    expect((await audits()).at(-1)).toMatchObject({ action: 'account.change_password', outcome: 'denied' });
  });
});
