import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Actor } from '@/lib/auth/session';

// Automatic rotation against the sandbox tenant over HTTPS, with the clock moved forward by hand:
// a secret key and a certificate key reach their window, rotate, keep working through the swap,
// and lose the previous credential in Azure once the overlap is over.
vi.mock('@/lib/auth/session', () => import('@/test/fake-session'));
const { who } = await import('@/test/fake-session');
const { startPortalWithSandbox } = await import('@/test/portal-with-sandbox');
const { getDb } = await import('@/db');
const { alertChannels, alertDeliveries, credentials, rotationRuns } = await import('@/db/schema');
const { queueAlerts } = await import('@/lib/alerts/rules');
const { rotationMessage } = await import('@/lib/alerts/messages');
const { eq } = await import('drizzle-orm');
const keys = await import('@/lib/dal/keys');
const pending = await import('@/lib/dal/pending-certificates');
const { saveAutoRotation } = await import('@/lib/dal/rotation-policies');
const { uploadSandboxCertificate } = await import('@/lib/sandbox/admin');
const { testConnection } = await import('@/lib/entra/test-connection');
const { acquireGraphToken } = await import('@/lib/entra/token');
const { runRotations } = await import('./engine');
const { resolveCloud } = await import('@/lib/entra/clouds');
const { networkClientFor, newConfidentialClient } = await import('@/lib/entra/msal');
const { sandboxAdmin } = await import('@/test/sandbox-admin');

let world: Awaited<ReturnType<typeof startPortalWithSandbox>>;
const admin: Actor = { id: 'admin-1', email: 'admin@example.test', name: 'Admin', role: 'admin', mustChangePassword: false };
const DAY = 86_400_000;

function rotator() {
  const tenant = world.sandbox.connection.tenants.find((t) => t.displayName === 'Contoso Sandbox')!;
  return { tenant, app: tenant.apps.find((a) => a.displayName === 'Pliant Rotator')! };
}

/** The app's credentials as Certificates & secrets would list them, from the sandbox over HTTPS. */
async function appState() {
  const { body } = await sandboxAdmin('GET', `apps/${rotator().app.clientId}`);
  const app = body as { passwordCredentials: { keyId: string }[]; keyCredentials: { keyId: string }[] };
  return { secrets: app.passwordCredentials.map((s) => s.keyId), certificates: app.keyCredentials.map((k) => k.keyId) };
}

async function signsIn(credential: Parameters<typeof newConfidentialClient>[3]) {
  const cloud = resolveCloud('sandbox');
  const { tenant, app } = rotator();
  const client = newConfidentialClient(cloud, tenant.id, app.clientId, credential, networkClientFor(cloud.ca));
  return client.acquireTokenByClientCredential({ scopes: [`${cloud.graphRoot}/.default`], skipCache: true }).then(() => true, () => false);
}

// Token-broker keys: nobody holds a copy, so their rotations finish on their own (hand-off.test.ts has the others).
const base = { description: '', accessType: 'app' as const, cloud: 'sandbox' as const, authorityHost: '', graphEndpoint: '', secretExpiresAt: '', username: '', password: '', operations: ['apps.read-expiry', 'apps.rotate-own'], consumerKind: 'broker' as const };

async function credentialRows(keyId: string) {
  return getDb().select().from(credentials).where(eq(credentials.authKeyId, keyId));
}
async function runOf(keyId: string) {
  const runs = await getDb().select().from(rotationRuns).where(eq(rotationRuns.authKeyId, keyId));
  return runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
}

beforeAll(async () => {
  world = await startPortalWithSandbox();
});

afterAll(async () => {
  await world?.close();
});

beforeEach(() => {
  who.actor = admin;
});

