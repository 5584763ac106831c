import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzleSqlite, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate as migrateSqlite } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { dataDir } from './data-dir';
import { databaseUrl, engineOf, type Engine } from './engine';
import * as pgSchema from './schema.pg';
import * as sqliteSchema from './schema.sqlite';

// The one database client of a process. Two engines, one surface: the data access layer awaits
// drizzle's query builders (select, insert, update, delete, with returning and onConflict…),
// which both engines share, and uses the helpers below for transactions and raw SQL. It never
// calls SQLite's synchronous .get()/.all()/.run() (eslint refuses them outside db/).

/** The query builder both engines share, typed with the SQLite declarations (see db/schema.ts). */
export type Db = BetterSQLite3Database<typeof sqliteSchema>;

export type { Engine };
export { engineOf };

export const MIGRATIONS_DIR = path.join(/*turbopackIgnore: true*/ process.cwd(), 'db', 'migrations');
export const PG_MIGRATIONS_DIR = path.join(/*turbopackIgnore: true*/ process.cwd(), 'db', 'migrations-pg');

export function databasePath(dir = dataDir()): string {
  return path.join(dir, 'portal.db');
}

type Open = { token: symbol; done: Promise<void> };
// Shared by every connection of this process to one file: two connections (tests, scripts) must
// not wait on each other inside SQLite's busy handler, which would block the event loop.
type FileTurn = { open: Open | null };
type SqliteMeta = { engine: 'sqlite'; client: Database.Database; turn: FileTurn; file: string };
type PgMeta = { engine: 'pg'; pool: pg.Pool; url: string };
// Kept on globalThis, like the client itself (below): `npm start` loads this module twice in one
// process (its own server bundle and Next's), and both must know every connection.
type Registry = { metas: WeakMap<object, SqliteMeta | PgMeta>; turns: Map<string, FileTurn>; scope: AsyncLocalStorage<{ db: Db; token: symbol }> };
const registry = ((globalThis as unknown as { __authkeyDbRegistry?: Registry }).__authkeyDbRegistry ??= {
  metas: new WeakMap(),
  turns: new Map(),
  scope: new AsyncLocalStorage(),
});
const { metas, turns, scope } = registry;

/** Which engine a connection (or a transaction handle) speaks. */
export function engineOfDb(db: Db): Engine {
  return typeof (db as { all?: unknown }).all === 'function' ? 'sqlite' : 'pg';
}

function sqliteMeta(db: Db): SqliteMeta {
  const meta = metas.get(db);
  if (!meta || meta.engine !== 'sqlite') throw new Error('Not a SQLite connection opened by db/index.ts.');
  return meta;
}

// --- SQLite: one connection, transactions kept apart from everything else ---------------------
//
// better-sqlite3 runs each statement synchronously, but a transaction of the data access layer
// stays open across the awaits of its callback. So that no statement of another request slips
// into it (and is committed or rolled back with it), every statement on the connection waits,
// asynchronously, for an open transaction to end, unless it belongs to that transaction.


function waitTurn(meta: SqliteMeta): Promise<void> | null {
  const open = meta.turn.open;
  if (!open || scope.getStore()?.token === open.token) return null;
  // Callers check again once it ends: another transaction may have taken the turn by then.
  return open.done;
}

const isBuilder = (v: unknown): v is object => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype && !(v instanceof Promise);

function guard<T extends object>(target: T, meta: SqliteMeta): T {
  return new Proxy(target, {
    get(t, prop) {
      const value = Reflect.get(t, prop, t) as unknown;
      if (typeof value !== 'function') return value;
      if (prop === 'then') {
        return (onFulfilled?: (v: unknown) => unknown, onRejected?: (e: unknown) => unknown) => {
          // Checked again right before the statement runs (synchronously, as better-sqlite3 does):
          // a transaction may have opened between the wait ending and this turn.
          const go = (): Promise<unknown> => {
            const wait = waitTurn(meta);
            return wait ? wait.then(go) : (value as (a?: unknown, b?: unknown) => Promise<unknown>).call(t);
          };
          return go().then(onFulfilled, onRejected);
        };
      }
      return (...args: unknown[]) => {
        const out = (value as (...a: unknown[]) => unknown).apply(t, args);
        return isBuilder(out) ? guard(out, meta) : out;
      };
    },
  });
}

