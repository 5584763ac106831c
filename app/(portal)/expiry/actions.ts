'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/auth/role-action';
import { requestCheckAll } from '@/lib/dal/expiry-checks';
import { kickScheduler } from '@/lib/jobs/scheduler-start';
import { failure, type ActionState } from '@/lib/validation/action-state';

/** "Check all now": operators may run checks; the scheduler does the work in the background. */
export const checkAllNowAction = roleAction<ActionState>(['admin', 'operator'], 'expiry.check_all', async () => {
  const result = await requestCheckAll();
  const running = kickScheduler();
  revalidatePath('/');
  // The request is recorded either way; say so plainly when no scheduler here will act on it.
  if (result.status === 'success' && !running) {
    return failure('The check is recorded, but this portal runs with SCHEDULER=off, so nothing will run it until a portal with the scheduler on starts.');
  }
  return result;
});
