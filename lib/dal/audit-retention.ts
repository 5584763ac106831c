import 'server-only';
import { eq, lt } from 'drizzle-orm';
import { getDb, transaction, type Db } from '@/db';
import { auditEvents, settings } from '@/db/schema';
import { writeAudit } from './audit-write';

// The one module allowed to delete audit rows. The database trigger refuses any delete of a row
// at or after 'audit.trimBefore'; this publishes the cutoff, deletes, and closes the window
// again, all in the transaction that writes the trim's own audit row. It imports no session
// code so that bootstrap can trim at start; audit-settings.ts authorizes the page's changes.
export const RETENTION_SETTING = 'audit.retentionDays';
const TRIM_BEFORE_SETTING = 'audit.trimBefore';
const CLOSED = '0000';

export async function putSetting(tx: Pick<Db, 'insert'>, key: string, value: unknown): Promise<void> {
  const updatedAt = new Date().toISOString();
  await tx.insert(settings).values({ key, value, updatedAt }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt } });
}

export async function retentionDays(db: Db = getDb()): Promise<number> {
  const [row] = await db.select().from(settings).where(eq(settings.key, RETENTION_SETTING)).limit(1);
  return row ? Number(row.value) || 0 : 0;
}

/**
 * Deletes rows older than `days` (0 keeps everything) and records that it did. Used by the
 * settings action and at start; `actor` is null when the portal itself trims.
 */
export async function trimAudit(db: Db, days: number, actor: { id: string; email: string } | null, now = new Date()): Promise<{ deleted: number; cutoff: string | null }> {
  return transaction(async (tx) => {
    if (days <= 0) return { deleted: 0, cutoff: null };
    const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
    await putSetting(tx, TRIM_BEFORE_SETTING, cutoff);
    const deleted = (await tx.delete(auditEvents).where(lt(auditEvents.at, cutoff)).returning({ id: auditEvents.id })).length;
    await putSetting(tx, TRIM_BEFORE_SETTING, CLOSED);
    if (deleted > 0 || actor) {
      await writeAudit(tx, { action: 'audit.trim', outcome: 'success', actor, actorEmail: actor ? undefined : 'system', detail: { days, cutoff, deleted } });
    }
    return { deleted, cutoff };
  }, db);
}
