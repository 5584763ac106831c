'use server';

import { revalidatePath } from 'next/cache';
import { requireRole } from '@/lib/auth/session';
import { setRetention } from '@/lib/dal/audit-settings';
import { guarded } from '@/lib/dal/guard';
import { failure, invalid, type ActionState } from '@/lib/validation/action-state';
import { retentionSchema } from '@/lib/validation/audit';

export async function setAuditRetentionAction(_: ActionState, form: FormData): Promise<ActionState> {
  return guarded(async () => {
    // Session and role before the input is read: a refused role gets the audited refusal, not field errors.
    await requireRole(['admin'], 'audit.retention.update');
    if (!(form instanceof FormData)) return failure('The request was not a form submission.');
    const parsed = retentionSchema.safeParse({ days: form.get('days') });
    if (!parsed.success) return invalid(parsed.error);
    const result = await setRetention(parsed.data);
    if (result.status === 'success') revalidatePath('/audit');
    return result;
  });
}
