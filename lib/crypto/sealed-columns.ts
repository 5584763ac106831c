import 'server-only';
import type { Binding } from './envelope';

// Every column that holds sealed values, with the binding its rows use. Master key rotation and
// the crash test walk this list, so a new encrypted column must be added here (and sealed with
// `bindingFor`, so the AAD matches what rotation re-seals).
export const SEALED_COLUMNS = [
  { table: 'credentials', idColumn: 'id', column: 'value' },
  { table: 'alert_channels', idColumn: 'id', column: 'secret' },
  { table: 'job_rows', idColumn: 'id', column: 'secret' },
  { table: 'pending_certificates', idColumn: 'id', column: 'private_key' },
  { table: 'api_idempotency', idColumn: 'id', column: 'response' },
] as const;

export type SealedTable = (typeof SEALED_COLUMNS)[number]['table'];

export function bindingFor(table: SealedTable, row: string | number): Binding {
  const entry = SEALED_COLUMNS.find((c) => c.table === table)!;
  return { table, row: String(row), column: entry.column };
}

/** Settings rows are JSON; a string value that is a sealed value is bound to its key. */
export function settingBinding(key: string): Binding {
  return { table: 'settings', row: key, column: 'value' };
}
