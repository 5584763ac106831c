import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createDecipheriv } from 'node:crypto';
import { dataDir, expect, query } from './fixtures';

// Canary checks shared by the specs that prove a credential never leaks: a value is looked for
// as typed, in base64 (both alphabets) and in hex, in every place the portal writes.

/** Every way a value could leak into bytes: as typed, base64 (both alphabets) and hex. */
export function encodings(secret: string): string[] {
  const raw = Buffer.from(secret, 'utf8');
  return [secret, raw.toString('base64').replace(/=+$/, ''), raw.toString('base64url'), raw.toString('hex'), raw.toString('hex').toUpperCase()];
}

export function expectAbsent(label: string, bytes: Buffer | string, secret: string) {
  const text = Buffer.isBuffer(bytes) ? bytes.toString('latin1') : bytes;
  for (const form of encodings(secret)) expect(text.includes(form), `${label} holds the secret (${form.slice(0, 6)}…)`).toBe(false);
}

/** Opens a sealed value as the brief specifies it: ak1: + base64([v1][key id 8][nonce 12][ct][tag 16]). */
export function openSealed(sealed: string, binding: { table: string; row: string; column: string }, key: Buffer): string {
  const raw = Buffer.from(sealed.slice('ak1:'.length), 'base64');
  const header = raw.subarray(0, 9);
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(9, 21), { authTagLength: 16 });
  decipher.setAAD(Buffer.concat([header, Buffer.from(`authkey-portal\u0000${binding.table}\u0000${binding.row}\u0000${binding.column}`, 'utf8')]));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  return Buffer.concat([decipher.update(raw.subarray(21, raw.length - 16)), decipher.final()]).toString('utf8');
}

export function masterKey(): Buffer {
  return Buffer.from(fs.readFileSync(path.join(dataDir(), 'master.key'), 'utf8').trim(), 'base64');
}

export function runScript(script: string, ...args: string[]): string {
  return execFileSync('npm', ['run', '-s', script, '--', ...args], { env: { ...process.env, DATA_DIR: dataDir(), AUTHKEY_MASTER_KEY: '' }, encoding: 'utf8' });
}

/**
 * Looks for each needle in every response the browser received, the audit rows, the database
 * and its WAL, the log file, the server's console output and a backup taken while it runs.
 */
export function expectNowhere(needles: string[], bodies: { url: string; body: Buffer | string }[]) {
  expect(bodies.length).toBeGreaterThan(5);
  const audit = JSON.stringify(query('select * from audit_events'));
  const dir = dataDir();
  const log = path.join(dir, 'logs', 'portal.log');
  // The server logs its start, so the file exists and the check below cannot pass vacuously.
  expect(fs.existsSync(log), 'the portal writes DATA_DIR/logs/portal.log').toBe(true);
  expect(fs.readFileSync(log, 'utf8')).toContain('portal server started');
  const output = path.join(dir, 'server-output.log');
  expect(fs.readFileSync(output, 'utf8'), 'the web server records its console output').toContain('[authkey] portal on http://');
  const backup = path.join(os.tmpdir(), `authkey-canary-backup-${process.pid}-${Date.now()}.db`);
  try {
    expect(runScript('db:backup', backup)).toContain('integrity ok');
    const files: [string, Buffer][] = [
      ...['portal.db', 'portal.db-wal'].filter((n) => fs.existsSync(path.join(dir, n))).map((n): [string, Buffer] => [n, fs.readFileSync(path.join(dir, n))]),
      ['the log file', fs.readFileSync(log)],
      ["the server's standard output", fs.readFileSync(output)],
      ['the backup', fs.readFileSync(backup)],
    ];
    for (const needle of needles) {
      for (const { url, body } of bodies) expectAbsent(`response of ${url}`, body, needle);
      expectAbsent('audit rows', audit, needle);
      for (const [label, bytes] of files) expectAbsent(label, bytes, needle);
    }
  } finally {
    fs.rmSync(backup, { force: true });
  }
}
