'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { roleAction } from '@/lib/auth/role-action';
import { removeOldSecret, rollbackRotation, rotateSecret, rotateWithAddPassword, type RotateState } from '@/lib/server/rotation';
import { invalid, type ActionState } from '@/lib/validation/action-state';
import { addPasswordSchema, keyOnlySchema, rotateSecretSchema } from '@/lib/validation/rotation';

const field = (form: FormData, name: string) => form.get(name);

function refresh(keyId: string) {
  revalidatePath(`/keys/${keyId}/rotate`);
  revalidatePath(`/keys/${keyId}`);
  revalidatePath('/');
}

export const rotateSecretAction = roleAction<RotateState>(['admin'], 'rotation.rotate', async (form) => {
  const parsed = rotateSecretSchema.safeParse({ keyId: field(form, 'keyId'), clientSecret: field(form, 'clientSecret'), expiresAt: field(form, 'expiresAt'), confirmShorter: field(form, 'confirmShorter') });
  if (!parsed.success) return invalid(parsed.error);
  const result = await rotateSecret(parsed.data);
  refresh(parsed.data.keyId);
  return result;
});

export const addPasswordAction = roleAction<RotateState>(['admin'], 'rotation.add_password', async (form) => {
  const parsed = addPasswordSchema.safeParse({ keyId: field(form, 'keyId'), displayName: field(form, 'displayName'), days: field(form, 'days'), confirmShorter: field(form, 'confirmShorter') });
  if (!parsed.success) return invalid(parsed.error);
  const result = await rotateWithAddPassword(parsed.data);
  refresh(parsed.data.keyId);
  return result;
});

export const rollbackAction = roleAction<ActionState>(['admin'], 'rotation.rollback', async (form) => {
  const parsed = keyOnlySchema.safeParse({ keyId: field(form, 'keyId') });
  if (!parsed.success) return invalid(parsed.error);
  const result = await rollbackRotation(parsed.data);
  if (result.status === 'error') return result;
  refresh(parsed.data.keyId);
  // The card this form sits in is gone after the change: say what happened at the top instead.
  redirect(`/keys/${parsed.data.keyId}/rotate?done=rolled-back`);
});

export const removeOldSecretAction = roleAction<ActionState>(['admin'], 'rotation.remove_old', async (form) => {
  const parsed = keyOnlySchema.safeParse({ keyId: field(form, 'keyId') });
  if (!parsed.success) return invalid(parsed.error);
  const result = await removeOldSecret(parsed.data);
  if (result.status === 'error') return result;
  refresh(parsed.data.keyId);
  // The card this form sits in is gone after the change: say what happened at the top instead.
  redirect(`/keys/${parsed.data.keyId}/rotate?done=removed`);
});
