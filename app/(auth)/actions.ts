'use server';

import { AuthError } from 'next-auth';
import { redirect } from 'next/navigation';
import { signIn } from '@/lib/auth/auth';
import { createFirstAdmin } from '@/lib/dal/accounts';
import { failure, invalid, type ActionState } from '@/lib/validation/action-state';
import { firstAdminSchema, signInSchema } from '@/lib/validation/accounts';

const INVALID_CREDENTIALS = 'The e-mail address or password is incorrect.';
const LOCKED = 'Too many failed attempts. Sign-in for this e-mail address from your network address is locked for 15 minutes.';

async function signInWith(email: string, password: string): Promise<ActionState | null> {
  try {
    await signIn('credentials', { email, password, redirect: false });
    return null;
  } catch (error) {
    if (error instanceof AuthError) {
      const code = (error as AuthError & { code?: string }).code;
      return failure(code === 'locked' ? LOCKED : INVALID_CREDENTIALS);
    }
    throw error;
  }
}

const NOT_A_FORM = failure('The request was not a form submission.');

export async function signInAction(_: ActionState, form: FormData): Promise<ActionState> {
  if (!(form instanceof FormData)) return NOT_A_FORM;
  const parsed = signInSchema.safeParse({ email: form.get('email'), password: form.get('password') });
  if (!parsed.success) return { ...invalid(parsed.error), values: { email: String(form.get('email') ?? '') } };
  const problem = await signInWith(parsed.data.email, parsed.data.password);
  if (problem) return { ...problem, values: { email: parsed.data.email } };
  redirect('/');
}

export async function createFirstAdminAction(_: ActionState, form: FormData): Promise<ActionState> {
  if (!(form instanceof FormData)) return NOT_A_FORM;
  const fields = { name: form.get('name'), email: form.get('email'), password: form.get('password'), confirm: form.get('confirm') };
  const parsed = firstAdminSchema.safeParse(fields);
  const values = { name: String(fields.name ?? ''), email: String(fields.email ?? '') };
  if (!parsed.success) return { ...invalid(parsed.error), values };
  const created = await createFirstAdmin(parsed.data, 'sign-in page');
  if (!created.ok) return failure('An administrator already exists. Sign in instead.');
  const problem = await signInWith(parsed.data.email, parsed.data.password);
  if (problem) return problem;
  redirect('/');
}
