import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { dataDir } from '@/lib/config/data-dir';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS_DIR = path.join(/*turbopackIgnore: true*/ process.cwd(), 'db', 'migrations');

export function databasePath(dir = dataDir()): string {
  return path.join(dir, 'portal.db');
}

/** Opens a database file with the pragmas the brief fixes. Callers own the handle. */
export function openDatabase(file: string): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return drizzle(sqlite, { schema, casing: 'snake_case' }) as Db;
}

export function migrateDatabase(db: Db, migrationsFolder = MIGRATIONS_DIR): void {
  migrate(db, { migrationsFolder });
}

/** True when every committed migration has been applied. */
export function isMigrated(db: Db, migrationsFolder = MIGRATIONS_DIR): boolean {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  const table = db.$client
    .prepare("select name from sqlite_master where type = 'table' and name = '__drizzle_migrations'")
    .get();
  if (!table) return false;
  const { n } = db.$client.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
  return n >= journal.entries.length;
}

// One client per process. Kept on globalThis so that dev-mode module reloads reuse it.
const globalForDb = globalThis as unknown as { __authkeyDb?: Db };

export function getDb(): Db {
  globalForDb.__authkeyDb ??= openDatabase(databasePath());
  return globalForDb.__authkeyDb;
}

/** For tests: point the process-wide client at another database. */
export function setDb(db: Db | undefined): void {
  globalForDb.__authkeyDb = db;
}

export { schema };
