import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertChannels, apiIdempotency, auditEvents, authKeys, credentials, jobRows, jobs, pendingCertificates } from '@/db/schema';
import { useTempDb, type TempDb } from '@/test/temp-db';
import { open, seal, toMasterKey, type MasterKey } from './envelope';
import { NEXT_KEY_FILE, openValue, sealValue, setMasterKey, unlock } from './keyring';
import { KEY_FILE_NAME, MasterKeyError } from './master-key';
import { rotateMasterKey } from './rotate-master';
import { bindingFor } from './sealed-columns';

let temp: TempDb;
const savedEnv = { DATA_DIR: process.env.DATA_DIR, AUTHKEY_MASTER_KEY: process.env.AUTHKEY_MASTER_KEY };
beforeEach(async () => {
  temp = await useTempDb();
  process.env.DATA_DIR = temp.dir;
  delete process.env.AUTHKEY_MASTER_KEY;
  setMasterKey(undefined);
});
afterEach(async () => {
  setMasterKey(undefined);
  Object.assign(process.env, savedEnv);
  if (savedEnv.DATA_DIR === undefined) delete process.env.DATA_DIR;
  if (savedEnv.AUTHKEY_MASTER_KEY === undefined) delete process.env.AUTHKEY_MASTER_KEY;
  await temp.close();
});

/** One sealed value in every encrypted column, with the plaintexts to compare against. */
async function seedSecrets(key: MasterKey) {
  const keyId = randomUUID();
  const credId = randomUUID();
  const channelId = randomUUID();
  const jobId = randomUUID();
  await temp.db.insert(authKeys).values({ id: keyId, name: 'k', cloud: 'sandbox', tenantId: 't', clientId: 'c' });
  await temp.db.insert(credentials).values({ id: credId, authKeyId: keyId, kind: 'secret', value: seal('client-secret-1', bindingFor('credentials', credId), key) });
  await temp.db.insert(alertChannels).values({ id: channelId, kind: 'webhook', name: 'w', config: {}, secret: seal('https://hook/sig', bindingFor('alert_channels', channelId), key) });
  await temp.db.insert(jobs).values({ id: jobId, authKeyId: keyId });
  const [row] = await temp.db.insert(jobRows).values({ jobId, rowNumber: 1, userPrincipalName: 'u@x', payload: {}, secret: 'pending' }).returning({ id: jobRows.id });
  await temp.db.update(jobRows).set({ secret: seal('Initial-Pw-1', bindingFor('job_rows', row.id), key) });
  const pendingId = randomUUID();
  await temp.db.insert(pendingCertificates).values({ id: pendingId, createdBy: 'a', source: 'generated', certificatePem: 'public', privateKey: seal('private-key-pem', bindingFor('pending_certificates', pendingId), key), eraseAfter: new Date(Date.now() + 3_600_000).toISOString() });
  const answerId = randomUUID();
  await temp.db.insert(apiIdempotency).values({ id: answerId, tokenId: 't', key: 'k', fingerprint: 'f', status: 201, response: seal('{"password":"Api-Pw-1"}', bindingFor('api_idempotency', answerId), key) });
  return [
    { binding: bindingFor('api_idempotency', answerId), plain: '{"password":"Api-Pw-1"}', read: async () => (await temp.db.select().from(apiIdempotency))[0].response! },
    { binding: bindingFor('credentials', credId), plain: 'client-secret-1', read: async () => (await temp.db.select().from(credentials))[0].value! },
    { binding: bindingFor('alert_channels', channelId), plain: 'https://hook/sig', read: async () => (await temp.db.select().from(alertChannels))[0].secret! },
    { binding: bindingFor('job_rows', row.id), plain: 'Initial-Pw-1', read: async () => (await temp.db.select().from(jobRows))[0].secret! },
    { binding: bindingFor('pending_certificates', pendingId), plain: 'private-key-pem', read: async () => (await temp.db.select().from(pendingCertificates))[0].privateKey },
  ];
}

const fileKey = () => toMasterKey(Buffer.from(fs.readFileSync(path.join(temp.dir, KEY_FILE_NAME), 'utf8').trim(), 'base64'));

