'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireRole } from '@/lib/auth/session';
import { guarded } from '@/lib/dal/guard';
import { removeOldSecret, rollbackRotation, rotateSecret, rotateWithAddPassword } from '@/lib/dal/rotation';
import { invalid, type ActionState } from '@/lib/validation/action-state';
import { addPasswordSchema, keyOnlySchema, rotateSecretSchema } from '@/lib/validation/rotation';

const field = (form: unknown, name: string) => (form instanceof FormData ? form.get(name) : null);

function refresh(keyId: string) {
  revalidatePath(`/keys/${keyId}/rotate`);
  revalidatePath(`/keys/${keyId}`);
  revalidatePath('/');
}

export async function rotateSecretAction(_: ActionState, form: FormData): Promise<ActionState> {
  return guarded(async () => {
    await requireRole(['admin'], 'rotation.rotate');
    const parsed = rotateSecretSchema.safeParse({ keyId: field(form, 'keyId'), clientSecret: field(form, 'clientSecret'), expiresAt: field(form, 'expiresAt') });
    if (!parsed.success) return invalid(parsed.error);
    const result = await rotateSecret(parsed.data);
    refresh(parsed.data.keyId);
    return result;
  });
}

export async function addPasswordAction(_: ActionState, form: FormData): Promise<ActionState> {
  return guarded(async () => {
    await requireRole(['admin'], 'rotation.add_password');
    const parsed = addPasswordSchema.safeParse({ keyId: field(form, 'keyId'), displayName: field(form, 'displayName'), days: field(form, 'days') });
    if (!parsed.success) return invalid(parsed.error);
    const result = await rotateWithAddPassword(parsed.data);
    refresh(parsed.data.keyId);
    return result;
  });
}

export async function rollbackAction(_: ActionState, form: FormData): Promise<ActionState> {
  return guarded(async () => {
    await requireRole(['admin'], 'rotation.rollback');
    const parsed = keyOnlySchema.safeParse({ keyId: field(form, 'keyId') });
    if (!parsed.success) return invalid(parsed.error);
    const result = await rollbackRotation(parsed.data);
    if (result.status === 'error') return result;
    refresh(parsed.data.keyId);
    // The card this form sits in is gone after the change: say what happened at the top instead.
    redirect(`/keys/${parsed.data.keyId}/rotate?done=rolled-back`);
  });
}

export async function removeOldSecretAction(_: ActionState, form: FormData): Promise<ActionState> {
  return guarded(async () => {
    await requireRole(['admin'], 'rotation.remove_old');
    const parsed = keyOnlySchema.safeParse({ keyId: field(form, 'keyId') });
    if (!parsed.success) return invalid(parsed.error);
    const result = await removeOldSecret(parsed.data);
    if (result.status === 'error') return result;
    refresh(parsed.data.keyId);
    // The card this form sits in is gone after the change: say what happened at the top instead.
    redirect(`/keys/${parsed.data.keyId}/rotate?done=removed`);
  });
}
