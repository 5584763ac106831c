import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { closeDatabase, databasePath, migrateDatabase, openDatabase, setDb, type Db } from '@/db';

export type TempDb = {
  db: Db;
  dir: string;
  /** The PostgreSQL URL of the temporary database; null on SQLite (the file is in `dir`). */
  url: string | null;
  close: () => Promise<void>;
};

/**
 * The server the unit tests use for PostgreSQL, when set (scripts/test-pg.mjs starts one): each
 * temporary database is created on it and dropped afterwards. Unset, tests use SQLite files.
 */
export const testServerUrl = (): string | null => process.env.TEST_DATABASE_URL?.trim() || null;

async function onServer<T>(server: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A migrated database in a fresh temporary data directory, installed as the process-wide client. */
export async function useTempDb(): Promise<TempDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'authkey-unit-'));
  const server = testServerUrl();
  let url: string | null = null;
  if (server) {
    const name = `authkey_test_${randomBytes(6).toString('hex')}`;
    await onServer(server, (c) => c.query(`create database ${name}`));
    const u = new URL(server);
    u.pathname = `/${name}`;
    url = u.toString();
  }
  const db = openDatabase(url ?? databasePath(dir));
  await migrateDatabase(db);
  setDb(db);
  return {
    db,
    dir,
    url,
    close: async () => {
      setDb(undefined);
      await closeDatabase(db);
      if (server && url) {
        const name = new URL(url).pathname.slice(1);
        await onServer(server, (c) => c.query(`drop database if exists ${name} with (force)`));
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The database's own words for a refused statement: drizzle wraps driver errors in "Failed to run
 * the query …", with the driver's (SQLite's or PostgreSQL's) error as the cause.
 */
export async function refusal(statement: Promise<unknown>): Promise<string> {
  try {
    await statement;
  } catch (error) {
    let e: unknown = error;
    while (e instanceof Error && e.cause instanceof Error) e = e.cause;
    return e instanceof Error ? e.message : String(e);
  }
  return 'the statement was not refused';
}
