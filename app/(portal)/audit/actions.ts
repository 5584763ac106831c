'use server';

import { revalidatePath } from 'next/cache';
import { requireSession } from '@/lib/auth/session';
import { setRetention } from '@/lib/dal/audit-settings';
import { guarded } from '@/lib/dal/guard';
import { failure, invalid, type ActionState } from '@/lib/validation/action-state';
import { retentionSchema } from '@/lib/validation/audit';

export async function setAuditRetentionAction(_: ActionState, form: FormData): Promise<ActionState> {
  await requireSession();
  if (!(form instanceof FormData)) return failure('The request was not a form submission.');
  const parsed = retentionSchema.safeParse({ days: form.get('days') });
  if (!parsed.success) return invalid(parsed.error);
  const result = await guarded(() => setRetention(parsed.data));
  if (result.status === 'success') revalidatePath('/audit');
  return result;
}