describe('automatic rotation', () => {
  let secretKeyId: string;
  let oldSecret: { value: string; secretId: string };

  it('refuses to turn on for a key whose token cannot change its own app', async () => {
    const tenant = world.sandbox.connection.tenants.find((t) => t.displayName === 'Contoso Sandbox')!;
    const automation = tenant.apps.find((a) => a.displayName === 'Pliant Automation')!;
    const created = await keys.createKey({ ...base, name: 'No rotation', tenantId: tenant.id, clientId: automation.clientId, clientSecret: automation.secrets[0].value, operations: ['users.write'] });
    const id = (created as { id: string }).id;
    await testConnection(id, { trigger: 'manual' });
    const saved = await saveAutoRotation({ keyId: id, enabled: true, daysBefore: 30, lifetimeDays: 180, overlapDays: 7 });
    expect(saved).toMatchObject({ status: 'error', fieldErrors: { enabled: [expect.stringContaining('Application.ReadWrite.OwnedBy')] } });
  });

  it('rotates a secret key in its window: addPassword, sign-in, swap; the old secret works through the overlap and is removed after it', async () => {
    const { tenant, app } = rotator();
    oldSecret = app.secrets[0];
    const created = await keys.createKey({ ...base, name: 'Rotating secret', tenantId: tenant.id, clientId: app.clientId, clientSecret: oldSecret.value });
    secretKeyId = (created as { id: string }).id;
    expect((await testConnection(secretKeyId, { trigger: 'manual' }))?.outcome).toBe('success');
    expect(await saveAutoRotation({ keyId: secretKeyId, enabled: true, daysBefore: 30, lifetimeDays: 180, overlapDays: 7 })).toMatchObject({ status: 'success' });

    // Outside the window nothing happens; the seeded secret ends in under 30 days, so a day on it is due.
    expect(await runRotations(new Date(Date.now() - 10 * DAY))).toBe(0);
    const t1 = new Date(Date.now() + DAY);
    await runRotations(t1);
    const run = await runOf(secretKeyId);
    expect(run).toMatchObject({ state: 'overlap', kind: 'secret', oldAzureKeyId: oldSecret.secretId });
    expect((await appState()).secrets).toEqual(expect.arrayContaining([oldSecret.secretId, run.newAzureKeyId]));
    const rows = await credentialRows(secretKeyId);
    expect(rows.find((c) => c.state === 'active')?.azureKeyId).toBe(run.newAzureKeyId);
    expect(rows.find((c) => c.state === 'previous')?.id).toBe(run.oldCredentialId);
    // Both work during the overlap: consumers holding the old secret are not cut off.
    expect(await signsIn(oldSecret.value)).toBe(true);
    expect((await acquireGraphToken(secretKeyId)).roles).toContain('Application.ReadWrite.OwnedBy');

    // An alert says it happened (queued once per channel, whatever the number of ticks).
    await getDb().insert(alertChannels).values({ id: 'c0ffee00-0000-4000-8000-000000000001', kind: 'webhook', name: 'ops', config: {}, enabled: true });
    await queueAlerts(t1);
    await queueAlerts(t1);
    const subjects = (await getDb().select().from(alertDeliveries)).map((d) => d.subject);
    expect(subjects.filter((x) => x === `rotation:${run.id}:rotated`)).toHaveLength(1);

    // Still inside the overlap: nothing is removed.
    await runRotations(new Date(t1.getTime() + 6 * DAY));
    expect((await appState()).secrets).toContain(oldSecret.secretId);
    await runRotations(new Date(t1.getTime() + 7 * DAY + 60_000));
    expect(await runOf(secretKeyId)).toMatchObject({ state: 'done' });
    expect((await appState()).secrets).not.toContain(oldSecret.secretId);
    expect(await signsIn(oldSecret.value)).toBe(false);
    const after = await credentialRows(secretKeyId);
    expect(after.find((c) => c.id === run.oldCredentialId)).toMatchObject({ state: 'retired', value: null });
    expect((await testConnection(secretKeyId, { trigger: 'manual' }))?.outcome).toBe('success');
  });

  it('rotates a certificate key with addKey and removeKey, waiting out the replication delay', async () => {
    const { tenant, app } = rotator();
    const prepared = await pending.prepareCertificate({ mode: 'generate', commonName: 'Rotator', months: 1, keySize: 2048 });
    const cert = (prepared as { certificate: { id: string; certificatePem: string; thumbprintSha1: string } }).certificate;
    expect((await uploadSandboxCertificate({ clientId: app.clientId, certificatePem: cert.certificatePem, displayName: 'first' })).ok).toBe(true);
    const created = await keys.createKey({ ...base, name: 'Rotating certificate', tenantId: tenant.id, clientId: app.clientId, clientSecret: '', credentialType: 'certificate', certificateId: cert.id });
    const id = (created as { id: string }).id;
    expect((await testConnection(id, { trigger: 'manual' }))?.outcome).toBe('success');
    expect(await saveAutoRotation({ keyId: id, enabled: true, daysBefore: 30, lifetimeDays: 90, overlapDays: 7 })).toMatchObject({ status: 'success' });
    const oldCertKeyId = (await appState()).certificates[0];

    // Entra needs a moment before a new certificate signs in: the first try is refused.
    expect((await sandboxAdmin('POST', 'faults', { replicationDelayMs: 1500 })).status).toBe(200);
    const t1 = new Date(Date.now() + DAY);
    await runRotations(t1);
    const waiting = await runOf(id);
    expect(waiting).toMatchObject({ state: 'verifying', attempts: 1 });
    expect(waiting.lastError).toMatch(/not uploaded/);
    await runRotations(new Date(t1.getTime() + 1_000));
    expect(await runOf(id)).toMatchObject({ state: 'verifying' });
    await new Promise((r) => setTimeout(r, 1600));
    await runRotations(new Date(t1.getTime() + 6_000));
    const run = await runOf(id);
    expect(run).toMatchObject({ state: 'overlap', kind: 'certificate', oldAzureKeyId: oldCertKeyId });
    expect((await appState()).certificates).toEqual([oldCertKeyId, run.newAzureKeyId]);
    expect((await acquireGraphToken(id)).roles).toContain('Application.Read.All');
    await sandboxAdmin('DELETE', 'faults');

    await runRotations(new Date(t1.getTime() + 8 * DAY));
    expect(await runOf(id)).toMatchObject({ state: 'done' });
    expect((await appState()).certificates).toEqual([run.newAzureKeyId]);
    const active = (await credentialRows(id)).find((c) => c.state === 'active')!;
    expect(active).toMatchObject({ kind: 'certificate', id: run.newCredentialId });
    expect(active.value).not.toContain('PRIVATE KEY');
  });

  it('stops with the policy named and the certificate suggested when a tenant policy blocks new secrets', async () => {
    const { tenant } = rotator();
    expect((await sandboxAdmin('PUT', `tenants/${tenant.id}/app-management-policy`, { passwordAddition: true })).status).toBe(200);
    try {
      const before = (await appState()).secrets;
      // The secret rotated above lives 180 days: 160 days on, it is in its window again.
      await runRotations(new Date(Date.now() + 160 * DAY));
      const run = await runOf(secretKeyId);
      expect(run.state).toBe('failed');
      expect(run.lastError).toMatch(/app management policy.*blocks new client secrets.*passwordAddition.*certificate/);
      expect((await appState()).secrets).toEqual(before);
      const rows = await credentialRows(secretKeyId);
      expect(rows.filter((c) => c.state === 'active')).toHaveLength(1);
      expect(rows.filter((c) => c.state === 'next')).toHaveLength(0);
      await queueAlerts(new Date(Date.now() + 160 * DAY));
      expect((await getDb().select().from(alertDeliveries)).map((d) => d.subject)).toContain(`rotation:${run.id}:failed`);
      const text = rotationMessage({ keyId: secretKeyId, keyName: 'Rotating secret', tenantId: tenant.id, kind: 'secret', event: 'failed', expiresAt: new Date(Date.now() + 170 * DAY).toISOString(), removeAfter: null, reason: run.lastError }, new Date(Date.now() + 160 * DAY));
      expect(text.title).toBe('Rotation of authKey “Rotating secret” failed: the old client secret is still active, 10 days left');
      // Failed runs are not retried on every tick.
      await runRotations(new Date(Date.now() + 160 * DAY + 3_600_000));
      expect((await getDb().select().from(rotationRuns).where(eq(rotationRuns.authKeyId, secretKeyId))).filter((r) => r.state === 'failed')).toHaveLength(1);
    } finally {
      await sandboxAdmin('DELETE', `tenants/${tenant.id}/app-management-policy`);
    }
  });
});
