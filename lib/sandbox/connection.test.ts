import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox } from '@/sandbox/index';
import { readSandboxConnection } from './connection';

let dir: string;
afterEach(() => {
  delete process.env.DATA_DIR;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('readSandboxConnection', () => {
  it('reads what the running sandbox wrote, checked against the shared schema', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'authkey-conn-'));
    process.env.DATA_DIR = dir;
    const sandbox = await startSandbox({ dataDir: dir, port: 0 });
    try {
      const found = readSandboxConnection();
      expect(found?.connection.authorityHost).toBe(sandbox.url);
      expect(found?.connection.tenants[0].apps.map((a) => a.displayName)).toContain('Pliant Automation');
      expect(found?.ca).toContain('BEGIN CERTIFICATE');
    } finally {
      await sandbox.close();
    }
  });

  it('says plainly when the file is not what this sandbox writes, and null when there is none', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'authkey-conn-'));
    process.env.DATA_DIR = dir;
    expect(readSandboxConnection()).toBeNull();
    fs.mkdirSync(path.join(dir, 'sandbox'));
    fs.writeFileSync(path.join(dir, 'sandbox', 'connection.json'), JSON.stringify({ authorityHost: 'https://localhost:1', graphEndpoint: 'https://localhost:1', caCertPath: '/x', adminToken: 't', tenants: [{ id: 'x' }] }));
    expect(() => readSandboxConnection()).toThrow(/connection\.json is not what this portal's sandbox writes \(tenants\.0\.displayName: .*\)\. Restart the portal/);
  });
});
