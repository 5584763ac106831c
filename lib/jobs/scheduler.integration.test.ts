import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Actor } from '@/lib/auth/session';

const admin: Actor = { id: 'admin-1', email: 'admin@example.test', name: 'Admin', role: 'admin', mustChangePassword: false };
vi.mock('@/lib/auth/session', () => ({ ForbiddenError: class extends Error {}, requireRole: async () => admin }));

const { closeDatabase, databasePath, openDatabase } = await import('@/db');
const { storeCredential } = await import('@/lib/dal/credentials');
const { saveChannel } = await import('@/lib/dal/alerts');
const { loadDashboard } = await import('@/lib/dal/expiry');
const { putSetting } = await import('@/lib/dal/audit-retention');
const { authKeys, keyTests, credentials, leases } = await import('@/db/schema');
const { trustedFetch } = await import('@/lib/net/https-fetch');
const { startPortalWithSandbox } = await import('@/test/portal-with-sandbox');
const { createScheduler, REQUESTED_SETTING } = await import('./scheduler');

let temp: typeof world.temp;
let world: Awaited<ReturnType<typeof startPortalWithSandbox>>;
let sandbox: typeof world.sandbox;
const posts: Record<string, unknown>[] = [];
const receiver = http.createServer((req, res) => {
  let raw = '';
  req.on('data', (c: Buffer) => (raw += c.toString()));
  req.on('end', () => {
    posts.push(JSON.parse(raw));
    res.writeHead(200).end('ok');
  });
});

function pliant() {
  const tenant = sandbox.connection.tenants.find((t) => t.displayName === 'Contoso Sandbox')!;
  const app = tenant.apps.find((a) => a.displayName === 'Pliant Automation')!;
  const [soon, later] = [...app.secrets].sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
  return { tenant, app, soon, later };
}

async function addKey(name: string, secret: { value: string }) {
  const { tenant, app } = pliant();
  const id = `key-${name}`;
  await temp.db.insert(authKeys).values({ id, name, cloud: 'sandbox', tenantId: tenant.id, clientId: app.clientId });
  await storeCredential(temp.db, id, 'secret', secret.value, null);
  return id;
}

// A fresh scheduler that leads: earlier tests' leader leases are forgotten first.
const newLeader = (owner: string, clock?: () => Date) => ({
  tick: async (options?: { awaitDelivery?: boolean }) => {
    await temp.db.delete(leases);
    return createScheduler({ owner, clock }).tick(options);
  },
});
const requestRun = () => putSetting(temp.db, REQUESTED_SETTING, new Date().toISOString());
const testsOf = async (keyId: string) => (await temp.db.select().from(keyTests)).filter((t) => t.authKeyId === keyId);

const extraConnections: Awaited<ReturnType<typeof openDatabase>>[] = [];

beforeAll(async () => {
  world = await startPortalWithSandbox();
  ({ temp, sandbox } = world);
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  await saveChannel({ kind: 'webhook', name: 'Hook', enabled: true, digest: false, url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, channelId: undefined });
});

afterAll(async () => {
  await Promise.all(extraConnections.map((db) => closeDatabase(db)));
  await new Promise((r) => receiver.close(r));
  await world?.close();
});

describe('scheduled health checks', () => {
  it('runs each check once with two scheduler instances on one database', async () => {
    await addKey('current', pliant().later);
    await addKey('half-rotated', pliant().soon);
    // Each instance has its own connection to the same database, as two portal processes would.
    const [dbA, dbB] = [openDatabase(temp.url ?? databasePath(temp.dir)), openDatabase(temp.url ?? databasePath(temp.dir))];
    // Closed after all tests: deliveries these ticks start in the background may still be running.
    extraConnections.push(dbA, dbB);
    const a = createScheduler({ owner: 'process-a', db: dbA });
    const b = createScheduler({ owner: 'process-b', db: dbB });
    const results = await Promise.all([a.tick({ awaitDelivery: true }), b.tick({ awaitDelivery: true }), a.tick(), b.tick()]);
    expect(results.map((r) => r.checked).filter((n) => n !== null)).toEqual([2]);
    expect(await testsOf('key-current')).toHaveLength(1);
    expect(await testsOf('key-half-rotated')).toHaveLength(1);
    expect((await testsOf('key-current'))[0]).toMatchObject({ trigger: 'scheduled', outcome: 'success' });

    // Not due again until the interval passes or someone asks.
    expect((await b.tick()).checked).toBeNull();
    await requestRun();
    await Promise.all([a.tick({ awaitDelivery: true }), b.tick({ awaitDelivery: true })]);
    expect(await testsOf('key-current')).toHaveLength(2);
  });

  it('reads expiry from Graph and calls out a newer secret on the app', async () => {
    const stored = (await temp.db.select().from(credentials)).find((c) => c.authKeyId === 'key-half-rotated')!;
    expect(stored.expirySource).toBe('graph');
    expect(stored.azureKeyId).toBe(pliant().soon.secretId);
    expect(stored.appNewerSecret?.keyId).toBe(pliant().later.secretId);
    const dash = await loadDashboard({});
    expect(dash.rows.find((r) => r.keyId === 'key-half-rotated')?.problems).toEqual(['newer_secret']);
    expect(dash.rows.find((r) => r.keyId === 'key-current')?.problems).toEqual([]);
  });

  it('marks the key and alerts after the stored secret is deleted in Azure', async () => {
    const { app, later } = pliant();
    const deleted = await trustedFetch(`${sandbox.url}/_sandbox/apps/${app.clientId}/secrets/${later.secretId}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${sandbox.connection.adminToken}` },
      ca: fs.readFileSync(sandbox.connection.caCertPath),
    });
    expect(deleted.status).toBe(204);
    await requestRun();
    await newLeader('process-a').tick({ awaitDelivery: true });
    const last = (await testsOf('key-current')).at(-1)!;
    expect(last).toMatchObject({ outcome: 'failure', code: 'AADSTS7000215' });
    const row = (await loadDashboard({})).rows.find((r) => r.keyId === 'key-current')!;
    expect(row.problems).toContain('deleted');
    const alert = posts.find((p) => p.event === 'check.failed');
    expect(alert).toMatchObject({ authKey: { id: 'key-current' }, title: 'Health check failed for authKey “current”' });
    expect(posts.filter((p) => p.event === 'check.failed')).toHaveLength(1);
  });
});

describe('rollback grace period', () => {
  it('erases a previous secret once its grace period is over, keeping its history row', async () => {
    const { sealValue } = await import('@/lib/crypto/keyring');
    const id = 'previous-credential';
    await temp.db
      .insert(credentials)
      .values({ id, authKeyId: 'key-current', kind: 'secret', state: 'previous', value: await sealValue('old-value', { table: 'credentials', row: id, column: 'value' }), hint: 'old', eraseAfter: new Date(Date.now() + 60_000).toISOString() });
    const row = async () => (await temp.db.select().from(credentials)).find((c) => c.id === id)!;
    await newLeader('process-a').tick({ awaitDelivery: true });
    expect(await row()).toMatchObject({ state: 'previous' });
    await newLeader('process-a', () => new Date(Date.now() + 120_000)).tick({ awaitDelivery: true });
    expect(await row()).toMatchObject({ state: 'retired', value: null, hint: 'old' });
  });
});
