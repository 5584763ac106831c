'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/auth/role-action';
import { setRetention } from '@/lib/dal/audit-settings';
import { invalid, type ActionState } from '@/lib/validation/action-state';
import { retentionSchema } from '@/lib/validation/audit';

export const setAuditRetentionAction = roleAction<ActionState>(['admin'], 'audit.retention.update', async (form) => {
  const parsed = retentionSchema.safeParse({ days: form.get('days') });
  if (!parsed.success) return invalid(parsed.error);
  const result = await setRetention(parsed.data);
  if (result.status === 'success') revalidatePath('/audit');
  return result;
});
