import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createDecipheriv } from 'node:crypto';
import { dataDir, expect, query, run, test } from './fixtures';
import { KeysPage } from './pages/keys-page';
import { sandboxApp } from './pages/keys-sandbox';
import { WizardPage } from './pages/wizard-page';

// Acceptance 3 (the canary: also base64 and hex, the log file and a backup) and 5 (master key
// rotation while the portal runs: the key still tests green, the old master key opens nothing).

/** Every way the secret could leak into bytes: as typed, base64 (both alphabets) and hex. */
function encodings(secret: string): string[] {
  const raw = Buffer.from(secret, 'utf8');
  return [secret, raw.toString('base64').replace(/=+$/, ''), raw.toString('base64url'), raw.toString('hex'), raw.toString('hex').toUpperCase()];
}

function expectAbsent(label: string, bytes: Buffer | string, secret: string) {
  const text = Buffer.isBuffer(bytes) ? bytes.toString('latin1') : bytes;
  for (const form of encodings(secret)) expect(text.includes(form), `${label} holds the secret (${form.slice(0, 6)}…)`).toBe(false);
}

/** Opens a sealed value as the brief specifies it: ak1: + base64([v1][key id 8][nonce 12][ct][tag 16]). */
function openSealed(sealed: string, binding: { table: string; row: string; column: string }, key: Buffer): string {
  const raw = Buffer.from(sealed.slice('ak1:'.length), 'base64');
  const header = raw.subarray(0, 9);
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(9, 21), { authTagLength: 16 });
  decipher.setAAD(Buffer.concat([header, Buffer.from(`authkey-portal\u0000${binding.table}\u0000${binding.row}\u0000${binding.column}`, 'utf8')]));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  return Buffer.concat([decipher.update(raw.subarray(21, raw.length - 16)), decipher.final()]).toString('utf8');
}

function runScript(script: string, ...args: string[]): string {
  return execFileSync('npm', ['run', '-s', script, '--', ...args], { env: { ...process.env, DATA_DIR: dataDir(), AUTHKEY_MASTER_KEY: '' }, encoding: 'utf8' });
}

test('a secret saved through the wizard never leaks, and survives a master key rotation', async ({ adminPage: page }) => {
  test.setTimeout(120_000);
  const { tenant, app, secret } = sandboxApp('Pliant Automation');
  const bodies: { url: string; body: Buffer }[] = [];
  page.on('response', async (response) => {
    try {
      bodies.push({ url: response.url(), body: await response.body() });
    } catch {
      // Redirects have no body.
    }
  });

  const wizard = new WizardPage(page);
  await wizard.enterKeyAndContinue('Sandbox', { name: `Canary ${Date.now()}`, tenantId: tenant.id, clientId: app.clientId, clientSecret: secret.value }, ['Create and update users']);
  await expect(await wizard.testConnection()).toContainText('Connected');
  await wizard.save();
  await page.waitForURL(/\/keys\/[0-9a-f-]{36}\?saved=1/);
  const keyId = new KeysPage(page).keyIdFromUrl();

  // Every page, RSC payload and action response the browser received.
  expect(bodies.length).toBeGreaterThan(5);
  for (const { url, body } of bodies) expectAbsent(`response of ${url}`, body, secret.value);
  expectAbsent('audit rows', JSON.stringify(query('select * from audit_events')), secret.value);

  // The database and its WAL, the log file, and a backup taken while the portal runs.
  const dir = dataDir();
  for (const name of ['portal.db', 'portal.db-wal']) if (fs.existsSync(path.join(dir, name))) expectAbsent(name, fs.readFileSync(path.join(dir, name)), secret.value);
  const log = path.join(dir, 'logs', 'portal.log');
  // The server logs its start, so the file exists and the check below cannot pass vacuously.
  expect(fs.existsSync(log), 'the portal writes DATA_DIR/logs/portal.log').toBe(true);
  expect(fs.readFileSync(log, 'utf8')).toContain('portal server started');
  expectAbsent('the log file', fs.readFileSync(log), secret.value);
  // And the server's console: everything `npm start` printed to stdout and stderr so far.
  const output = path.join(dir, 'server-output.log');
  expect(fs.readFileSync(output, 'utf8'), 'the web server records its console output').toContain('[authkey] portal on http://');
  expectAbsent("the server's standard output", fs.readFileSync(output), secret.value);
  const backup = path.join(os.tmpdir(), `authkey-canary-backup-${process.pid}.db`);
  try {
    expect(runScript('db:backup', backup)).toContain('integrity ok');
    expectAbsent('the backup', fs.readFileSync(backup), secret.value);
  } finally {
    fs.rmSync(backup, { force: true });
  }

  // Rotate the master key under the running portal.
  const oldKey = Buffer.from(fs.readFileSync(path.join(dir, 'master.key'), 'utf8').trim(), 'base64');
  expect(runScript('keys:rotate-master')).toMatch(/Re-encrypted \d+ value/);
  const newKey = Buffer.from(fs.readFileSync(path.join(dir, 'master.key'), 'utf8').trim(), 'base64');
  expect(newKey.equals(oldKey)).toBe(false);
  const sealed = query<{ id: string; value: string }>('select id, value from credentials where value is not null');
  expect(sealed.length).toBeGreaterThan(0);
  for (const row of sealed) {
    const binding = { table: 'credentials', row: row.id, column: 'value' };
    expect(() => openSealed(row.value, binding, oldKey), `credential ${row.id} with the old key`).toThrow();
    expect(() => openSealed(row.value, binding, newKey)).not.toThrow();
  }
  const ours = query<{ id: string; value: string }>("select id, value from credentials where auth_key_id = ? and state = 'active'", keyId)[0];
  expect(openSealed(ours.value, { table: 'credentials', row: ours.id, column: 'value' }, newKey)).toBe(secret.value);

  // The key still tests green: the portal picked up the new key without a restart.
  await page.goto(`/keys/${keyId}`);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('test-result')).toContainText('Connected', { timeout: 20_000 });
  expect(query("select count(*) as n from audit_events where action = 'crypto.rotate_master_key'")[0]).toEqual({ n: 1 });
  // Leave no key behind: later specs start from an empty key list.
  run('delete from auth_keys where id = ?', keyId);
});
