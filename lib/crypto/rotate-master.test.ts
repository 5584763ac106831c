import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertChannels, auditEvents, authKeys, credentials, jobRows, jobs } from '@/db/schema';
import { useTempDb } from '@/lib/testing/temp-db';
import { open, seal, toMasterKey, type MasterKey } from './envelope';
import { NEXT_KEY_FILE, openValue, sealValue, setMasterKey, unlock } from './keyring';
import { KEY_FILE_NAME, MasterKeyError } from './master-key';
import { rotateMasterKey } from './rotate-master';
import { bindingFor } from './sealed-columns';

let temp: ReturnType<typeof useTempDb>;
const savedEnv = { DATA_DIR: process.env.DATA_DIR, AUTHKEY_MASTER_KEY: process.env.AUTHKEY_MASTER_KEY };
beforeEach(() => {
  temp = useTempDb();
  process.env.DATA_DIR = temp.dir;
  delete process.env.AUTHKEY_MASTER_KEY;
  setMasterKey(undefined);
});
afterEach(() => {
  setMasterKey(undefined);
  Object.assign(process.env, savedEnv);
  if (savedEnv.DATA_DIR === undefined) delete process.env.DATA_DIR;
  if (savedEnv.AUTHKEY_MASTER_KEY === undefined) delete process.env.AUTHKEY_MASTER_KEY;
  temp.close();
});

/** One sealed value in every encrypted column, with the plaintexts to compare against. */
function seedSecrets(key: MasterKey) {
  const keyId = randomUUID();
  const credId = randomUUID();
  const channelId = randomUUID();
  const jobId = randomUUID();
  temp.db.insert(authKeys).values({ id: keyId, name: 'k', cloud: 'sandbox', tenantId: 't', clientId: 'c' }).run();
  temp.db.insert(credentials).values({ id: credId, authKeyId: keyId, kind: 'secret', value: seal('client-secret-1', bindingFor('credentials', credId), key) }).run();
  temp.db.insert(alertChannels).values({ id: channelId, kind: 'webhook', name: 'w', config: {}, secret: seal('https://hook/sig', bindingFor('alert_channels', channelId), key) }).run();
  temp.db.insert(jobs).values({ id: jobId, authKeyId: keyId }).run();
  const row = temp.db.insert(jobRows).values({ jobId, rowNumber: 1, userPrincipalName: 'u@x', payload: {}, secret: 'pending' }).returning({ id: jobRows.id }).get();
  temp.db.update(jobRows).set({ secret: seal('Initial-Pw-1', bindingFor('job_rows', row.id), key) }).run();
  return [
    { binding: bindingFor('credentials', credId), plain: 'client-secret-1', read: () => temp.db.select().from(credentials).get()!.value! },
    { binding: bindingFor('alert_channels', channelId), plain: 'https://hook/sig', read: () => temp.db.select().from(alertChannels).get()!.secret! },
    { binding: bindingFor('job_rows', row.id), plain: 'Initial-Pw-1', read: () => temp.db.select().from(jobRows).get()!.secret! },
  ];
}

const fileKey = () => toMasterKey(Buffer.from(fs.readFileSync(path.join(temp.dir, KEY_FILE_NAME), 'utf8').trim(), 'base64'));

describe('master key rotation', () => {
  it('re-seals every value under a new key file; the old key then opens nothing', () => {
    const old = unlock(temp.db, temp.dir).key;
    const secrets = seedSecrets(old);
    const result = rotateMasterKey(temp.db, temp.dir, {});
    expect(result.source).toBe('file');
    expect(result.newKeyBase64).toBeUndefined();
    expect(result.report).toEqual([
      { table: 'credentials', column: 'value', count: 1 },
      { table: 'alert_channels', column: 'secret', count: 1 },
      { table: 'job_rows', column: 'secret', count: 1 },
      { table: 'settings', column: 'value', count: 1 },
    ]);
    const next = fileKey();
    expect(next.id.equals(old.id)).toBe(false);
    expect(fs.existsSync(path.join(temp.dir, NEXT_KEY_FILE))).toBe(false);
    expect((fs.statSync(path.join(temp.dir, KEY_FILE_NAME)).mode & 0o777).toString(8)).toBe('600');
    for (const s of secrets) {
      expect(open(s.read(), s.binding, [next])).toBe(s.plain);
      expect(() => open(s.read(), s.binding, [old])).toThrow();
    }
    // The portal starts with the new key, and refuses the old one.
    expect(unlock(temp.db, temp.dir).key.id.equals(next.id)).toBe(true);
    expect(() => unlock(temp.db, '/nonexistent')).toThrow(MasterKeyError);
    expect(temp.db.select().from(auditEvents).all().map((a) => a.action)).toEqual(['crypto.rotate_master_key']);
  });

  it('with AUTHKEY_MASTER_KEY, hands back the new key and says what to do when the old one is still set', () => {
    const oldB64 = Buffer.alloc(32, 7).toString('base64');
    process.env.AUTHKEY_MASTER_KEY = oldB64;
    const old = unlock(temp.db, temp.dir).key;
    const secrets = seedSecrets(old);
    const result = rotateMasterKey(temp.db, temp.dir, { AUTHKEY_MASTER_KEY: oldB64 });
    expect(result.source).toBe('env');
    expect(fs.existsSync(path.join(temp.dir, KEY_FILE_NAME))).toBe(false);
    expect(() => unlock(temp.db, temp.dir)).toThrow(/set AUTHKEY_MASTER_KEY to the key in .*master\.key\.next/);
    process.env.AUTHKEY_MASTER_KEY = result.newKeyBase64;
    const next = unlock(temp.db, temp.dir).key;
    for (const s of secrets) expect(open(s.read(), s.binding, [next])).toBe(s.plain);
  });

  it('changes nothing when any value does not open', () => {
    const old = unlock(temp.db, temp.dir).key;
    const secrets = seedSecrets(old);
    // A value moved to another row no longer opens: rotation must refuse, all or nothing.
    temp.db.update(alertChannels).set({ secret: seal('x', bindingFor('alert_channels', 'elsewhere'), old) }).run();
    const before = secrets.map((s) => s.read());
    expect(() => rotateMasterKey(temp.db, temp.dir, {})).toThrow();
    expect(secrets.map((s) => s.read())).toEqual(before);
    expect(fileKey().id.equals(old.id)).toBe(true);
  });

  it('finishes an interrupted rotation at the next start, and a running portal follows the new key', () => {
    const old = unlock(temp.db, temp.dir).key;
    const [secret] = seedSecrets(old);
    setMasterKey(old);
    expect(openValue(secret.read(), secret.binding)).toBe(secret.plain);
    const oldFile = fs.readFileSync(path.join(temp.dir, KEY_FILE_NAME));
    rotateMasterKey(temp.db, temp.dir, {});
    // The running process notices the new key check and reloads the key file.
    expect(openValue(secret.read(), secret.binding)).toBe(secret.plain);
    expect(open(sealValue('new', secret.binding), secret.binding, [fileKey()])).toBe('new');
    // Simulate a crash between the commit and the rename.
    const newFile = fs.readFileSync(path.join(temp.dir, KEY_FILE_NAME));
    fs.writeFileSync(path.join(temp.dir, NEXT_KEY_FILE), newFile, { mode: 0o600 });
    fs.writeFileSync(path.join(temp.dir, KEY_FILE_NAME), oldFile, { mode: 0o600 });
    expect(unlock(temp.db, temp.dir).key.id.equals(fileKey().id)).toBe(true);
    expect(fs.readFileSync(path.join(temp.dir, KEY_FILE_NAME))).toEqual(newFile);
  });
});
