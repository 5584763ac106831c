import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Actor } from '@/lib/auth/session';

// Issue 18: a key whose secret Pliant holds rotates in Azure and here, but the previous secret is
// removed only after an administrator revealed the new one (password again) and confirmed Pliant
// has it. Until then the alert repeats daily. The value comes back exactly once, and nowhere else.
vi.mock('@/lib/auth/session', () => import('@/test/fake-session'));
const { who } = await import('@/test/fake-session');
const { startPortalWithSandbox } = await import('@/test/portal-with-sandbox');
const { getDb, rows } = await import('@/db');
const { sql, eq } = await import('drizzle-orm');
const { accounts, alertChannels, alertDeliveries, rotationRuns } = await import('@/db/schema');
const { hashPassword } = await import('@/lib/auth/password');
const keys = await import('@/lib/dal/keys');
const consumers = await import('@/lib/dal/key-consumers');
const { saveAutoRotation } = await import('@/lib/dal/rotation-policies');
const { testConnection } = await import('@/lib/entra/test-connection');
const { runRotations } = await import('./engine');
const { queueAlerts } = await import('@/lib/alerts/rules');
const { loadDashboard } = await import('@/lib/dal/expiry');
const { sandboxAdmin } = await import('@/test/sandbox-admin');
const { credentialSignIns } = await import('@/lib/entra/sign-ins');

const DAY = 86_400_000;
const PASSWORD = 'a long and unguessable admin passphrase';
let world: Awaited<ReturnType<typeof startPortalWithSandbox>>;
let admin: Actor;

async function rotatorKey(name: string, consumer: { consumerKind: 'pliant' | 'broker'; consumerName?: string }) {
  const tenant = world.sandbox.connection.tenants.find((t) => t.displayName === 'Contoso Sandbox')!;
  const app = tenant.apps.find((a) => a.displayName === 'Pliant Rotator')!;
  const { body: secret } = await sandboxAdmin('POST', `apps/${app.clientId}/secrets`, { displayName: name, days: 20 });
  const created = await keys.createKey({ name, description: '', accessType: 'app', cloud: 'sandbox', authorityHost: '', graphEndpoint: '', tenantId: tenant.id, clientId: app.clientId, clientSecret: secret.value as string, secretExpiresAt: '', username: '', password: '', operations: ['apps.rotate-own'], ...consumer });
  const id = (created as { id: string }).id;
  expect((await testConnection(id, { trigger: 'manual' }))?.outcome).toBe('success');
  expect(await saveAutoRotation({ keyId: id, enabled: true, daysBefore: 30, lifetimeDays: 180, overlapDays: 7 })).toMatchObject({ status: 'success' });
  return { id, clientId: app.clientId, oldSecretId: secret.secretId as string };
}

const secretIdsOf = async (clientId: string) => ((await sandboxAdmin('GET', `apps/${clientId}`)).body.passwordCredentials as { keyId: string }[]).map((p) => p.keyId);
const runOf = async (keyId: string) => (await getDb().select().from(rotationRuns).where(eq(rotationRuns.authKeyId, keyId)))[0];

beforeAll(async () => {
  world = await startPortalWithSandbox();
  admin = { id: randomUUID(), email: 'handoff-admin@example.test', name: 'Admin', role: 'admin', mustChangePassword: false };
  await getDb().insert(accounts).values({ id: admin.id, email: admin.email, name: admin.name, role: 'admin', passwordHash: await hashPassword(PASSWORD) });
  await getDb().insert(alertChannels).values({ id: randomUUID(), kind: 'webhook', name: 'ops', config: {}, enabled: true });
});

afterAll(async () => {
  await world?.close();
});

beforeEach(() => {
  who.actor = admin;
});

