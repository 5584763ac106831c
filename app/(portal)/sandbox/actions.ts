'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/auth/role-action';
import { z } from 'zod';
import { createSandboxSecret, resetSandbox, type NewSandboxSecret } from '@/lib/sandbox/admin';
import { failure, invalid, type ActionState } from '@/lib/validation/action-state';

export const resetSandboxAction = roleAction<ActionState>(['admin'], 'sandbox.reset', async () => {
  const result = await resetSandbox();
  if (!result.ok) return failure(result.message);
  revalidatePath('/sandbox');
  return { status: 'success', message: 'The sandbox tenant was reset to its seed.' };
});

export type NewSecretState = ActionState & { secret?: NewSandboxSecret };

const newSecretSchema = z.object({
  clientId: z.string().uuid('Pick a sandbox app.'),
  displayName: z.string().trim().min(1, 'Describe the secret, e.g. “Rotation test”.').max(100),
  days: z.coerce.number().int().min(1, 'At least 1 day.').max(730, 'At most 730 days (24 months), as in Azure.'),
});

/** "New client secret" on a sandbox app: the value is shown once, to the administrator who asked. */
export const newSandboxSecretAction = roleAction<NewSecretState>(['admin'], 'sandbox.new_secret', async (form) => {
  const parsed = newSecretSchema.safeParse({ clientId: form.get('clientId'), displayName: form.get('displayName'), days: form.get('days') });
  if (!parsed.success) return invalid(parsed.error);
  const result = await createSandboxSecret(parsed.data);
  if (!result.ok) return failure(result.message);
  revalidatePath('/sandbox');
  return { status: 'success', message: `Created “${result.secret.displayName}”. Copy its Value now to try it, as you would in Azure.`, secret: result.secret };
});
