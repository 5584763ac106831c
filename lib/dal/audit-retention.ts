import 'server-only';
import { eq, lt } from 'drizzle-orm';
import { getDb, type Db } from '@/db';
import { auditEvents, settings } from '@/db/schema';
import { writeAudit } from './audit-write';

// The one module allowed to delete audit rows. The database trigger refuses any delete of a row
// at or after 'audit.trimBefore'; this publishes the cutoff, deletes, and closes the window
// again, all in the transaction that writes the trim's own audit row. It imports no session
// code so that bootstrap can trim at start; audit-settings.ts authorizes the page's changes.
export const RETENTION_SETTING = 'audit.retentionDays';
const TRIM_BEFORE_SETTING = 'audit.trimBefore';
const CLOSED = '0000';

export function putSetting(tx: Pick<Db, 'insert'>, key: string, value: unknown) {
  const updatedAt = new Date().toISOString();
  tx.insert(settings).values({ key, value, updatedAt }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt } }).run();
}

export function retentionDays(db: Db = getDb()): number {
  const row = db.select().from(settings).where(eq(settings.key, RETENTION_SETTING)).get();
  return row ? Number(row.value) || 0 : 0;
}

/**
 * Deletes rows older than `days` (0 keeps everything) and records that it did. Used by the
 * settings action and at start; `actor` is null when the portal itself trims.
 */
export function trimAudit(db: Db, days: number, actor: { id: string; email: string } | null, now = new Date()): { deleted: number; cutoff: string | null } {
  return db.transaction((tx) => {
    if (days <= 0) return { deleted: 0, cutoff: null };
    const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
    putSetting(tx, TRIM_BEFORE_SETTING, cutoff);
    const deleted = tx.delete(auditEvents).where(lt(auditEvents.at, cutoff)).run().changes;
    putSetting(tx, TRIM_BEFORE_SETTING, CLOSED);
    if (deleted > 0 || actor) {
      writeAudit(tx, { action: 'audit.trim', outcome: 'success', actor, actorEmail: actor ? undefined : 'system', detail: { days, cutoff, deleted } });
    }
    return { deleted, cutoff };
  });
}
