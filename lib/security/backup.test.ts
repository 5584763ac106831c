import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, sqliteClient } from '@/db';
import { auditEvents } from '@/db/schema';
import { writeAudit } from '@/lib/dal/audit-write';
import { testServerUrl, useTempDb, type TempDb } from '@/test/temp-db';
import { backupBeforeMigrations, backupDatabase, pendingMigrations } from './backup';

let temp: TempDb;
beforeEach(async () => {
  temp = await useTempDb();
});
afterEach(() => temp.close());

// The online backup copies the SQLite file; PostgreSQL is backed up with pg_dump (see the README).
describe.skipIf(Boolean(testServerUrl()))('database backup (SQLite)', () => {
  it('copies a consistent snapshot, WAL included, while writes go on', async () => {
    for (let i = 0; i < 200; i++) await writeAudit(temp.db, { action: 'key.test', outcome: 'success', detail: { i } });
    const file = path.join(temp.dir, 'copy.db');
    const writing = (async () => {
      for (let i = 0; i < 50; i++) {
        await writeAudit(temp.db, { action: 'key.test', outcome: 'success', detail: { late: i } });
        await new Promise((r) => setImmediate(r));
      }
    })();
    const result = await backupDatabase(temp.db, file);
    await writing;
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');
    const copy = new Database(file, { readonly: true });
    const { n } = copy.prepare('select count(*) as n from audit_events').get() as { n: number };
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();
    expect(n).toBeGreaterThanOrEqual(200);
    expect(n).toBeLessThanOrEqual((await temp.db.select().from(auditEvents)).length);
    expect(result.pages).toBeGreaterThan(0);
    await expect(backupDatabase(temp.db, file)).rejects.toThrow(/exists already/);
  });

  it('takes a backup before migrating only when a migration is pending', async () => {
    expect(pendingMigrations(temp.db, MIGRATIONS_DIR)).toBe(0);
    expect(await backupBeforeMigrations(temp.db, temp.dir, MIGRATIONS_DIR)).toBeNull();
    // Forget the last migration, as a database from an older release would.
    sqliteClient(temp.db).prepare('delete from __drizzle_migrations where created_at = (select max(created_at) from __drizzle_migrations)').run();
    expect(pendingMigrations(temp.db, MIGRATIONS_DIR)).toBe(1);
    const result = await backupBeforeMigrations(temp.db, temp.dir, MIGRATIONS_DIR);
    expect(result?.file).toMatch(/backups\/pre-migration-.*\.db$/);
    expect(fs.existsSync(result!.file)).toBe(true);
  });
});
