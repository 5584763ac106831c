import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../index';
import { httpsCall } from '../test-utils/https-client';
import { ensureTlsMaterial } from './certificates';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'authkey-sandbox-tls-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

describe('TLS material', () => {
  it('creates a CA and a localhost server certificate with private keys at mode 0600, and reuses them', async () => {
    const dir = path.join(tempDir(), 'sandbox');
    const first = await ensureTlsMaterial(dir);
    const ca = new X509Certificate(first.caCertPem);
    const server = new X509Certificate(first.serverCertPem);
    expect(ca.ca).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    for (const key of ['ca-key.pem', 'server-key.pem']) expect(statSync(path.join(dir, key)).mode & 0o777).toBe(0o600);
    expect(first.caCertPath).toBe(path.join(dir, 'ca.pem'));

    expect(await ensureTlsMaterial(dir)).toEqual(first);
    // A lost server certificate is re-issued by the same CA, so existing trust still holds.
    unlinkSync(path.join(dir, 'server.pem'));
    const again = await ensureTlsMaterial(dir);
    expect(again.caCertPem).toBe(first.caCertPem);
    expect(again.serverCertPem).not.toBe(first.serverCertPem);
    expect(new X509Certificate(again.serverCertPem).verify(ca.publicKey)).toBe(true);
  });
});

describe('startSandbox', () => {
  it('writes connection.json and keeps the CA across restarts; the URL works with only the sandbox CA trusted', async () => {
    const dataDir = tempDir();
    const first = await startSandbox({ dataDir, port: 0 });
    const file = path.join(dataDir, 'sandbox', 'connection.json');
    const written = JSON.parse(readFileSync(file, 'utf8'));
    await first.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(written).toEqual(first.connection);
    expect(first.url).toMatch(/^https:\/\/localhost:\d+$/);
    expect(written).toMatchObject({ authorityHost: first.url, graphEndpoint: first.url, caCertPath: path.join(dataDir, 'sandbox', 'ca.pem') });
    expect(written.adminToken).toMatch(/^[0-9a-f]{48}$/);
    const app = written.tenants[0].apps[0];
    expect(Object.keys(app).sort()).toEqual(['clientId', 'delegatedPermissions', 'disabled', 'displayName', 'grantedPermissions', 'objectId', 'owners', 'requestedPermissions', 'secrets']);
    expect(Object.keys(app.secrets[0]).sort()).toEqual(['displayName', 'expiresAt', 'hint', 'secretId', 'value']);
    expect(written.tenants[0].users.map((u: { note: string }) => u.note)).toHaveLength(3);

    const second = await startSandbox({ dataDir, port: 0 });
    try {
      expect(readFileSync(second.connection.caCertPath, 'utf8')).toBe(readFileSync(written.caCertPath, 'utf8'));
      // Same seed on every start: ids and secret values match; expiry dates follow the start time.
      expect(second.connection.tenants[0].apps[0].secrets[0].value).toBe(app.secrets[0].value);
      expect(second.connection.tenants[0].id).toBe(written.tenants[0].id);
      const res = await httpsCall(readFileSync(second.connection.caCertPath, 'utf8'), 'GET', `${second.url}/`);
      expect(res.status).toBe(200);
      await expect(httpsCall('', 'GET', `${second.url}/`)).rejects.toThrow();
    } finally {
      await second.close();
    }
  });

  it('`tsx sandbox/cli.ts` prints the URL and exits cleanly on SIGTERM', async () => {
    const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
    const child = spawn(process.execPath, [path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'sandbox/cli.ts'], {
      cwd: repoRoot, env: { ...process.env, DATA_DIR: tempDir(), SANDBOX_PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /^(https:\/\/localhost:\d+)$/m.exec(out);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    expect(url).toMatch(/^https:\/\/localhost:\d+$/);
    const code = await new Promise<number | null>((resolve) => {
      child.removeAllListeners('exit');
      child.on('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
  }, 30_000);
});