describe('rotation and the copies of a secret', () => {
  it('keeps the previous secret until the new one was revealed once and Pliant confirmed; a broker-only key finishes alone', async () => {
    const pliant = await rotatorKey('Pliant-held', { consumerKind: 'pliant', consumerName: 'M365 production' });
    const broker = await rotatorKey('Broker-only', { consumerKind: 'broker' });
    expect(await consumers.listConsumers(pliant.id)).toMatchObject([{ kind: 'pliant', name: 'M365 production', usesActive: true }]);

    const t1 = Date.now() + DAY;
    await runRotations(new Date(t1));
    expect((await runOf(pliant.id)).state).toBe('overlap');
    expect(await consumers.listConsumers(pliant.id)).toMatchObject([{ usesActive: false }]);

    // Past the overlap: the broker-only key is done, the Pliant one waits, the dashboard says so, and the alert repeats daily.
    for (const day of [8, 9]) {
      await runRotations(new Date(t1 + day * DAY + 60_000));
      await runRotations(new Date(t1 + day * DAY + 120_000));
      await queueAlerts(new Date(t1 + day * DAY + 120_000));
    }
    expect((await runOf(broker.id)).state).toBe('done');
    expect(await secretIdsOf(broker.clientId)).not.toContain(broker.oldSecretId);
    expect((await runOf(pliant.id)).state).toBe('overlap');
    expect(await secretIdsOf(pliant.clientId)).toContain(pliant.oldSecretId);
    const runId = (await runOf(pliant.id)).id;
    const waitingAlerts = (await getDb().select().from(alertDeliveries)).filter((d) => d.subject.startsWith(`rotation:${runId}:waiting:`));
    expect(waitingAlerts).toHaveLength(2);
    const page = await loadDashboard({}, new Date(t1 + 9 * DAY));
    expect(page.rows.find((r) => r.keyId === pliant.id && r.state === 'previous')?.problems).toContain('waiting_consumers');

    // Confirming before the value was seen is refused; so is a reveal without the right password.
    const [waiting] = (await consumers.getHandOff(pliant.id))!.waiting;
    expect(await consumers.confirmHandOff({ keyId: pliant.id, consumerId: waiting.id })).toMatchObject({ status: 'error', message: expect.stringContaining('Reveal the new secret first') });
    expect(await consumers.revealRotatedSecret({ keyId: pliant.id, password: 'wrong password' })).toMatchObject({ status: 'error', fieldErrors: { password: ['The current password is incorrect.'] } });
    const shown = await consumers.revealRotatedSecret({ keyId: pliant.id, password: PASSWORD });
    expect(shown.status).toBe('success');
    expect(shown.secret).toMatch(/^.{30,}$/);
    // Exactly once: a second reveal, by anyone, gets no value.
    const again = await consumers.revealRotatedSecret({ keyId: pliant.id, password: PASSWORD });
    expect(again).toMatchObject({ status: 'error' });
    expect(JSON.stringify(again)).not.toContain(shown.secret!);
    expect((await consumers.getHandOff(pliant.id))?.revealedBy).toBe(admin.email);

    expect(await consumers.confirmHandOff({ keyId: pliant.id, consumerId: waiting.id })).toMatchObject({ status: 'success' });
    await runRotations(new Date(t1 + 11 * DAY));
    expect((await runOf(pliant.id)).state).toBe('done');
    expect(await secretIdsOf(pliant.clientId)).not.toContain(pliant.oldSecretId);

    // The value is in no audit row and no alert (the alerts are rendered from rows, which hold none).
    const audit = JSON.stringify(await rows(sql`select * from audit_events`));
    expect(audit).not.toContain(shown.secret!);
    expect(audit).toContain('rotation.reveal');
    expect(JSON.stringify(await rows(sql`select * from alert_deliveries`))).not.toContain(shown.secret!);
  });

  it('shows when each secret last signed in, from the service principal sign-in log, only with AuditLog.Read.All', async () => {
    const key = await rotatorKey('Sign-in log', { consumerKind: 'pliant', consumerName: 'Reports' });
    expect(await credentialSignIns(key.id)).toMatchObject({ available: false, reason: expect.stringContaining('AuditLog.Read.All') });
    const { body: granted } = await sandboxAdmin('POST', `apps/${key.clientId}/grants`, { permissions: ['Application.ReadWrite.OwnedBy', 'Application.Read.All', 'AuditLog.Read.All'] });
    expect(granted.grantedPermissions).toContain('AuditLog.Read.All');
    try {
      expect((await testConnection(key.id, { trigger: 'manual' }))?.roles).toContain('AuditLog.Read.All');
      const log = await credentialSignIns(key.id);
      expect(log.available).toBe(true);
      // The key's own test signed in with its secret a moment ago: the log names that secret's Secret ID.
      const when = (log as { lastByKeyId: Record<string, string> }).lastByKeyId[key.oldSecretId.toLowerCase()];
      expect(Date.now() - Date.parse(when)).toBeLessThan(60_000);
    } finally {
      await sandboxAdmin('POST', `apps/${key.clientId}/grants`, { permissions: ['Application.ReadWrite.OwnedBy', 'Application.Read.All'] });
    }
  });
});