describe('master key rotation', () => {
  it('re-seals every value under a new key file; the old key then opens nothing', async () => {
    const old = (await unlock(temp.db, temp.dir)).key;
    const secrets = await seedSecrets(old);
    const result = await rotateMasterKey(temp.db, temp.dir, {});
    expect(result.source).toBe('file');
    expect(result.newKeyBase64).toBeUndefined();
    expect(result.report).toEqual([
      { table: 'credentials', column: 'value', count: 1 },
      { table: 'alert_channels', column: 'secret', count: 1 },
      { table: 'job_rows', column: 'secret', count: 1 },
      { table: 'pending_certificates', column: 'private_key', count: 1 },
      { table: 'api_idempotency', column: 'response', count: 1 },
      { table: 'settings', column: 'value', count: 1 },
    ]);
    const next = fileKey();
    expect(next.id.equals(old.id)).toBe(false);
    expect(fs.existsSync(path.join(temp.dir, NEXT_KEY_FILE))).toBe(false);
    expect((fs.statSync(path.join(temp.dir, KEY_FILE_NAME)).mode & 0o777).toString(8)).toBe('600');
    for (const s of secrets) {
      const value = await s.read();
      expect(open(value, s.binding, [next])).toBe(s.plain);
      expect(() => open(value, s.binding, [old])).toThrow();
    }
    // The portal starts with the new key, and refuses the old one.
    expect((await unlock(temp.db, temp.dir)).key.id.equals(next.id)).toBe(true);
    await expect(unlock(temp.db, '/nonexistent')).rejects.toThrow(MasterKeyError);
    expect((await temp.db.select().from(auditEvents)).map((a) => a.action)).toEqual(['crypto.rotate_master_key']);
  });

  it('with AUTHKEY_MASTER_KEY, hands back the new key and says what to do when the old one is still set', async () => {
    const oldB64 = Buffer.alloc(32, 7).toString('base64');
    process.env.AUTHKEY_MASTER_KEY = oldB64;
    const old = (await unlock(temp.db, temp.dir)).key;
    const secrets = await seedSecrets(old);
    const result = await rotateMasterKey(temp.db, temp.dir, { AUTHKEY_MASTER_KEY: oldB64 });
    expect(result.source).toBe('env');
    expect(fs.existsSync(path.join(temp.dir, KEY_FILE_NAME))).toBe(false);
    await expect(unlock(temp.db, temp.dir)).rejects.toThrow(/set AUTHKEY_MASTER_KEY to the key in .*master\.key\.next/);
    process.env.AUTHKEY_MASTER_KEY = result.newKeyBase64;
    const next = (await unlock(temp.db, temp.dir)).key;
    for (const s of secrets) expect(open(await s.read(), s.binding, [next])).toBe(s.plain);
  });

  it('changes nothing when any value does not open', async () => {
    const old = (await unlock(temp.db, temp.dir)).key;
    const secrets = await seedSecrets(old);
    // A value moved to another row no longer opens: rotation must refuse, all or nothing.
    await temp.db.update(alertChannels).set({ secret: seal('x', bindingFor('alert_channels', 'elsewhere'), old) });
    const readAll = () => Promise.all(secrets.map((s) => s.read()));
    const before = await readAll();
    await expect(rotateMasterKey(temp.db, temp.dir, {})).rejects.toThrow();
    expect(await readAll()).toEqual(before);
    expect(fileKey().id.equals(old.id)).toBe(true);
  });

  it('finishes an interrupted rotation at the next start, and a running portal follows the new key', async () => {
    const old = (await unlock(temp.db, temp.dir)).key;
    const [secret] = await seedSecrets(old);
    setMasterKey(old);
    expect(await openValue(await secret.read(), secret.binding)).toBe(secret.plain);
    const oldFile = fs.readFileSync(path.join(temp.dir, KEY_FILE_NAME));
    await rotateMasterKey(temp.db, temp.dir, {});
    // The running process notices the new key check and reloads the key file.
    expect(await openValue(await secret.read(), secret.binding)).toBe(secret.plain);
    expect(open(await sealValue('new', secret.binding), secret.binding, [fileKey()])).toBe('new');
    // Simulate a crash between the commit and the rename.
    const newFile = fs.readFileSync(path.join(temp.dir, KEY_FILE_NAME));
    fs.writeFileSync(path.join(temp.dir, NEXT_KEY_FILE), newFile, { mode: 0o600 });
    fs.writeFileSync(path.join(temp.dir, KEY_FILE_NAME), oldFile, { mode: 0o600 });
    expect((await unlock(temp.db, temp.dir)).key.id.equals(fileKey().id)).toBe(true);
    expect(fs.readFileSync(path.join(temp.dir, KEY_FILE_NAME))).toEqual(newFile);
  });
});
