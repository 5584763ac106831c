import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { eq, isNotNull } from 'drizzle-orm';
import { getDb, type Db } from '@/db';
import { alertChannels, credentials, jobRows, settings, pendingCertificates } from '@/db/schema';
import { dataDir } from '@/db/data-dir';
import { keyIdHex, open, seal, sealedKeyId, toMasterKey, type Binding, type MasterKey } from './envelope';
import { KEY_FILE_NAME, loadMasterKey, makeKeyCheck, MasterKeyError, verifyKeyCheck } from './master-key';

// Where `npm run keys:rotate-master` puts the new key before its transaction commits.
export const NEXT_KEY_FILE = 'master.key.next';

export const KEY_CHECK_SETTING = 'crypto.keyCheck';

/** True when anything in the database was sealed with some master key. */
export async function hasEncryptedData(db: Db): Promise<boolean> {
  // One after the other: this may run inside a transaction, whose one connection takes one query at a time.
  const probes = [
    () => db.select({ k: settings.key }).from(settings).where(eq(settings.key, KEY_CHECK_SETTING)).limit(1),
    () => db.select({ id: credentials.id }).from(credentials).where(isNotNull(credentials.value)).limit(1),
    () => db.select({ id: alertChannels.id }).from(alertChannels).where(isNotNull(alertChannels.secret)).limit(1),
    () => db.select({ id: jobRows.id }).from(jobRows).where(isNotNull(jobRows.secret)).limit(1),
    () => db.select({ id: pendingCertificates.id }).from(pendingCertificates).limit(1),
  ];
  for (const probe of probes) if ((await probe()).length > 0) return true;
  return false;
}

async function keyCheck(db: Db): Promise<string | null> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, KEY_CHECK_SETTING)).limit(1);
  return row ? String(row.value) : null;
}

/**
 * Loads the master key and proves it is the right one against the stored check value,
 * writing that value on first start. Throws MasterKeyError with advice otherwise.
 */
export async function unlock(db: Db, dir: string = dataDir()): Promise<{ key: MasterKey; source: string }> {
  const { key, source } = loadMasterKey(dir, { hasEncryptedData: await hasEncryptedData(db) });
  const check = await keyCheck(db);
  if (!check) {
    // Several instances may start on an empty database at once: the first check written wins,
    // and an instance with another key then stops below instead of sealing with it.
    await db.insert(settings).values({ key: KEY_CHECK_SETTING, value: makeKeyCheck(key) }).onConflictDoNothing();
    const written = await keyCheck(db);
    if (written) verifyKeyCheck(written, key);
    return { key, source };
  }
  try {
    verifyKeyCheck(check, key);
    return { key, source };
  } catch (error) {
    const recovered = recoverInterruptedRotation(dir, check, source);
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
async function masterKey(): Promise<MasterKey> {
  const db = getDb();
  const cached = globalForKeys.__authkeyMasterKey;
  if (cached) {
    const check = await keyCheck(db);
    if (!check || sealedKeyId(check) === keyIdHex(cached)) return cached;
  }
  globalForKeys.__authkeyMasterKey = (await unlock(db)).key;
  return globalForKeys.__authkeyMasterKey;
}

/** For tests and key rotation: use this key from now on. */
export function setMasterKey(key: MasterKey | undefined): void {
  globalForKeys.__authkeyMasterKey = key;
}

export async function sealValue(plaintext: string, binding: Binding): Promise<string> {
  return seal(plaintext, binding, await masterKey());
}

export async function openValue(sealed: string, binding: Binding): Promise<string> {
  return open(sealed, binding, [await masterKey()]);
}
