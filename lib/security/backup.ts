import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sqliteClient, type Db } from '@/db';

export type BackupResult = { file: string; bytes: number; pages: number };

/**
 * An online backup through SQLite's backup API: it copies pages while the portal keeps reading
 * and writing (WAL included), restarting a step when a writer changes a copied page, and yields
 * a consistent snapshot. It writes beside the target and renames, so a half-written backup never
 * carries the target's name; the result is checked with integrity_check before it is kept.
 */
export async function backupDatabase(db: Db, file: string): Promise<BackupResult> {
  const target = path.resolve(file);
  if (fs.existsSync(target)) throw new Error(`${target} exists already: choose a new file name.`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial-${process.pid}`;
  try {
    // Small steps keep each read lock short, so the running portal is not held up.
    const { totalPages } = await sqliteClient(db).backup(partial, { progress: () => 256 });
    const copy = new Database(partial, { fileMustExist: true });
    try {
      // The copy stands alone: one file, no WAL beside it.
      copy.pragma('journal_mode = DELETE');
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new Error(`The backup failed its integrity check: ${String(check)}`);
    } finally {
      copy.close();
    }
    fs.chmodSync(partial, 0o600);
    fs.renameSync(partial, target);
    return { file: target, bytes: fs.statSync(target).size, pages: totalPages };
  } finally {
    fs.rmSync(partial, { force: true });
    fs.rmSync(`${partial}-journal`, { force: true });
  }
}

/** Migrations not yet applied to `db` (none when the database is new: there is nothing to save). */
export function pendingMigrations(db: Db, migrationsFolder: string): number {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { when: number }[] };
  const client = sqliteClient(db);
  const table = client.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
  if (!table) return 0;
  // drizzle applies every journal entry newer than the last one it recorded.
  const { last } = client.prepare('select max(created_at) as last from __drizzle_migrations').get() as { last: number | null };
  return journal.entries.filter((e) => last === null || e.when > last).length;
}

/** Before migrating: a backup in DATA_DIR/backups named after the time, when a migration is pending. */
export async function backupBeforeMigrations(db: Db, dir: string, migrationsFolder: string): Promise<BackupResult | null> {
  const pending = pendingMigrations(db, migrationsFolder);
  if (pending === 0) return null;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return backupDatabase(db, path.join(dir, 'backups', `pre-migration-${stamp}.db`));
}
