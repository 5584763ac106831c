import 'server-only';
import { eq, isNotNull } from 'drizzle-orm';
import { getDb, type Db } from '@/db';
import { alertChannels, credentials, jobRows, settings } from '@/db/schema';
import { dataDir } from '@/lib/config/data-dir';
import { open, seal, type Binding, type MasterKey } from './envelope';
import { loadMasterKey, makeKeyCheck, verifyKeyCheck } from './master-key';

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
  if (check) verifyKeyCheck(String(check.value), key);
  else db.insert(settings).values({ key: KEY_CHECK_SETTING, value: makeKeyCheck(key) }).run();
  return { key, source };
}

const globalForKeys = globalThis as unknown as { __authkeyMasterKey?: MasterKey };

function masterKey(): MasterKey {
  globalForKeys.__authkeyMasterKey ??= unlock(getDb()).key;
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
