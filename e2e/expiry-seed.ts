import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { dataDir, run } from './fixtures';

type Secret = { displayName: string; secretId: string; value: string; hint: string; expiresAt: string };
type App = { displayName: string; clientId: string; objectId: string; secrets: Secret[] };
type Connection = { authorityHost: string; adminToken: string; caCertPath: string; tenants: { id: string; displayName: string; apps: App[] }[] };

export function sandboxConnection(): Connection {
  return JSON.parse(fs.readFileSync(path.join(dataDir(), 'sandbox', 'connection.json'), 'utf8'));
}

/** A seeded Contoso app with its secrets, soonest expiry first. */
export function contosoApp(name: string) {
  const tenant = sandboxConnection().tenants.find((t) => t.displayName === 'Contoso Sandbox')!;
  const app = tenant.apps.find((a) => a.displayName === name);
  if (!app) throw new Error(`The sandbox has no app "${name}"`);
  return { tenantId: tenant.id, app, secrets: [...app.secrets].sort((a, b) => a.expiresAt.localeCompare(b.expiresAt)) };
}

export type SeedKey = { name: string; tenantId: string; clientId: string; secret: string; expiresAt: string | null; certificateMonths?: number };

/**
 * Creates authKeys with encrypted secrets, as the wizard would, through the portal's own data
 * layer in a child process (it needs the react-server condition and the data directory's key).
 */
export function seedKeys(keys: SeedKey[]): string[] {
  return seedKeyRecords(keys).map((k) => k.id);
}

/** As seedKeys, with the public certificate of each certificate key (to upload to its app). */
export function seedKeyRecords(keys: SeedKey[]): { id: string; certificatePem?: string }[] {
  const cli = path.join(__dirname, 'expiry-seed-cli.ts');
  const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), '--conditions=react-server', cli, JSON.stringify(keys)], {
    cwd: path.resolve(__dirname, '..'),
    env: { ...process.env, DATA_DIR: dataDir(), AUTHKEY_MASTER_KEY: '' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`seeding keys failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as { id: string; certificatePem?: string }[];
}

/** Rotation retries a failing new secret for a minute by default; tests need a short window. */
export function setRotationWindow(seconds: number): void {
  const value = JSON.stringify({ rotation: { testWindowSeconds: seconds, graceDays: 7 } });
  run("insert into settings (key, value) values ('expiry.settings', ?) on conflict(key) do update set value = excluded.value", value);
}

/** A call to the sandbox's admin API (the e2e's stand-in for an administrator in Azure). */
export function sandboxAdmin<T = unknown>(method: string, route: string, body?: unknown): Promise<{ status: number; body: T }> {
  const conn = sandboxConnection();
  return new Promise((resolve, reject) => {
    const req = https.request(
      `${conn.authorityHost}/_sandbox/${route}`,
      { method, headers: { Authorization: `Bearer ${conn.adminToken}`, 'content-type': 'application/json' }, ca: fs.readFileSync(conn.caCertPath) },
      (res) => {
        let raw = '';
        res.on('data', (c: Buffer) => (raw += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: (raw ? JSON.parse(raw) : null) as T }));
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** The sandbox's current connection details (its secrets change with addPassword/removePassword). */
export async function liveSandboxApp(name: string): Promise<App> {
  const { body } = await sandboxAdmin<Connection>('GET', 'connection');
  return body.tenants.flatMap((t) => t.apps).find((a) => a.displayName === name)!;
}
