import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Actor } from '@/lib/auth/session';
import { sql } from 'drizzle-orm';
import { rows } from '@/db';

// The data access layer asks the session who is calling; these tests decide that.
vi.mock('@/lib/auth/session', () => import('@/test/fake-session'));
const { who } = await import('@/test/fake-session');

const { startPortalWithSandbox } = await import('@/test/portal-with-sandbox');
const keys = await import('@/lib/dal/keys');
const { testConnection, testCredentialValues } = await import('./test-connection');
const { acquireGraphToken } = await import('./token');
const { graphForKey } = await import('@/lib/graph/client');

let temp: typeof world.temp;
let world: Awaited<ReturnType<typeof startPortalWithSandbox>>;
let sandbox: typeof world.sandbox;
const admin: Actor = { id: 'admin-1', email: 'admin@example.test', name: 'Admin', role: 'admin', mustChangePassword: false };

function app(name: string) {
  const tenant = sandbox.connection.tenants.find((t) => t.displayName === 'Contoso Sandbox')!;
  const a = tenant.apps.find((x) => x.displayName === name)!;
  return { tenant, app: a };
}

function values(name: string, overrides: Record<string, unknown> = {}) {
  const { tenant, app: a } = app(name);
  const secret = [...a.secrets].sort((x, y) => y.expiresAt.localeCompare(x.expiresAt))[0];
  return {
    accessType: 'app' as const,
    cloud: { cloud: 'sandbox' as const },
    tenantId: tenant.id,
    clientId: a.clientId,
    clientSecret: secret.value,
    operations: ['users.write', 'groups.membership', 'apps.read-expiry'],
    secretExpiresAt: null,
    ...overrides,
    _secret: secret,
  };
}

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

describe('test connection against the sandbox tenant', () => {
  it('signs in as Pliant Automation and reads its granted roles and real expiry', async () => {
    const v = values('Pliant Automation');
    const r = await testCredentialValues(v, { actor: admin });
    expect(r.diagnosis).toBeNull();
    expect(r.outcome).toBe('success');
    expect(r.roles.sort()).toEqual([...app('Pliant Automation').app.grantedPermissions].sort());
    expect(r.missing).toEqual([]);
    expect(r.extra).toContain('Organization.Read.All');
    expect(r.app?.displayName).toBe('Pliant Automation');
    expect(r.expiry?.endDateTime.slice(0, 10)).toBe(v._secret.expiresAt.slice(0, 10));
    expect(r.app?.secrets.filter((s) => s.stored)).toHaveLength(1);
    expect(JSON.stringify(r)).not.toContain(v.clientSecret);
  });

  it('explains the Secret ID sent as the secret (7000215, step 16)', async () => {
    const v = values('Pliant Automation');
    const r = await testCredentialValues({ ...v, clientSecret: v._secret.secretId }, { actor: admin });
    expect(r.outcome).toBe('failure');
    expect(r.diagnosis?.code).toBe('AADSTS7000215');
    expect(r.diagnosis?.step).toBe('Step 16');
    expect(r.diagnosis?.traceId).toMatch(/[0-9a-f-]{8,}/);
  });

  it('reports consent pending as admin consent not granted, with the consent link', async () => {
    const r = await testCredentialValues(values('Pliant (consent pending)'), { actor: admin });
    expect(r.outcome).toBe('failure');
    expect(r.roles).toEqual([]);
    expect(r.diagnosis?.explanation).toContain('admin consent has not been granted');
    expect(r.consentUrl).toMatch(/\/adminconsent\?client_id=/);
  });

  it('explains an expired secret, a wrong tenant and a wrong client ID, each in its own words', async () => {
    expect((await testCredentialValues(values('Legacy Connector'), { actor: admin })).diagnosis?.code).toBe('AADSTS7000222');
    const wrongTenant = await testCredentialValues(values('Pliant Automation', { tenantId: '00000000-1111-2222-3333-444444444444' }), { actor: admin });
    expect(wrongTenant.diagnosis?.code).toBe('AADSTS90002');
    const wrongClient = await testCredentialValues(values('Pliant Automation', { clientId: '00000000-1111-2222-3333-444444444444' }), { actor: admin });
    expect(wrongClient.diagnosis?.code).toBe('AADSTS700016');
  });

  it('explains a refused connection', async () => {
    fs.mkdirSync(path.join(temp.dir, 'custom'), { recursive: true });
    const r = await testCredentialValues(values('Pliant Automation', { cloud: { cloud: 'custom', authorityHost: 'https://127.0.0.1:9', graphEndpoint: 'https://127.0.0.1:9' } }), { actor: admin });
    expect(r.diagnosis?.code).toBe('network.refused');
  });
});

