import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { eq, isNotNull } from 'drizzle-orm';
import { getDb, type Db } from '@/db';
import { alertChannels, credentials, jobRows, settings } from '@/db/schema';
import { dataDir } from '@/lib/config/data-dir';
import { keyIdHex, open, seal, sealedKeyId, toMasterKey, type Binding, type MasterKey } from './envelope';
import { KEY_FILE_NAME, loadMasterKey, makeKeyCheck, MasterKeyError, verifyKeyCheck } from './master-key';

// Where `npm run keys:rotate-master` puts the new key before its transaction commits.
export const NEXT_KEY_FILE = 'master.key.next';

export const KEY_CHECK_SETTING = 'crypto.keyCheck';

/** True when anything in the database was sealed with some master key. */
export function hasEncryptedData(db: Db): boolean {
  return Boolean(
    db.select({ k: settings.key }).from(settings).where(eq(settings.key, KEY_CHECK_SETTING)).get() ||
      db.select({ id: credentials.id }).from(credentials).where(isNotNull(credentials.value)).limit(1).get() ||
      db.select({ id: alertChannels.id }).from(alertChannels).where(isNotNull(alertChannels.secret)).limit(1).get() ||
      db.select({ id: jobRows.id }).from(jobRows).where(isNotNull(jobRows.secret)).limit(1).get(),
  );
}

/**
 * Loads the master key and proves it is the right one against the stored check value,
 * writing that value on first start. Throws MasterKeyError with advice otherwise.
 */
export function unlock(db: Db, dir: string = dataDir()): { key: MasterKey; source: string } {
  const { key, source } = loadMasterKey(dir, { hasEncryptedData: hasEncryptedData(db) });
  const check = db.select().from(settings).where(eq(settings.key, KEY_CHECK_SETTING)).get();
  if (!check) {
    db.insert(settings).values({ key: KEY_CHECK_SETTING, value: makeKeyCheck(key) }).run();
    return { key, source };
  }
  try {
    verifyKeyCheck(String(check.value), key);
    return { key, source };
  } catch (error) {
    const recovered = recoverInterruptedRotation(dir, String(check.value), source);
    if (recovered) return { key: recovered, source };
    throw error;
  }
}

/**
 * A master key rotation commits the re-encrypted data before it renames master.key.next over
 * master.key. If it stopped in between, the data already needs the next key: finish the rename.
 * With AUTHKEY_MASTER_KEY the environment cannot be changed from here, so say what to do.
 */
function recoverInterruptedRotation(dir: string, check: string, source: string): MasterKey | null {
  const nextFile = path.join(dir, NEXT_KEY_FILE);
  if (!fs.existsSync(nextFile)) return null;
  const next = toMasterKey(Buffer.from(fs.readFileSync(nextFile, 'utf8').trim(), 'base64'));
  try {
    verifyKeyCheck(check, next);
  } catch {
    return null;
  }
  if (source === 'env') {
    throw new MasterKeyError(
      `The master key was rotated: set AUTHKEY_MASTER_KEY to the key in ${nextFile}, then delete that file. Nothing was changed.`,
    );
  }
  fs.renameSync(nextFile, path.join(dir, KEY_FILE_NAME));
  return next;
}

const globalForKeys = globalThis as unknown as { __authkeyMasterKey?: MasterKey };

/**
 * The key in memory, as long as the stored key check was sealed with it. After a rotation by
 * `npm run keys:rotate-master` the check changes, so a running portal reloads the key (or
 * stops with advice) instead of sealing new values with a key that no longer opens anything.
 */
function masterKey(): MasterKey {
  const db = getDb();
  const cached = globalForKeys.__authkeyMasterKey;
  if (cached) {
    const check = db.select({ value: settings.value }).from(settings).where(eq(settings.key, KEY_CHECK_SETTING)).get();
    if (!check || sealedKeyId(String(check.value)) === keyIdHex(cached)) return cached;
  }
  globalForKeys.__authkeyMasterKey = unlock(db).key;
  return globalForKeys.__authkeyMasterKey;
}

/** For tests and key rotation: use this key from now on. */
export function setMasterKey(key: MasterKey | undefined): void {
  globalForKeys.__authkeyMasterKey = key;
}

export function sealValue(plaintext: string, binding: Binding): string {
  return seal(plaintext, binding, masterKey());
}

export function openValue(sealed: string, binding: Binding): string {
  return open(sealed, binding, [masterKey()]);
}
