'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/auth/role-action';
import { setAlertRecipients } from '@/lib/dal/key-recipients';
import { saveAutoRotation } from '@/lib/dal/rotation-policies';
import { rotateNow } from '@/lib/rotation/rotate-now';
import { KEY_WRITERS } from '@/lib/dal/keys';
import { failure, invalid, type ActionState } from '@/lib/validation/action-state';
import { keyRecipientsSchema } from '@/lib/validation/alerts';
import { autoRotationSchema, keyOnlySchema } from '@/lib/validation/rotation';

export const saveAlertRecipientsAction = roleAction<ActionState>(KEY_WRITERS, 'keys.alert_recipients', async (form) => {
  const raw = { keyId: form.get('keyId'), recipients: form.get('recipients') ?? '' };
  const parsed = keyRecipientsSchema.safeParse(raw);
  if (!parsed.success) return { ...invalid(parsed.error), values: { recipients: String(raw.recipients) } };
  const result = await setAlertRecipients(parsed.data);
  if (result.status === 'error') return result;
  revalidatePath('/keys/[keyId]', 'page');
  return { status: 'success', message: 'Alert recipients saved.' };
});

export const saveAutoRotationAction = roleAction<ActionState>(KEY_WRITERS, 'rotation.policy_update', async (form) => {
  const fields = ['daysBefore', 'lifetimeDays', 'overlapDays'] as const;
  const values = Object.fromEntries(fields.map((f) => [f, String(form.get(f) ?? '')]));
  const parsed = autoRotationSchema.safeParse({ keyId: form.get('keyId'), enabled: form.get('enabled') ?? '', ...values });
  if (!parsed.success) return { ...invalid(parsed.error), values: { ...values, enabled: String(form.get('enabled') ?? '') } };
  const result = await saveAutoRotation(parsed.data);
  if (result.status === 'error') return { ...result, values: { ...values, enabled: String(form.get('enabled') ?? '') } };
  revalidatePath('/keys/[keyId]', 'page');
  return result;
});

export const rotateNowAction = roleAction<ActionState>(KEY_WRITERS, 'rotation.rotate_now', async (form) => {
  const parsed = keyOnlySchema.safeParse({ keyId: form.get('keyId') });
  if (!parsed.success) return failure('This authKey does not exist.');
  const result = await rotateNow(parsed.data.keyId);
  revalidatePath('/keys/[keyId]', 'page');
  return result;
});
