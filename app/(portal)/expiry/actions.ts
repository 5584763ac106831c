'use server';

import { revalidatePath } from 'next/cache';
import { requireRole } from '@/lib/auth/session';
import { requestCheckAll } from '@/lib/dal/expiry-checks';
import { guarded } from '@/lib/dal/guard';
import { kickScheduler } from '@/lib/jobs/scheduler-start';
import { failure, type ActionState } from '@/lib/validation/action-state';

/** "Check all now": operators may run checks; the scheduler does the work in the background. */
export async function checkAllNowAction(_: ActionState): Promise<ActionState> {
  return guarded(async () => {
    await requireRole(['admin', 'operator'], 'expiry.check_all');
    const result = await requestCheckAll();
    const running = kickScheduler();
    revalidatePath('/');
    // The request is recorded either way; say so plainly when no scheduler here will act on it.
    if (result.status === 'success' && !running) {
      return failure('The check is recorded, but this portal runs with SCHEDULER=off, so nothing will run it until a portal with the scheduler on starts.');
    }
    return result;
  });
}
