import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Actor } from '@/lib/auth/session';
import { sql } from 'drizzle-orm';
import { rows } from '@/db';

// Delegated (username and password) keys against the in-process sandbox tenant: the password
// grant through MSAL's acquireTokenByUsernamePassword on the confidential client.

vi.mock('@/lib/auth/session', () => import('@/test/fake-session'));
const { who } = await import('@/test/fake-session');

const { startPortalWithSandbox } = await import('@/test/portal-with-sandbox');
const keys = await import('@/lib/dal/keys');
const { testConnection, testCredentialValues } = await import('./test-connection');

let temp: typeof world.temp;
let world: Awaited<ReturnType<typeof startPortalWithSandbox>>;
let sandbox: typeof world.sandbox;
const admin: Actor = { id: 'admin-1', email: 'admin@example.test', name: 'Admin', role: 'admin', mustChangePassword: false };

function contoso() {
  return sandbox.connection.tenants.find((t) => t.displayName === 'Contoso Sandbox')!;
}

/** A seeded sign-in user, found by the sandbox's note about it. */
function user(note: string) {
  const u = contoso().users.find((x) => x.note.includes(note));
  if (!u) throw new Error(`no sign-in user noted "${note}"`);
  return u;
}

function delegated(appName: string, username: string, password: string, operations: string[] = []) {
  const tenant = contoso();
  const a = tenant.apps.find((x) => x.displayName === appName)!;
  const secret = a.secrets.find((s) => Date.parse(s.expiresAt) > Date.now())!;
  return {
    accessType: 'delegated' as const,
    cloud: { cloud: 'sandbox' as const },
    tenantId: tenant.id,
    clientId: a.clientId,
    clientSecret: secret.value,
    username,
    password,
    operations,
    secretExpiresAt: null,
  };
}

const audits = () => rows<{ outcome: string; detail: unknown }>(sql`select * from audit_events where action = 'key.test'`, temp.db);

beforeAll(async () => {
  world = await startPortalWithSandbox();
  ({ temp, sandbox } = world);
});

afterAll(async () => {
  await world?.close();
});

beforeEach(() => {
  who.actor = admin;
});

