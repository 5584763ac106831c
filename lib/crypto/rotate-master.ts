import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { transaction, type Db } from '@/db';
import { settings } from '@/db/schema';
import { writeAudit } from '@/lib/dal/audit-write';
import { keyIdHex, toMasterKey } from './envelope';
import { hasEncryptedData, KEY_CHECK_SETTING, NEXT_KEY_FILE } from './keyring';
import { KEY_FILE_NAME, loadMasterKey, verifyKeyCheck } from './master-key';
import { reencryptAll, type RotationReport } from './rotate';


export type RotationResult = {
  source: 'env' | 'file';
  oldKeyId: string;
  newKeyId: string;
  report: RotationReport;
  /** Only when the key came from AUTHKEY_MASTER_KEY: the operator must put this in the environment. */
  newKeyBase64?: string;
  nextKeyFile: string;
};

function writeDurably(file: string, text: string) {
  const fd = fs.openSync(file, 'w', 0o600);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.chmodSync(file, 0o600);
}

function fsyncDir(dir: string) {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Replaces the master key. Order matters for crash safety:
 *   1. the new key is written to master.key.next (fsynced);
 *   2. every sealed value and the key check are re-sealed in one transaction, with its audit row;
 *   3. with a key file, master.key.next is renamed over master.key.
 * A crash after 2 and before 3 is repaired at the next start (see unlock in keyring.ts).
 */
export async function rotateMasterKey(db: Db, dir: string, env: Record<string, string | undefined> = process.env): Promise<RotationResult> {
  const { key: current, source } = loadMasterKey(dir, { hasEncryptedData: await hasEncryptedData(db), env: env as NodeJS.ProcessEnv });
  const [check] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, KEY_CHECK_SETTING));
  if (check) verifyKeyCheck(check.value as string, current);
  const bytes = randomBytes(32);
  const next = toMasterKey(bytes);
  const nextKeyFile = path.join(dir, NEXT_KEY_FILE);
  writeDurably(nextKeyFile, bytes.toString('base64') + '\n');
  fsyncDir(dir);

  const report = await transaction(async (tx) => {
    const result = await reencryptAll(tx, [current], next);
    await writeAudit(tx, {
      action: 'crypto.rotate_master_key',
      outcome: 'success',
      actorEmail: 'system',
      detail: { from: keyIdHex(current), to: keyIdHex(next), reencrypted: result.reduce((n, r) => n + r.count, 0) },
    });
    return result;
  }, db);

  if (source !== 'env') {
    fs.renameSync(nextKeyFile, path.join(dir, KEY_FILE_NAME));
    fsyncDir(dir);
  }
  return {
    source: source === 'env' ? 'env' : 'file',
    oldKeyId: keyIdHex(current),
    newKeyId: keyIdHex(next),
    report,
    newKeyBase64: source === 'env' ? bytes.toString('base64') : undefined,
    nextKeyFile,
  };
}
