'use server';

import { revalidatePath } from 'next/cache';
import { requireRole } from '@/lib/auth/session';
import { saveExpirySettings } from '@/lib/dal/expiry-settings';
import { guarded } from '@/lib/dal/guard';
import { invalid, type ActionState } from '@/lib/validation/action-state';
import { expirySettingsSchema } from '@/lib/validation/expiry';

const FIELDS = ['critical', 'warning', 'notice', 'alertDays', 'onExpired', 'onFailedCheck', 'testWindowSeconds', 'graceDays', 'intervalHours'] as const;

export async function saveThresholdsAction(_: ActionState, form: FormData): Promise<ActionState> {
  return guarded(async () => {
    await requireRole(['admin'], 'expiry.settings.update');
    const raw = Object.fromEntries(FIELDS.map((f) => [f, form instanceof FormData ? form.get(f) : null]));
    const values = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
    const parsed = expirySettingsSchema.safeParse(raw);
    if (!parsed.success) return { ...invalid(parsed.error), values };
    const result = await saveExpirySettings(parsed.data);
    revalidatePath('/');
    revalidatePath('/settings/thresholds');
    return result;
  });
}
