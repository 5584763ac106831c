'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/auth/role-action';
import { saveExpirySettings } from '@/lib/dal/expiry-settings';
import { invalid, type ActionState } from '@/lib/validation/action-state';
import { expirySettingsSchema } from '@/lib/validation/expiry';

const FIELDS = ['critical', 'warning', 'notice', 'alertDays', 'onExpired', 'onFailedCheck', 'testWindowSeconds', 'graceDays', 'intervalHours'] as const;

export const saveThresholdsAction = roleAction<ActionState>(['admin'], 'expiry.settings.update', async (form) => {
  const raw = Object.fromEntries(FIELDS.map((f) => [f, form.get(f)]));
  const values = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
  const parsed = expirySettingsSchema.safeParse(raw);
  if (!parsed.success) return { ...invalid(parsed.error), values };
  const result = await saveExpirySettings(parsed.data);
  revalidatePath('/');
  revalidatePath('/settings/thresholds');
  return result;
});
