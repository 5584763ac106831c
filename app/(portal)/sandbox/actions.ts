'use server';

import { revalidatePath } from 'next/cache';
import { requireRole } from '@/lib/auth/session';
import { guarded, isActionState } from '@/lib/dal/guard';
import { resetSandbox } from '@/lib/sandbox/admin';
import { failure, type ActionState } from '@/lib/validation/action-state';

export async function resetSandboxAction(_: ActionState): Promise<ActionState> {
  const result = await guarded(async () => {
    await requireRole(['admin'], 'reset sandbox');
    return resetSandbox();
  });
  if (isActionState(result)) return result;
  if (!result.ok) return failure(result.message);
  revalidatePath('/sandbox');
  return { status: 'success', message: 'The sandbox tenant was reset to its seed.' };
}
