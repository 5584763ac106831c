import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Db } from '@/db';
import { writeAudit } from '@/lib/dal/audit-write';
import { keyIdHex, toMasterKey } from './envelope';
import { hasEncryptedData, NEXT_KEY_FILE } from './keyring';
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
export function rotateMasterKey(db: Db, dir: string, env: Record<string, string | undefined> = process.env): RotationResult {
  const { key: current, source } = loadMasterKey(dir, { hasEncryptedData: hasEncryptedData(db), env: env as NodeJS.ProcessEnv });
  const check = db.$client.prepare("select value from settings where key = 'crypto.keyCheck'").get() as { value: string } | undefined;
  if (check) verifyKeyCheck(JSON.parse(check.value) as string, current);
  const bytes = randomBytes(32);
  const next = toMasterKey(bytes);
  const nextKeyFile = path.join(dir, NEXT_KEY_FILE);
  writeDurably(nextKeyFile, bytes.toString('base64') + '\n');
  fsyncDir(dir);

  const report = db.transaction((tx) => {
    const result = reencryptAll(db, [current], next);
    writeAudit(tx, {
      action: 'crypto.rotate_master_key',
      outcome: 'success',
      actorEmail: 'system',
      detail: { from: keyIdHex(current), to: keyIdHex(next), reencrypted: result.reduce((n, r) => n + r.count, 0) },
    });
    return result;
  });

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