describe('stored keys', () => {
  it('creates a key, tests it, records the Graph expiry and serves provisioning tokens', async () => {
    const v = values('Pliant Automation');
    const created = await keys.createKey({ name: 'Automation', description: '', accessType: 'app', cloud: 'sandbox', authorityHost: '', graphEndpoint: '', tenantId: v.tenantId, clientId: v.clientId, clientSecret: v.clientSecret, secretExpiresAt: '', username: '', password: '', operations: v.operations });
    expect(created.status).toBe('success');
    const id = (created as { id: string }).id;
    const result = await testConnection(id, { trigger: 'manual' });
    expect(result?.outcome).toBe('success');
    const dto = await keys.getKey(id);
    expect(dto?.credential).toMatchObject({ kind: 'secret', hint: v.clientSecret.slice(0, 3), expirySource: 'graph' });
    expect(dto?.lastTest?.outcome).toBe('success');
    expect(JSON.stringify(dto)).not.toContain(v.clientSecret);

    const t1 = await acquireGraphToken(id);
    const t2 = await acquireGraphToken(id);
    expect(t2.accessToken).toBe(t1.accessToken); // MSAL's cache on one instance
    const graph = await graphForKey(id, { actor: admin });
    const org = await graph.api('/organization').get();
    expect(org.value[0].verifiedDomains.length).toBeGreaterThan(0);
    const audit = await rows<{ request_id: string | null }>(sql`select * from audit_events where action = 'graph.request' and auth_key_id = ${id}`, temp.db);
    expect(audit.some((a) => a.request_id)).toBe(true);
    const dump = await rows(sql`select * from audit_events`, temp.db);
    expect(JSON.stringify(dump)).not.toContain(v.clientSecret);
  });

  it('refuses operators and auditors to create, edit or delete, and changes nothing', async () => {
    const v = values('Pliant Automation');
    const count = async () => Number((await rows<{ n: number | string }>(sql`select count(*) as n from auth_keys`, temp.db))[0].n);
    const before = await count();
    for (const role of ['operator', 'auditor'] as const) {
      who.actor = { ...admin, id: role, role };
      await expect(keys.createKey({ name: 'x', description: '', accessType: 'app', cloud: 'sandbox', authorityHost: '', graphEndpoint: '', tenantId: v.tenantId, clientId: v.clientId, clientSecret: v.clientSecret, secretExpiresAt: '', username: '', password: '', operations: [] })).rejects.toThrow(/role/);
      const [k] = await keys.listKeys();
      await expect(keys.deleteKey({ keyId: k.id, confirm: k.name })).rejects.toThrow(/role/);
      await expect(keys.replaceSecret({ keyId: k.id, clientSecret: 'x'.repeat(20), secretExpiresAt: '' })).rejects.toThrow(/role/);
    }
    expect(await count()).toBe(before);
  });

  it('deletes only with the name typed back', async () => {
    const [k] = await keys.listKeys();
    expect((await keys.deleteKey({ keyId: k.id, confirm: 'wrong' })).status).toBe('error');
    expect(await keys.getKey(k.id)).not.toBeNull();
    expect((await keys.deleteKey({ keyId: k.id, confirm: k.name })).status).toBe('success');
    expect(await keys.getKey(k.id)).toBeNull();
  });
});
