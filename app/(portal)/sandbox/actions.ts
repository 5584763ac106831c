'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/auth/role-action';
import { resetSandbox } from '@/lib/sandbox/admin';
import { failure, type ActionState } from '@/lib/validation/action-state';

export const resetSandboxAction = roleAction<ActionState>(['admin'], 'sandbox.reset', async () => {
  const result = await resetSandbox();
  if (!result.ok) return failure(result.message);
  revalidatePath('/sandbox');
  return { status: 'success', message: 'The sandbox tenant was reset to its seed.' };
});
