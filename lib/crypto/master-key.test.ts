import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTempDb, type TempDb } from '@/test/temp-db';
import { setMasterKey, unlock } from './keyring';
import { loadMasterKey, MasterKeyError } from './master-key';

let temp: TempDb;
const savedEnv = process.env.AUTHKEY_MASTER_KEY;
beforeEach(async () => {
  delete process.env.AUTHKEY_MASTER_KEY;
  temp = await useTempDb();
});
afterEach(async () => {
  setMasterKey(undefined);
  await temp.close();
  if (savedEnv === undefined) delete process.env.AUTHKEY_MASTER_KEY;
  else process.env.AUTHKEY_MASTER_KEY = savedEnv;
});

describe('master key', () => {
  it('creates a key file with mode 0600 on first start and reuses it', async () => {
    const first = await unlock(temp.db, temp.dir);
    expect(first.source).toBe('created');
    const file = path.join(temp.dir, 'master.key');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const second = await unlock(temp.db, temp.dir);
    expect(second.source).toBe('file');
    expect(second.key.key.equals(first.key.key)).toBe(true);
  });

  it('detects a wrong key at start and changes nothing', async () => {
    await unlock(temp.db, temp.dir);
    const file = path.join(temp.dir, 'master.key');
    const original = fs.readFileSync(file, 'utf8');
    process.env.AUTHKEY_MASTER_KEY = randomBytes(32).toString('base64');
    await expect(unlock(temp.db, temp.dir)).rejects.toThrow(/does not match/);
    expect(fs.readFileSync(file, 'utf8')).toBe(original);
  });

  it('never generates a new key over existing encrypted data', async () => {
    await unlock(temp.db, temp.dir);
    fs.rmSync(path.join(temp.dir, 'master.key'));
    await expect(unlock(temp.db, temp.dir)).rejects.toThrow(MasterKeyError);
    await expect(unlock(temp.db, temp.dir)).rejects.toThrow(/will not be generated/);
    expect(fs.existsSync(path.join(temp.dir, 'master.key'))).toBe(false);
  });

  it('rejects an AUTHKEY_MASTER_KEY that is not 32 bytes of base64', async () => {
    expect(() => loadMasterKey(temp.dir, { hasEncryptedData: false, env: { AUTHKEY_MASTER_KEY: 'c2hvcnQ=' } })).toThrow(/exactly 32 bytes/);
  });

  it('accepts the key from AUTHKEY_MASTER_KEY', async () => {
    const key = randomBytes(32);
    const loaded = loadMasterKey(temp.dir, { hasEncryptedData: true, env: { AUTHKEY_MASTER_KEY: key.toString('base64') } });
    expect(loaded.source).toBe('env');
    expect(loaded.key.key.equals(key)).toBe(true);
  });
});
