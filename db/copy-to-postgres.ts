import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { count, sql } from 'drizzle-orm';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { closeDatabase, execute, migrateDatabase, MIGRATIONS_DIR, openDatabase, rows, transaction } from './index';
import * as pgSchema from './schema.pg';
import * as sqliteSchema from './schema.sqlite';

// The one-shot move of an existing SQLite data directory to PostgreSQL. Rows are copied as they
// are, ids included, so sealed values (bound to table, row and column) open with the same master
// key on the other side. The SQLite file is opened read-only; the copy is one PostgreSQL
// transaction, so a failure leaves the target as empty as it was.

/** Parents before children (foreign keys), the audit log last. */
const TABLES = ['accounts', 'authKeys', 'credentials', 'keyTests', 'settings', 'jobs', 'jobRows', 'alertChannels', 'alertDeliveries', 'leases', 'writeBudgets', 'throttles', 'revokedSessions', 'anonymousDenials', 'auditEvents'] as const;
type TableName = (typeof TABLES)[number];
/** Tables whose integer ids come from an identity sequence, which must continue after the copied ids. */
const IDENTITY: TableName[] = ['keyTests', 'jobRows', 'alertDeliveries', 'auditEvents'];
const SLICE = 500;

export type CopyReport = { table: string; source: number; target: number }[];

export class CopyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CopyError';
  }
}

const sqlName = (t: TableName) => (sqliteSchema[t] as unknown as { [k: symbol]: string })[Symbol.for('drizzle:Name')];

/** How many committed SQLite migrations the file has not applied. */
function sqliteBehind(client: Database.Database): number {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  const table = client.prepare("select name from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
  const applied = table ? (client.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n : 0;
  return journal.entries.length - applied;
}

export async function copySqliteToPostgres(sqliteFile: string, targetUrl: string, log: (line: string) => void = () => undefined): Promise<CopyReport> {
  if (!fs.existsSync(sqliteFile)) throw new CopyError(`No SQLite database at ${sqliteFile}. Set DATA_DIR to the portal's data directory.`);
  const client = new Database(sqliteFile, { readonly: true, fileMustExist: true });
  const source = drizzleSqlite(client, { schema: sqliteSchema, casing: 'snake_case' });
  const target = openDatabase(targetUrl);
  try {
    const behind = sqliteBehind(client);
    if (behind > 0) throw new CopyError(`The SQLite database is ${behind} migration(s) behind this release: start the portal on it once (npm start), stop it, then move it.`);
    await migrateDatabase(target);
    for (const t of TABLES) {
      const [row] = await target.select({ n: count() }).from(pgSchema[t] as never);
      if (Number((row as { n: number }).n) > 0) throw new CopyError(`The PostgreSQL database is not empty (${sqlName(t)} has rows). Move into a new, empty database.`);
    }
    await transaction(async (tx) => {
      for (const t of TABLES) {
        const all = await source.select().from(sqliteSchema[t] as never);
        for (let i = 0; i < all.length; i += SLICE) await tx.insert(pgSchema[t] as never).values(all.slice(i, i + SLICE) as never);
        log(`${sqlName(t)}: ${all.length} row(s) copied`);
      }
      for (const t of IDENTITY) {
        const name = sqlName(t);
        await execute(sql`select setval(pg_get_serial_sequence(${name}, 'id'), coalesce((select max(id) from ${sql.identifier(name)}), 0) + 1, false)`, tx);
      }
    }, target);
    const report: CopyReport = [];
    for (const t of TABLES) {
      const [s] = await source.select({ n: count() }).from(sqliteSchema[t] as never);
      const [p] = await rows<{ n: string | number }>(sql`select count(*) as n from ${sql.identifier(sqlName(t))}`, target);
      report.push({ table: sqlName(t), source: Number((s as { n: number }).n), target: Number(p.n) });
    }
    const wrong = report.filter((r) => r.source !== r.target);
    if (wrong.length) throw new CopyError(`Counts differ after the copy: ${wrong.map((r) => `${r.table} ${r.source} → ${r.target}`).join(', ')}.`);
    return report;
  } finally {
    client.close();
    await closeDatabase(target);
  }
}
