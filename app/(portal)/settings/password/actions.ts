'use server';

import { AuthError } from 'next-auth';
import { redirect } from 'next/navigation';
import { signIn } from '@/lib/auth/auth';
import { requireSession } from '@/lib/auth/session';
import { changeOwnPassword } from '@/lib/dal/accounts-admin';
import { changeOwnPasswordSchema } from '@/lib/validation/accounts';
import { failure, invalid, type ActionState } from '@/lib/validation/action-state';

export async function changeOwnPasswordAction(_: ActionState, form: FormData): Promise<ActionState> {
  // Anonymous callers go to sign-in before the input is read; a pending forced change is allowed.
  await requireSession({ allowPendingPasswordChange: true });
  if (!(form instanceof FormData)) return failure('The request was not a form submission.');
  const parsed = changeOwnPasswordSchema.safeParse({ currentPassword: form.get('currentPassword'), newPassword: form.get('newPassword'), confirm: form.get('confirm') });
  if (!parsed.success) return invalid(parsed.error);
  const result = await changeOwnPassword(parsed.data);
  if (result.status === 'error' || !result.email) return { status: result.status, message: result.message, fieldErrors: result.fieldErrors };
  // The change ended every session of the account, this one included: sign it in again.
  try {
    await signIn('credentials', { email: result.email, password: parsed.data.newPassword, redirect: false });
  } catch (error) {
    if (error instanceof AuthError) redirect('/sign-in');
    throw error;
  }
  // A navigation, not a returned state: this request still carries the old (now ended) session,
  // so only the next request sees the renewed one.
  redirect(form.get('forced') === '1' ? '/' : '/settings/password?changed=1');
}
