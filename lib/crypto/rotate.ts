import 'server-only';
import type { Db } from '@/db';
import { open, seal, type MasterKey } from './envelope';
import { SEALED_COLUMNS, settingBinding } from './sealed-columns';

const SEALED_PREFIX = 'ak1:';

export type RotationReport = { table: string; column: string; count: number }[];

/**
 * Re-seals every encrypted value under `next` in one transaction: either every value moves to
 * the new key or none does. `current` are the keys the values may be sealed with today.
 * Any value that does not open aborts the whole rotation, so nothing is left half-rotated.
 */
export function reencryptAll(db: Db, current: MasterKey[], next: MasterKey): RotationReport {
  const sqlite = db.$client;
  return sqlite.transaction(() => {
    const report: RotationReport = [];
    for (const { table, idColumn, column } of SEALED_COLUMNS) {
      const rows = sqlite.prepare(`select "${idColumn}" as id, "${column}" as sealed from "${table}" where "${column}" is not null`).all() as { id: string | number; sealed: string }[];
      const update = sqlite.prepare(`update "${table}" set "${column}" = ? where "${idColumn}" = ?`);
      for (const { id, sealed } of rows) {
        const binding = { table, row: String(id), column };
        update.run(seal(open(sealed, binding, current), binding, next), id);
      }
      report.push({ table, column, count: rows.length });
    }
    // Settings: the master-key check and any other sealed setting (a JSON string starting ak1:).
    const settingRows = sqlite.prepare('select key, value from settings').all() as { key: string; value: string }[];
    const updateSetting = sqlite.prepare('update settings set value = ? where key = ?');
    let settingCount = 0;
    for (const { key, value } of settingRows) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        continue;
      }
      if (typeof parsed !== 'string' || !parsed.startsWith(SEALED_PREFIX)) continue;
      const binding = settingBinding(key);
      updateSetting.run(JSON.stringify(seal(open(parsed, binding, current), binding, next)), key);
      settingCount++;
    }
    report.push({ table: 'settings', column: 'value', count: settingCount });
    return report;
  })();
}
