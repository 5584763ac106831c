'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/auth/role-action';
import { setAlertRecipients } from '@/lib/dal/key-recipients';
import { KEY_WRITERS } from '@/lib/dal/keys';
import { invalid, type ActionState } from '@/lib/validation/action-state';
import { keyRecipientsSchema } from '@/lib/validation/alerts';

export const saveAlertRecipientsAction = roleAction<ActionState>(KEY_WRITERS, 'keys.alert_recipients', async (form) => {
  const raw = { keyId: form.get('keyId'), recipients: form.get('recipients') ?? '' };
  const parsed = keyRecipientsSchema.safeParse(raw);
  if (!parsed.success) return { ...invalid(parsed.error), values: { recipients: String(raw.recipients) } };
  const result = await setAlertRecipients(parsed.data);
  if (result.status === 'error') return result;
  revalidatePath('/keys/[keyId]', 'page');
  return { status: 'success', message: 'Alert recipients saved.' };
});
