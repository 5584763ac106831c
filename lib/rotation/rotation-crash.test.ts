import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Actor } from '@/lib/auth/session';

// Issue 11's crash test: a rotation process is killed with SIGKILL at every point between two of
// its steps (after Azure answered and before the database knew, too), then started again. Every
// time the rotation must finish with nothing lost and nothing orphaned: one active credential,
// the one Azure holds; the old one gone from both; no credential of ours in Azure unknown here.
vi.mock('@/lib/auth/session', () => import('@/test/fake-session'));
const { who } = await import('@/test/fake-session');
const { startPortalWithSandbox } = await import('@/test/portal-with-sandbox');
const { getDb } = await import('@/db');
const { auditEvents, credentials, rotationRuns } = await import('@/db/schema');
const { eq } = await import('drizzle-orm');
const keys = await import('@/lib/dal/keys');
const pending = await import('@/lib/dal/pending-certificates');
const { saveAutoRotation } = await import('@/lib/dal/rotation-policies');
const { uploadSandboxCertificate } = await import('@/lib/sandbox/admin');
const { testConnection } = await import('@/lib/entra/test-connection');
const { ROTATION_STEPS } = await import('./engine');
const { sandboxAdmin } = await import('@/test/sandbox-admin');

const root = path.resolve(__dirname, '..', '..');
const admin: Actor = { id: 'admin-1', email: 'admin@example.test', name: 'Admin', role: 'admin', mustChangePassword: false };
const DAY = 86_400_000;
let world: Awaited<ReturnType<typeof startPortalWithSandbox>>;

function rotator() {
  const tenant = world.sandbox.connection.tenants.find((t) => t.displayName === 'Contoso Sandbox')!;
  return { tenant, app: tenant.apps.find((a) => a.displayName === 'Pliant Rotator')! };
}

async function azure(): Promise<{ secrets: { keyId: string; displayName: string }[]; certificates: { keyId: string; displayName: string }[] }> {
  const { body } = await sandboxAdmin('GET', `apps/${rotator().app.clientId}`);
  return { secrets: body.passwordCredentials as never, certificates: body.keyCredentials as never };
}

/** A key on Pliant Rotator whose credential is inside its rotation window. */
async function keyInWindow(kind: 'secret' | 'certificate', name: string): Promise<string> {
  const { tenant, app } = rotator();
  const common = { name, description: '', accessType: 'app' as const, cloud: 'sandbox' as const, authorityHost: '', graphEndpoint: '', tenantId: tenant.id, clientId: app.clientId, secretExpiresAt: '', username: '', password: '', operations: ['apps.read-expiry', 'apps.rotate-own'] };
  let created;
  if (kind === 'secret') {
    const secret = await sandboxAdmin('POST', `apps/${app.clientId}/secrets`, { displayName: name, days: 20 });
    // Token-broker only: nobody holds a copy, so the rotation runs through to the removal by itself.
    created = await keys.createKey({ ...common, clientSecret: secret.body.value as string, consumerKind: 'broker' });
  } else {
    const prepared = await pending.prepareCertificate({ mode: 'generate', commonName: name, months: 1, keySize: 2048 });
    const cert = (prepared as { certificate: { id: string; certificatePem: string } }).certificate;
    expect((await uploadSandboxCertificate({ clientId: app.clientId, certificatePem: cert.certificatePem, displayName: name })).ok).toBe(true);
    created = await keys.createKey({ ...common, clientSecret: '', credentialType: 'certificate', certificateId: cert.id });
  }
  const id = (created as { id: string }).id;
  expect((await testConnection(id, { trigger: 'manual' }))?.outcome, name).toBe('success');
  expect(await saveAutoRotation({ keyId: id, enabled: true, daysBefore: 30, lifetimeDays: 60, overlapDays: 7 })).toMatchObject({ status: 'success' });
  return id;
}

function child(times: number[], crashAt?: string): Promise<{ signal: string | null; code: number | null; out: string }> {
  const proc = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', path.join(root, 'test', 'rotation-crash-child.ts')], {
    cwd: root,
    env: { ...process.env, ...(world.temp.url ? { DATABASE_URL: world.temp.url } : {}), DATA_DIR: world.temp.dir, AUTHKEY_MASTER_KEY: world.masterKey.toString('base64'), ROTATION_TIMES: times.join(','), CRASH_AT: crashAt ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal, out })));
}

beforeAll(async () => {
  world = await startPortalWithSandbox();
  who.actor = admin;
});

afterAll(async () => {
  await world?.close();
});

describe('a rotation process killed between any two steps', () => {
  const cases = (['secret', 'certificate'] as const).flatMap((kind) => ROTATION_STEPS.filter((s) => kind === 'certificate' || s !== 'stored').map((step) => [kind, step] as const));

  it.each(cases)('%s key, killed at "%s": resumes, and loses or orphans nothing', async (kind, step) => {
    const keyId = await keyInWindow(kind, `Crash ${kind} ${step}`);
    const [old] = (await getDb().select().from(credentials).where(eq(credentials.authKeyId, keyId))).filter((c) => c.state === 'active');
    // Two days on, a certificate of one month and a secret of 20 days are both in the 30-day window.
    const start = Date.now() + 2 * DAY;
    // The first tick rotates, the second (past the 7-day overlap) removes the old credential.
    const times = [start, start + 8 * DAY];

    const killed = await child(times, step);
    expect(killed.signal, killed.out).toBe('SIGKILL');
    expect(killed.out).toContain(`step ${step}`);
    const resumed = await child(times);
    expect(resumed.code, resumed.out).toBe(0);

    const [run] = await getDb().select().from(rotationRuns).where(eq(rotationRuns.authKeyId, keyId));
    expect(run.state, resumed.out).toBe('done');
    const rows = await getDb().select().from(credentials).where(eq(credentials.authKeyId, keyId));
    const active = rows.filter((c) => c.state === 'active');
    expect(active).toHaveLength(1);
    expect(active[0].id).toBe(run.newCredentialId);
    expect(rows.filter((c) => c.state === 'next' || c.state === 'previous')).toHaveLength(0);
    expect(rows.find((c) => c.id === old.id)).toMatchObject({ state: 'retired', value: null });

    // Azure holds the new credential and not the old; every credential this portal made there is
    // one it knows as active (a secret whose answer was lost was found by its marker and removed).
    const inAzure = await azure();
    const list = kind === 'secret' ? inAzure.secrets : inAzure.certificates;
    expect(list.map((c) => c.keyId)).toContain(run.newAzureKeyId);
    expect(list.map((c) => c.keyId)).not.toContain(run.oldAzureKeyId);
    const known = new Set((await getDb().select({ azureKeyId: credentials.azureKeyId, state: credentials.state }).from(credentials)).filter((c) => c.state === 'active').map((c) => c.azureKeyId));
    for (const ours of [...inAzure.secrets, ...inAzure.certificates].filter((c) => c.displayName.startsWith('authKey Portal rotation'))) expect(known.has(ours.keyId), ours.displayName).toBe(true);
    // Killed after addPassword answered: that secret's value was lost, and it was removed by its marker.
    const orphans = (await getDb().select().from(auditEvents).where(eq(auditEvents.targetId, run.id))).filter((a) => a.action === 'rotation.orphan_removed');
    expect(orphans).toHaveLength(kind === 'secret' && step === 'added' ? 1 : 0);
  }, 60_000);
});
