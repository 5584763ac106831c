import 'server-only';
import { transaction } from '@/db';
import { requireRole } from '@/lib/auth/session';
import { REQUESTED_SETTING } from '@/lib/jobs/scheduler';
import type { ActionState } from '@/lib/validation/action-state';
import { putSetting } from './audit-retention';
import { writeAudit } from './audit-write';
import { KEY_TESTERS } from './keys';

/**
 * Asks for a health check of every key. Recorded as a request in the database, so whichever
 * portal process holds the scheduler lease runs it, once.
 */
export async function requestCheckAll(): Promise<ActionState> {
  const actor = await requireRole(KEY_TESTERS, 'expiry.check_all');
  await transaction(async (tx) => {
    await putSetting(tx, REQUESTED_SETTING, new Date().toISOString());
    await writeAudit(tx, { action: 'scheduler.check_all', outcome: 'success', actor });
  });
  return { status: 'success', message: 'Checking every authKey now. Results appear here as they finish; reload in a minute.' };
}
