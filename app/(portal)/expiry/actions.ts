'use server';

import { revalidatePath } from 'next/cache';
import { requireRole } from '@/lib/auth/session';
import { requestCheckAll } from '@/lib/dal/expiry-checks';
import { guarded } from '@/lib/dal/guard';
import { kickScheduler } from '@/lib/jobs/scheduler-start';
import type { ActionState } from '@/lib/validation/action-state';

/** "Check all now": operators may run checks; the scheduler does the work in the background. */
export async function checkAllNowAction(_: ActionState): Promise<ActionState> {
  return guarded(async () => {
    await requireRole(['admin', 'operator'], 'expiry.check_all');
    const result = await requestCheckAll();
    kickScheduler();
    revalidatePath('/');
    return result;
  });
}
