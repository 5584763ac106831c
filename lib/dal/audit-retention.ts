import 'server-only';
import { eq, lt } from 'drizzle-orm';
import { getDb, type Db } from '@/db';
import { auditEvents, settings, type Role } from '@/db/schema';
import { requireRole, type Actor } from '@/lib/auth/session';
import type { ActionState } from '@/lib/validation/action-state';
import { writeAudit } from './audit-write';

// The one module allowed to delete audit rows. The database trigger refuses any delete of a row
// at or after 'audit.trimBefore'; this publishes the cutoff, deletes, and closes the window
// again, all in the transaction that writes the trim's own audit row.
export const RETENTION_SETTING = 'audit.retentionDays';
const TRIM_BEFORE_SETTING = 'audit.trimBefore';
const CLOSED = '0000';

function putSetting(tx: Pick<Db, 'insert'>, key: string, value: unknown) {
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
export function trimAudit(db: Db, days: number, actor: Actor | null, now = new Date()): { deleted: number; cutoff: string | null } {
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

export async function getRetention(): Promise<number> {
  await requireRole(['admin', 'auditor'] as readonly Role[], 'audit.retention.read');
  return retentionDays();
}

/** Saves the retention period and applies it at once, in one transaction with both audit rows. */
export async function setRetention(input: { days: number }): Promise<ActionState> {
  const actor = await requireRole(['admin'] as readonly Role[], 'audit.retention.update');
  const db = getDb();
  const previous = retentionDays(db);
  const { deleted } = db.transaction((tx) => {
    putSetting(tx, RETENTION_SETTING, input.days);
    writeAudit(tx, { action: 'settings.update', outcome: 'success', actor, targetType: 'setting', targetId: RETENTION_SETTING, detail: { from: previous, to: input.days } });
    return trimAudit(tx as unknown as Db, input.days, actor);
  });
  const kept = input.days === 0 ? 'Audit rows are kept forever.' : `Audit rows are kept for ${input.days} days.`;
  return { status: 'success', message: `${kept} ${deleted} older row${deleted === 1 ? '' : 's'} removed.` };
}
