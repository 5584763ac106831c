'use server';

import { revalidatePath } from 'next/cache';
import { requireRole } from '@/lib/auth/session';
import { changeRole, createAccount, resetPassword, setDisabled } from '@/lib/dal/accounts-admin';
import { guarded } from '@/lib/dal/guard';
import { changeRoleSchema, createAccountSchema, resetPasswordSchema, setDisabledSchema } from '@/lib/validation/accounts';
import { failure, invalid, type ActionState } from '@/lib/validation/action-state';

const NOT_A_FORM = failure('The request was not a form submission.');

// Each action checks the session and the role before it reads its input: an anonymous call is
// sent to sign-in and a refused role gets the audited refusal, never field errors. The data
// access layer checks the role again.
const ADMINS = ['admin'] as const;

export async function createAccountAction(_: ActionState, form: FormData): Promise<ActionState> {
  return guarded(async () => {
    await requireRole(ADMINS, 'accounts.create');
    if (!(form instanceof FormData)) return NOT_A_FORM;
    const fields = { name: form.get('name'), email: form.get('email'), role: form.get('role'), password: form.get('password') };
    const values = { name: String(fields.name ?? ''), email: String(fields.email ?? ''), role: String(fields.role ?? '') };
    const parsed = createAccountSchema.safeParse(fields);
    if (!parsed.success) return { ...invalid(parsed.error), values };
    const result = await createAccount(parsed.data);
    if (result.status === 'error') return { ...result, values };
    revalidatePath('/settings/accounts');
    return result;
  });
}

export async function changeRoleAction(_: ActionState, form: FormData): Promise<ActionState> {
  return guarded(async () => {
    await requireRole(ADMINS, 'accounts.change_role');
    if (!(form instanceof FormData)) return NOT_A_FORM;
    const parsed = changeRoleSchema.safeParse({ accountId: form.get('accountId'), role: form.get('role') });
    if (!parsed.success) return invalid(parsed.error);
    const result = await changeRole(parsed.data);
    // Only a change needs the page re-rendered (a refused role must not render it again).
    if (result.status === 'success') revalidatePath('/settings/accounts');
    return result;
  });
}

export async function setAccountDisabledAction(_: ActionState, form: FormData): Promise<ActionState> {
  return guarded(async () => {
    await requireRole(ADMINS, 'accounts.set_disabled');
    if (!(form instanceof FormData)) return NOT_A_FORM;
    const parsed = setDisabledSchema.safeParse({ accountId: form.get('accountId'), disabled: form.get('disabled') });
    if (!parsed.success) return invalid(parsed.error);
    const result = await setDisabled(parsed.data);
    // Only a change needs the page re-rendered (a refused role must not render it again).
    if (result.status === 'success') revalidatePath('/settings/accounts');
    return result;
  });
}

export async function resetPasswordAction(_: ActionState, form: FormData): Promise<ActionState> {
  return guarded(async () => {
    await requireRole(ADMINS, 'accounts.reset_password');
    if (!(form instanceof FormData)) return NOT_A_FORM;
    const parsed = resetPasswordSchema.safeParse({ accountId: form.get('accountId'), password: form.get('password') });
    if (!parsed.success) return invalid(parsed.error);
    const result = await resetPassword(parsed.data);
    // Only a change needs the page re-rendered (a refused role must not render it again).
    if (result.status === 'success') revalidatePath('/settings/accounts');
    return result;
  });
}
