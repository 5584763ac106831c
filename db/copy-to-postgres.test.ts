import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, seal, toMasterKey } from '@/lib/crypto/envelope';
import { bindingFor } from '@/lib/crypto/sealed-columns';
import { refusal, testServerUrl } from '@/test/temp-db';
import { CopyError, copySqliteToPostgres } from './copy-to-postgres';
import { closeDatabase, execute, migrateDatabase, openDatabase, rows } from './index';
import * as s from './schema.sqlite';
import * as p from './schema.pg';

// Needs a PostgreSQL server: runs in the PostgreSQL pass of the suite (scripts/with-postgres.mjs).
const server = testServerUrl();
const key = toMasterKey(randomBytes(32));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'authkey-copy-'));
const file = path.join(dir, 'portal.db');
const targetName = `authkey_copy_${randomBytes(4).toString('hex')}`;
const target = server ? Object.assign(new URL(server), { pathname: `/${targetName}` }).toString() : '';
const admin = () => new pg.Client({ connectionString: server! });
const digest = () => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const keyId = randomUUID();
const credentialId = randomUUID();

beforeAll(async () => {
  if (!server) return;
  const c = admin();
  await c.connect();
  await c.query(`create database ${targetName}`);
  await c.end();
  const db = openDatabase(file);
  await migrateDatabase(db);
  await db.insert(s.accounts).values({ id: 'admin-1', email: 'admin@example.test', name: 'Admin', role: 'admin', passwordHash: 'x', mustChangePassword: true });
  await db.insert(s.authKeys).values({ id: keyId, name: 'Moved key', cloud: 'sandbox', tenantId: 't', clientId: 'c', operations: ['users.read'] });
  await db.insert(s.credentials).values({ id: credentialId, authKeyId: keyId, kind: 'secret', value: seal('the-moved-secret', bindingFor('credentials', credentialId), key), hint: 'the' });
  await db.insert(s.jobs).values({ id: 'job-1', authKeyId: keyId, notes: ['a note'] });
  await db.insert(s.jobRows).values([1, 2, 3].map((n) => ({ jobId: 'job-1', rowNumber: n, userPrincipalName: `u${n}@x.test`, payload: { n } })));
  for (let i = 0; i < 5; i++) await db.insert(s.auditEvents).values({ action: 'key.test', outcome: 'success', actorEmail: 'admin@example.test', detail: { i } });
  await closeDatabase(db);
});

afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  if (!server) return;
  const c = admin();
  await c.connect();
  await c.query(`drop database if exists ${targetName} with (force)`);
  await c.end();
});

describe.skipIf(!server)('moving a SQLite data directory to PostgreSQL', () => {
  it('copies every table with matching counts, leaves the SQLite file as it was, and keeps sealed values, ids and the audit guard working', async () => {
    const before = digest();
    const report = await copySqliteToPostgres(file, target);
    expect(digest()).toBe(before);
    const counts = Object.fromEntries(report.map((r) => [r.table, r]));
    expect(counts.accounts).toEqual({ table: 'accounts', source: 1, target: 1 });
    expect(counts.job_rows.target).toBe(3);
    expect(counts.audit_events.target).toBe(5);
    expect(report.every((r) => r.source === r.target)).toBe(true);

    const db = openDatabase(target);
    try {
      const [cred] = await db.select().from(p.credentials as unknown as typeof s.credentials).where(eq(p.credentials.id as never, credentialId));
      expect(open(cred.value!, bindingFor('credentials', credentialId), [key])).toBe('the-moved-secret');
      const [account] = await db.select().from(p.accounts as unknown as typeof s.accounts);
      expect(account.mustChangePassword).toBe(true);
      // Identity sequences continue after the copied ids.
      await db.insert(p.auditEvents as unknown as typeof s.auditEvents).values({ action: 'key.test', outcome: 'success', actorEmail: 'after@example.test' });
      const [last] = await rows<{ id: number }>(sql`select max(id) as id from audit_events`, db);
      expect(Number(last.id)).toBe(6);
      expect(await refusal(execute(sql`delete from audit_events`, db))).toMatch(/append-only/);
    } finally {
      await closeDatabase(db);
    }
  });

  it('refuses a target that is not empty, and changes nothing there', async () => {
    await expect(copySqliteToPostgres(file, target)).rejects.toThrow(CopyError);
    await expect(copySqliteToPostgres(file, target)).rejects.toThrow(/not empty/);
  });
});
