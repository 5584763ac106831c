import 'server-only';
import { getDb, transaction } from '@/db';
import type { Role } from '@/contracts/enums';
import { requireRole } from '@/lib/auth/session';
import type { ActionState } from '@/lib/validation/action-state';
import { putSetting, RETENTION_SETTING, retentionDays, trimAudit } from './audit-retention';
import { writeAudit } from './audit-write';

export async function getRetention(): Promise<number> {
  await requireRole(['admin', 'auditor'] as readonly Role[], 'audit.retention.read');
  return retentionDays();
}

/** Saves the retention period and applies it at once, in one transaction with both audit rows. */
export async function setRetention(input: { days: number }): Promise<ActionState> {
  const actor = await requireRole(['admin'] as readonly Role[], 'audit.retention.update');
  const db = getDb();
  const previous = await retentionDays(db);
  const { deleted } = await transaction(async (tx) => {
    await putSetting(tx, RETENTION_SETTING, input.days);
    await writeAudit(tx, { action: 'settings.update', outcome: 'success', actor, targetType: 'setting', targetId: RETENTION_SETTING, detail: { from: previous, to: input.days } });
    return trimAudit(tx, input.days, actor);
  });
  const kept = input.days === 0 ? 'Audit rows are kept forever.' : `Audit rows are kept for ${input.days} days.`;
  return { status: 'success', message: `${kept} ${deleted} older row${deleted === 1 ? '' : 's'} removed.` };
}
