import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { accounts, anonymousDenials, auditEvents, revokedSessions } from '@/db/schema';
import { type Role } from '@/contracts/enums';
import { ANONYMOUS_LIMIT_PER_MINUTE, flushAnonymousDenials } from './anonymous-denials';
import { useTempDb, type TempDb } from '@/test/temp-db';

// The session comes from Auth.js's cookie; here it is whatever `cookie.current` holds.
type CookieUser = { id: string; sessionVersion: number; signedInAt: number; sessionId: string };
const cookie = vi.hoisted(() => ({ current: null as null | CookieUser }));
vi.mock('./auth', () => ({
  SESSION_MAX_AGE_SECONDS: 12 * 60 * 60,
  auth: async () => (cookie.current ? { user: { ...cookie.current } } : null),
}));

const { ForbiddenError, getActor, requireApiRole, requireRole } = await import('./session');

const TWELVE_HOURS = 12 * 60 * 60 * 1000;

let temp: TempDb;
beforeEach(async () => {
  temp = await useTempDb();
  cookie.current = null;
});
afterEach(() => temp.close());

async function insertAccount(role: Role = 'operator') {
  const id = randomUUID();
  await temp.db.insert(accounts).values({ id, email: `${role}-${id.slice(0, 6)}@example.test`, name: role, role, passwordHash: 'x' });
  return id;
}
async function signedIn(id: string, signedInAt = Date.now()) {
  const row = (await temp.db.select().from(accounts).where(eq(accounts.id, id)))[0]!;
  cookie.current = { id, sessionVersion: row.sessionVersion, signedInAt, sessionId: randomUUID() };
}
const audits = async () => (await temp.db.select({ action: auditEvents.action, outcome: auditEvents.outcome, actorId: auditEvents.actorId }).from(auditEvents));

/** What Next's redirect() throws; its digest names the target. */
async function redirectTarget(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  return String((error as { digest?: string } | null)?.digest ?? 'no redirect');
}

describe('getActor', () => {
  it('returns the account behind a valid session', async () => {
    const id = await insertAccount('auditor');
    await signedIn(id);
    expect(await getActor()).toMatchObject({ id, role: 'auditor' });
  });

  it('refuses a session whose id was revoked by Sign out, and one that carries no id at all', async () => {
    const id = await insertAccount();
    await signedIn(id);
    expect(await getActor()).not.toBeNull();
    await temp.db.insert(revokedSessions).values({ sessionId: cookie.current!.sessionId, accountId: id, expiresAt: new Date(Date.now() + TWELVE_HOURS).toISOString() });
    expect(await getActor()).toBeNull();
    // Another session of the same account is untouched.
    await signedIn(id);
    expect(await getActor()).not.toBeNull();
    cookie.current = { ...cookie.current!, sessionId: '' };
    expect(await getActor()).toBeNull();
  });

  it("refuses a disabled account's existing session on its next request, even with its session version unchanged", async () => {
    const id = await insertAccount();
    await signedIn(id);
    expect(await getActor()).not.toBeNull();
    await temp.db.update(accounts).set({ disabled: true }).where(eq(accounts.id, id));
    expect(await getActor()).toBeNull();
  });

  it('refuses a session whose version is older than the account (password changed, sessions ended)', async () => {
    const id = await insertAccount();
    await signedIn(id);
    await temp.db.update(accounts).set({ sessionVersion: 2 }).where(eq(accounts.id, id));
    expect(await getActor()).toBeNull();
  });

  it('refuses a session of a deleted account', async () => {
    await signedIn(await insertAccount());
    await temp.db.delete(accounts);
    expect(await getActor()).toBeNull();
  });

  it('reads the role from the database, not from the cookie', async () => {
    const id = await insertAccount('admin');
    await signedIn(id);
    await temp.db.update(accounts).set({ role: 'auditor' }).where(eq(accounts.id, id));
    expect((await getActor())?.role).toBe('auditor');
  });

  it('ends a session 12 hours after sign-in, however recently it was used', async () => {
    const id = await insertAccount();
    await signedIn(id, Date.now() - TWELVE_HOURS + 60_000);
    expect(await getActor()).not.toBeNull();
    await signedIn(id, Date.now() - TWELVE_HOURS - 1_000);
    expect(await getActor()).toBeNull();
  });
});

describe('requireRole and requireApiRole', () => {
  it('redirect a request without a session to sign-in and audit the first denial of the minute', async () => {
    expect(await redirectTarget(requireRole(['admin'], 'keys.create'))).toContain('/sign-in');
    const response = (await requireApiRole(['admin'], 'audit.export')) as Response;
    expect(response.status).toBe(401);
    expect(await audits()).toEqual([{ action: 'access.denied', outcome: 'denied', actorId: null }]);
    expect(await temp.db.select().from(anonymousDenials)).toMatchObject([{ count: 2, lastWhat: 'audit.export' }]);
  });

  it('keep the evidence of an anonymous flood in a bounded number of rows, and answer the API with 429 past the limit', async () => {
    // Ten seconds into a minute, so the flood does not straddle two.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T08:00:10.000Z'));
    onTestFinished(() => void vi.useRealTimers());
    const statuses = new Set<number>();
    for (let i = 0; i < ANONYMOUS_LIMIT_PER_MINUTE + 50; i++) statuses.add(((await requireApiRole(['admin'], 'audit.export')) as Response).status);
    expect([...statuses].sort()).toEqual([401, 429]);
    const limited = (await requireApiRole(['admin'], 'audit.export')) as Response;
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(await audits()).toHaveLength(1);
    // The minute is over: one summary row says how many there were.
    await flushAnonymousDenials(temp.db, new Date(Date.now() + 61_000));
    const rows = await temp.db.select({ detail: auditEvents.detail }).from(auditEvents);
    expect(rows).toHaveLength(2);
    expect(rows[1].detail).toMatchObject({ summary: true, count: ANONYMOUS_LIMIT_PER_MINUTE + 51, address: 'local' });
    expect(await temp.db.select().from(anonymousDenials)).toEqual([]);
  });

  it('refuse a role that is not listed and audit the denial with the actor', async () => {
    const id = await insertAccount('operator');
    await signedIn(id);
    await expect(requireRole(['admin'], 'keys.create')).rejects.toBeInstanceOf(ForbiddenError);
    expect(((await requireApiRole(['admin', 'auditor'], 'audit.export')) as Response).status).toBe(403);
    expect(await audits()).toEqual([
      { action: 'access.denied', outcome: 'denied', actorId: id },
      { action: 'access.denied', outcome: 'denied', actorId: id },
    ]);
  });

  it('let a listed role through without an audit row', async () => {
    const id = await insertAccount('operator');
    await signedIn(id);
    expect(await requireRole(['admin', 'operator'], 'keys.test')).toMatchObject({ id });
    expect(await requireApiRole(['operator'], 'jobs.read')).toMatchObject({ id });
    expect(await audits()).toEqual([]);
  });

  it('send an account that must change its password to the change-password page first', async () => {
    const id = await insertAccount('admin');
    await temp.db.update(accounts).set({ mustChangePassword: true }).where(eq(accounts.id, id));
    await signedIn(id);
    expect(await redirectTarget(requireRole(['admin'], 'keys.create'))).toContain('/change-password');
    expect(((await requireApiRole(['admin'], 'audit.export')) as Response).status).toBe(403);
  });
});