function openSqlite(file: string): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const client = new Database(file);
  client.pragma('journal_mode = WAL');
  client.pragma('synchronous = FULL');
  client.pragma('foreign_keys = ON');
  client.pragma('busy_timeout = 5000');
  const raw = drizzleSqlite(client, { schema: sqliteSchema, casing: 'snake_case' });
  const key = path.resolve(file);
  let turn = turns.get(key);
  if (!turn) turns.set(key, (turn = { open: null }));
  const meta: SqliteMeta = { engine: 'sqlite', client, turn, file };
  const db = guard(raw, meta) as unknown as Db;
  metas.set(db, meta);
  metas.set(raw, meta);
  return db;
}

function openPg(url: string): Db {
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE || 10) });
  // An idle client that loses its server (a restart, a failover) must not crash the process.
  pool.on('error', () => undefined);
  const db = drizzlePg(pool, { schema: pgSchema, casing: 'snake_case' }) as unknown as Db;
  metas.set(db, { engine: 'pg', pool, url });
  return db;
}

/**
 * Opens a connection: PostgreSQL for a postgres:// URL, otherwise the SQLite file (by default
 * DATA_DIR/portal.db) with the pragmas the brief fixes. Callers own it: closeDatabase() ends it.
 */
export function openDatabase(target: string = databaseUrl() ?? databasePath()): Db {
  return engineOf(/^postgres(ql)?:\/\//i.test(target) ? target : null) === 'pg' ? openPg(target) : openSqlite(target);
}

export async function closeDatabase(db: Db): Promise<void> {
  const meta = metas.get(db);
  if (!meta) return;
  if (meta.engine === 'sqlite') meta.client.close();
  else await meta.pool.end();
}

/** SQLite only: the raw better-sqlite3 connection (online backup, integrity checks). */
export function sqliteClient(db: Db): Database.Database {
  return sqliteMeta(db).client;
}

/** PostgreSQL only: the pool behind a connection (advisory locks, LISTEN). */
export function pgPool(db: Db): pg.Pool {
  const meta = metas.get(db);
  if (!meta || meta.engine !== 'pg') throw new Error('Not a PostgreSQL connection opened by db/index.ts.');
  return meta.pool;
}

// --- The process-wide client ------------------------------------------------------------------

// One client per process. Kept on globalThis so that dev-mode module reloads (and the server
// bundle of `npm start` beside Next's own) share it.
const globalForDb = globalThis as unknown as { __authkeyDb?: Db };

/** The connection to use here: the current transaction's inside one, the process's otherwise. */
export function getDb(): Db {
  const inside = scope.getStore();
  if (inside) return inside.db;
  globalForDb.__authkeyDb ??= openDatabase();
  return globalForDb.__authkeyDb;
}

/** For start-up and tests: point the process-wide client at another connection. */
export function setDb(db: Db | undefined): void {
  globalForDb.__authkeyDb = db;
}

// --- Transactions and raw SQL ------------------------------------------------------------------

/**
 * Runs `fn` in one transaction: everything it writes commits together or not at all. Inside,
 * getDb() is the transaction, so helpers that fetch the connection themselves join it; a nested
 * call joins the outer transaction. Never call Graph or anything slow inside.
 */
export async function transaction<T>(fn: (tx: Db) => Promise<T>, db: Db = getDb()): Promise<T> {
  const inside = scope.getStore();
  if (inside) return fn(inside.db);
  if (engineOfDb(db) === 'pg') {
    return (db as unknown as NodePgDatabase<typeof pgSchema>).transaction((tx) => {
      const handle = tx as unknown as Db;
      return scope.run({ db: handle, token: Symbol('tx') }, () => fn(handle));
    });
  }
  const meta = sqliteMeta(db);
  for (let wait = waitTurn(meta); wait; wait = waitTurn(meta)) await wait;
  let release!: () => void;
  const token = Symbol('tx');
  meta.turn.open = { token, done: new Promise<void>((resolve) => (release = resolve)) };
  try {
    // IMMEDIATE takes the write lock at once: another process on the same file waits here.
    meta.client.exec('BEGIN IMMEDIATE');
    const result = await scope.run({ db, token }, () => fn(db));
    meta.client.exec('COMMIT');
    return result;
  } catch (error) {
    if (meta.client.inTransaction) meta.client.exec('ROLLBACK');
    throw error;
  } finally {
    meta.turn.open = null;
    release();
  }
}

/**
 * Inside a transaction: makes concurrent transactions that call it with the same name run one
 * after the other, for checks that read before they write ("is this the last administrator?").
 * SQLite transactions are serialized already (BEGIN IMMEDIATE); PostgreSQL takes an advisory lock
 * until the transaction ends.
 */
export async function serialize(tx: Db, name: string): Promise<void> {
  if (engineOfDb(tx) === 'pg') await (tx as unknown as NodePgDatabase).execute(sql`select pg_advisory_xact_lock(hashtext(${name}))`);
}

/** Resolves when a statement on this SQLite connection may run; the caller runs it synchronously next. */
async function ownTurn(db: Db): Promise<void> {
  const meta = metas.get(db) as SqliteMeta | undefined;
  if (!meta) return;
  for (let wait = waitTurn(meta); wait; wait = waitTurn(meta)) await wait;
}

/** A raw SELECT (the one place per engine where SQL must differ stays in the caller's sql``). */
export async function rows<T>(query: SQL, db: Db = getDb()): Promise<T[]> {
  if (engineOfDb(db) === 'pg') return (await (db as unknown as NodePgDatabase).execute(query)).rows as T[];
  await ownTurn(db);
  return db.all<T>(query);
}

/** A raw statement; resolves to the number of rows it changed. */
export async function execute(query: SQL, db: Db = getDb()): Promise<number> {
  if (engineOfDb(db) === 'pg') return (await (db as unknown as NodePgDatabase).execute(query)).rowCount ?? 0;
  await ownTurn(db);
  return db.run(query).changes;
}

// --- Migrations ----------------------------------------------------------------------------------

const journalLength = (folder: string) => (JSON.parse(fs.readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;

/**
 * Applies the committed migrations of the connection's engine. On PostgreSQL several instances may
 * start at once: an advisory lock lets one migrate while the others wait, then find nothing to do.
 */
export async function migrateDatabase(db: Db): Promise<void> {
  if (engineOfDb(db) === 'sqlite') {
    migrateSqlite(db, { migrationsFolder: MIGRATIONS_DIR });
    return;
  }
  const client = await pgPool(db).connect();
  try {
    await client.query('select pg_advisory_lock(827461)');
    await migratePg(drizzlePg(client, { casing: 'snake_case' }), { migrationsFolder: PG_MIGRATIONS_DIR });
  } finally {
    await client.query('select pg_advisory_unlock(827461)').catch(() => undefined);
    client.release();
  }
}

/** How many committed migrations the database has not applied yet (all of them on an empty one). */
export async function pendingMigrations(db: Db): Promise<number> {
  if (engineOfDb(db) === 'sqlite') {
    const client = sqliteClient(db);
    const table = client.prepare("select name from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
    const applied = table ? (client.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n : 0;
    return Math.max(0, journalLength(MIGRATIONS_DIR) - applied);
  }
  const [found] = await rows<{ n: string | null }>(sql`select to_regclass('drizzle.__drizzle_migrations')::text as n`, db);
  const applied = found?.n ? Number((await rows<{ n: string }>(sql`select count(*) as n from drizzle.__drizzle_migrations`, db))[0].n) : 0;
  return Math.max(0, journalLength(PG_MIGRATIONS_DIR) - applied);
}

/** True when every committed migration has been applied. */
export async function isMigrated(db: Db): Promise<boolean> {
  return (await pendingMigrations(db)) === 0;
}

export { sqliteSchema, pgSchema };
