import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { DecryptionError, open, seal, toMasterKey, type MasterKey } from './envelope';

export const KEY_FILE_NAME = 'master.key';
const CHECK_BINDING = { table: 'settings', row: 'crypto.keyCheck', column: 'value' } as const;
const CHECK_PLAINTEXT = 'authkey-portal master key check';

/** A start-up problem the operator must fix; its message says how. */
export class MasterKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MasterKeyError';
  }
}

function parseBase64Key(text: string, where: string): MasterKey {
  const bytes = Buffer.from(text.trim(), 'base64');
  if (bytes.length !== 32) {
    throw new MasterKeyError(
      `${where} must hold base64 of exactly 32 bytes (it decodes to ${bytes.length}). ` +
        'Generate one with: node -e "console.log(require(\'crypto\').randomBytes(32).toString(\'base64\'))"',
    );
  }
  return toMasterKey(bytes);
}

export type KeySource = { key: MasterKey; source: 'env' | 'file' | 'created' };

/**
 * Finds the master key: AUTHKEY_MASTER_KEY first, then the key file in the data directory.
 * A key file is created only when nothing is encrypted yet; otherwise a new key would make
 * every stored secret unreadable, so the start stops instead.
 */
export function loadMasterKey(dir: string, opts: { hasEncryptedData: boolean; env?: Record<string, string | undefined> }): KeySource {
  const env = opts.env ?? process.env;
  if (env.AUTHKEY_MASTER_KEY) return { key: parseBase64Key(env.AUTHKEY_MASTER_KEY, 'AUTHKEY_MASTER_KEY'), source: 'env' };
  const file = path.join(dir, KEY_FILE_NAME);
  if (fs.existsSync(file)) return { key: parseBase64Key(fs.readFileSync(file, 'utf8'), file), source: 'file' };
  if (opts.hasEncryptedData) {
    throw new MasterKeyError(
      `No master key found: AUTHKEY_MASTER_KEY is not set and ${file} does not exist, but the database holds ` +
        'encrypted secrets. Restore the key file from your backup or set AUTHKEY_MASTER_KEY to the key used before. ' +
        'A new key will not be generated over existing data.',
    );
  }
  fs.mkdirSync(dir, { recursive: true });
  const bytes = randomBytes(32);
  // 'wx' refuses to overwrite a key file that appeared meanwhile.
  fs.writeFileSync(file, bytes.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  return { key: toMasterKey(bytes), source: 'created' };
}

/** Seals the fixed check value, stored once so later starts can tell a wrong key at once. */
export function makeKeyCheck(key: MasterKey): string {
  return seal(CHECK_PLAINTEXT, CHECK_BINDING, key);
}

export function verifyKeyCheck(sealed: string, key: MasterKey): void {
  try {
    if (open(sealed, CHECK_BINDING, [key]) === CHECK_PLAINTEXT) return;
  } catch (error) {
    if (!(error instanceof DecryptionError)) throw error;
  }
  throw new MasterKeyError(
    'The master key does not match the one this data was encrypted with. Set AUTHKEY_MASTER_KEY (or restore ' +
      `${KEY_FILE_NAME} in the data directory) to the original key. Nothing was changed.`,
  );
}