describe('Delegated (username and password) test connection', () => {
  it('signs in megan.bowen by password and shows the delegated scp permissions, not roles', async () => {
    const u = user('for Delegated keys');
    const v = delegated('Pliant Automation', u.userPrincipalName, u.password);
    const r = await testCredentialValues(v, { actor: admin });
    expect(r.diagnosis).toBeNull();
    expect(r.outcome).toBe('success');
    expect(r.accessType).toBe('delegated');
    expect([...r.roles].sort()).toEqual(['User.Read', 'User.ReadBasic.All']);
    expect(r.signedInAs).toBe(u.userPrincipalName);
    // Neither the client secret nor the user's password comes back.
    expect(JSON.stringify(r)).not.toContain(v.clientSecret);
    expect(JSON.stringify(r)).not.toContain(u.password);
    expect(JSON.stringify(audits())).not.toContain(u.password);
  });

  it('compares the scp with what the operations need, and says to add delegated (not application) permissions', async () => {
    const u = user('for Delegated keys');
    const r = await testCredentialValues(delegated('Pliant Automation', u.userPrincipalName, u.password, ['users.read']), { actor: admin });
    expect(r.outcome).toBe('failure');
    expect([...r.roles].sort()).toEqual(['User.Read', 'User.ReadBasic.All']);
    expect(r.missing).toEqual(['User.Read.All']);
    expect(r.diagnosis?.code).toBe('delegated_permissions_missing');
    expect(r.diagnosis?.explanation).toContain('delegated permissions');
    expect(r.diagnosis?.explanation).not.toContain('application permissions');
  });

  it.each([
    ['50126: a wrong password', 'Pliant Automation', 'for Delegated keys', 'Not-the-password-1!', 'AADSTS50126', 'Wrong username or password'],
    ['50057: a disabled account (adele.vance)', 'Pliant Automation', 'AADSTS50057', null, 'AADSTS50057', 'The user account is disabled'],
    ['50076: an account that requires MFA (lee.gu)', 'Pliant Automation', 'AADSTS50076', null, 'AADSTS50076', 'The account requires multi-factor authentication'],
    ['65001: no consent to the consent-pending app', 'Pliant (consent pending)', 'for Delegated keys', null, 'AADSTS65001', 'Consent has not been granted'],
  ] as const)('explains %s', async (_name, appName, note, wrongPassword, code, title) => {
    const u = user(note);
    const v = delegated(appName, u.userPrincipalName, wrongPassword ?? u.password);
    const r = await testCredentialValues(v, { actor: admin });
    expect(r.outcome).toBe('failure');
    expect(r.diagnosis?.code).toBe(code);
    expect(r.diagnosis?.title).toBe(title);
    expect(r.diagnosis?.traceId).toMatch(/[0-9a-f-]{8,}/);
    expect(r.roles).toEqual([]);
    expect(JSON.stringify(r)).not.toContain(v.password);
    expect(JSON.stringify(r)).not.toContain(v.clientSecret);
  });

  it('the explanations name the fix: the password grant cannot do MFA; consent comes with the consent link', async () => {
    const mfa = await testCredentialValues(delegated('Pliant Automation', user('AADSTS50076').userPrincipalName, user('AADSTS50076').password), { actor: admin });
    expect(mfa.diagnosis?.explanation).toMatch(/cannot do MFA/);
    expect(mfa.diagnosis?.explanation).toContain('Enterprise App');
    const consent = await testCredentialValues(delegated('Pliant (consent pending)', user('for Delegated keys').userPrincipalName, user('for Delegated keys').password), { actor: admin });
    expect(consent.diagnosis?.step).toBe('Step 11');
    expect(consent.consentUrl).toMatch(/\/adminconsent\?client_id=/);
  });

  it('tests a stored Delegated key with its stored password, records the scp, and keeps the password write-only', async () => {
    const u = user('for Delegated keys');
    const v = delegated('Pliant Automation', u.userPrincipalName, u.password);
    const created = await keys.createKey({
      name: 'Megan delegated', description: '', accessType: 'delegated', cloud: 'sandbox', authorityHost: '', graphEndpoint: '',
      tenantId: v.tenantId, clientId: v.clientId, clientSecret: v.clientSecret, secretExpiresAt: '', username: u.userPrincipalName, password: u.password, operations: [],
    });
    expect(created.status).toBe('success');
    const id = (created as { id: string }).id;
    const r = await testConnection(id, { trigger: 'manual' });
    expect(r?.outcome).toBe('success');
    expect([...(r?.roles ?? [])].sort()).toEqual(['User.Read', 'User.ReadBasic.All']);
    const dto = await keys.getKey(id);
    expect(dto).toMatchObject({ accessType: 'delegated', username: u.userPrincipalName, passwordConfigured: true });
    expect(dto?.lastTest?.outcome).toBe('success');
    expect([...(dto?.lastTest?.roles ?? [])].sort()).toEqual(['User.Read', 'User.ReadBasic.All']);
    expect(JSON.stringify(dto)).not.toContain(u.password);
    const dump = JSON.stringify(await rows(sql`select * from audit_events`, temp.db)) + JSON.stringify(await rows(sql`select * from key_tests`, temp.db));
    expect(dump).not.toContain(u.password);
    expect(dump).not.toContain(v.clientSecret);

    // Editing: a blank Password keeps the stored one, and the key still signs in.
    const kept = await keys.updateKey({ keyId: id, name: 'Megan delegated', description: 'kept', accessType: 'delegated', cloud: 'sandbox', authorityHost: '', graphEndpoint: '', tenantId: v.tenantId, clientId: v.clientId, clientSecret: '', secretExpiresAt: '', username: u.userPrincipalName, password: '', operations: [] });
    expect(kept.status).toBe('success');
    expect((await testConnection(id, { trigger: 'manual' }))?.outcome).toBe('success');
  });

  it('refuses to turn an Enterprise App key into a Delegated one without a password', async () => {
    const v = delegated('Pliant Automation', '', '');
    const created = await keys.createKey({ name: 'App first', description: '', accessType: 'app', cloud: 'sandbox', authorityHost: '', graphEndpoint: '', tenantId: v.tenantId, clientId: v.clientId, clientSecret: v.clientSecret, secretExpiresAt: '', username: '', password: '', operations: [] });
    const id = (created as { id: string }).id;
    const u = user('for Delegated keys');
    const r = await keys.updateKey({ keyId: id, name: 'App first', description: '', accessType: 'delegated', cloud: 'sandbox', authorityHost: '', graphEndpoint: '', tenantId: v.tenantId, clientId: v.clientId, clientSecret: '', secretExpiresAt: '', username: u.userPrincipalName, password: '', operations: [] });
    expect(r.status).toBe('error');
    expect((r as { fieldErrors?: Record<string, string[]> }).fieldErrors?.password?.[0]).toMatch(/password/i);
    expect((await keys.getKey(id))?.accessType).toBe('app');
  });
});
