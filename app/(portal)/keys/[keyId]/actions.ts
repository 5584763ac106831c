'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/auth/role-action';
import { setAlertRecipients } from '@/lib/dal/key-recipients';
import { saveAutoRotation } from '@/lib/dal/rotation-policies';
import { addConsumer, confirmHandOff, removeConsumer, revealRotatedSecret } from '@/lib/dal/key-consumers';
import { addConsumerSchema, consumerIdSchema, revealSchema } from '@/lib/validation/consumers';
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

export const addConsumerAction = roleAction<ActionState>(KEY_WRITERS, 'keys.consumer_add', async (form) => {
  const raw = { keyId: form.get('keyId'), kind: form.get('consumerKind'), name: String(form.get('consumerName') ?? '') };
  const parsed = addConsumerSchema.safeParse(raw);
  if (!parsed.success) return { ...invalid(parsed.error), values: { consumerName: raw.name } };
  const result = await addConsumer(parsed.data);
  revalidatePath('/keys/[keyId]', 'page');
  return result;
});

export const removeConsumerAction = roleAction<ActionState>(KEY_WRITERS, 'keys.consumer_remove', async (form) => {
  const parsed = consumerIdSchema.safeParse({ keyId: form.get('keyId'), consumerId: form.get('consumerId') });
  if (!parsed.success) return failure('This consumer is no longer listed.');
  const result = await removeConsumer(parsed.data);
  revalidatePath('/keys/[keyId]', 'page');
  return result;
});

/** The hand-off: the rotated secret, once, after the administrator's own password. Never revalidated into a page. */
export const revealSecretAction = roleAction<ActionState & { secret?: string }>(KEY_WRITERS, 'rotation.reveal', async (form) => {
  const parsed = revealSchema.safeParse({ keyId: form.get('keyId'), password: form.get('password') ?? '' });
  if (!parsed.success) return invalid(parsed.error);
  return revealRotatedSecret(parsed.data);
});

export const confirmHandOffAction = roleAction<ActionState>(KEY_WRITERS, 'keys.consumer_confirm', async (form) => {
  const parsed = consumerIdSchema.safeParse({ keyId: form.get('keyId'), consumerId: form.get('consumerId') });
  if (!parsed.success) return failure('This consumer is no longer listed.');
  const result = await confirmHandOff(parsed.data);
  revalidatePath('/keys/[keyId]', 'page');
  return result;
});
