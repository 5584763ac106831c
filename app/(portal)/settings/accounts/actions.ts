'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/auth/role-action';
import { changeRole, createAccount, resetPassword, setDisabled } from '@/lib/dal/accounts-admin';
import { changeRoleSchema, createAccountSchema, resetPasswordSchema, setDisabledSchema } from '@/lib/validation/accounts';
import { invalid, type ActionState } from '@/lib/validation/action-state';

// roleAction checks the session and the role before the input is read; the data access layer
// checks the role again.
const ADMINS = ['admin'] as const;

export const createAccountAction = roleAction<ActionState>(ADMINS, 'accounts.create', async (form) => {
  const fields = { name: form.get('name'), email: form.get('email'), role: form.get('role'), password: form.get('password') };
  const values = { name: String(fields.name ?? ''), email: String(fields.email ?? ''), role: String(fields.role ?? '') };
  const parsed = createAccountSchema.safeParse(fields);
  if (!parsed.success) return { ...invalid(parsed.error), values };
  const result = await createAccount(parsed.data);
  if (result.status === 'error') return { ...result, values };
  revalidatePath('/settings/accounts');
  return result;
});

export const changeRoleAction = roleAction<ActionState>(ADMINS, 'accounts.change_role', async (form) => {
  const parsed = changeRoleSchema.safeParse({ accountId: form.get('accountId'), role: form.get('role') });
  if (!parsed.success) return invalid(parsed.error);
  const result = await changeRole(parsed.data);
  // Only a change needs the page re-rendered (a refused role must not render it again).
  if (result.status === 'success') revalidatePath('/settings/accounts');
  return result;
});

export const setAccountDisabledAction = roleAction<ActionState>(ADMINS, 'accounts.set_disabled', async (form) => {
  const parsed = setDisabledSchema.safeParse({ accountId: form.get('accountId'), disabled: form.get('disabled') });
  if (!parsed.success) return invalid(parsed.error);
  const result = await setDisabled(parsed.data);
  // Only a change needs the page re-rendered (a refused role must not render it again).
  if (result.status === 'success') revalidatePath('/settings/accounts');
  return result;
});

export const resetPasswordAction = roleAction<ActionState>(ADMINS, 'accounts.reset_password', async (form) => {
  const parsed = resetPasswordSchema.safeParse({ accountId: form.get('accountId'), password: form.get('password') });
  if (!parsed.success) return invalid(parsed.error);
  const result = await resetPassword(parsed.data);
  // Only a change needs the page re-rendered (a refused role must not render it again).
  if (result.status === 'success') revalidatePath('/settings/accounts');
  return result;
});
