import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { execute, rows, transaction, type Db } from '@/db';
import { settings } from '@/db/schema';
import { open, seal, type MasterKey } from './envelope';
import { SEALED_COLUMNS, settingBinding } from './sealed-columns';

const SEALED_PREFIX = 'ak1:';

export type RotationReport = { table: string; column: string; count: number }[];

/**
 * Re-seals every encrypted value under `next` in one transaction: either every value moves to
 * the new key or none does. `current` are the keys the values may be sealed with today.
 * Any value that does not open aborts the whole rotation, so nothing is left half-rotated.
 * Joins the caller's transaction when there is one (the rotation's audit row commits with it).
 */
export async function reencryptAll(db: Db, current: MasterKey[], next: MasterKey): Promise<RotationReport> {
  return transaction(async (tx) => {
    const report: RotationReport = [];
    for (const { table, idColumn, column } of SEALED_COLUMNS) {
      const t = sql.identifier(table);
      const id = sql.identifier(idColumn);
      const c = sql.identifier(column);
      const found = await rows<{ id: string | number; sealed: string }>(sql`select ${id} as id, ${c} as sealed from ${t} where ${c} is not null`, tx);
      for (const row of found) {
        const binding = { table, row: String(row.id), column };
        await execute(sql`update ${t} set ${c} = ${seal(open(row.sealed, binding, current), binding, next)} where ${id} = ${row.id}`, tx);
      }
      report.push({ table, column, count: found.length });
    }
    // Settings: the master-key check and any other sealed setting (a JSON string starting ak1:).
    let settingCount = 0;
    for (const { key, value } of await tx.select().from(settings)) {
      if (typeof value !== 'string' || !value.startsWith(SEALED_PREFIX)) continue;
      const binding = settingBinding(key);
      await tx.update(settings).set({ value: seal(open(value, binding, current), binding, next) }).where(eq(settings.key, key));
      settingCount++;
    }
    report.push({ table: 'settings', column: 'value', count: settingCount });
    return report;
  }, db);
}
