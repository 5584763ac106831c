'use server';

import { revalidatePath } from 'next/cache';
import { roleAction } from '@/lib/auth/role-action';
import { deleteChannel, saveChannel, sendTestAlert } from '@/lib/dal/alerts';
import { invalid, type ActionState } from '@/lib/validation/action-state';
import { channelIdSchema, channelSchema } from '@/lib/validation/alerts';

const FIELDS = ['kind', 'channelId', 'name', 'enabled', 'digest', 'host', 'port', 'tls', 'username', 'password', 'from', 'recipients', 'url'] as const;
const SECRET_FIELDS = new Set(['password', 'url']);

export const saveChannelAction = roleAction<ActionState>(['admin'], 'alerts.channels.save', async (form) => {
  const raw = Object.fromEntries(FIELDS.map((f) => [f, form.get(f)]));
  // Echo what was typed on failure, except the password and the webhook URL (secrets).
  const values = Object.fromEntries(Object.entries(raw).filter(([k, v]) => !SECRET_FIELDS.has(k) && typeof v === 'string') as [string, string][]);
  const parsed = channelSchema.safeParse(raw);
  if (!parsed.success) return { ...invalid(parsed.error), values };
  const result = await saveChannel(parsed.data);
  revalidatePath('/settings/alerts');
  return result.status === 'error' ? { ...result, values } : result;
});

export const deleteChannelAction = roleAction<ActionState>(['admin'], 'alerts.channels.delete', async (form) => {
  const parsed = channelIdSchema.safeParse({ channelId: form.get('channelId') });
  if (!parsed.success) return invalid(parsed.error);
  const result = await deleteChannel(parsed.data);
  revalidatePath('/settings/alerts');
  return result;
});

export const sendTestAlertAction = roleAction<ActionState>(['admin'], 'alerts.channels.test', async (form) => {
  const parsed = channelIdSchema.safeParse({ channelId: form.get('channelId') });
  if (!parsed.success) return invalid(parsed.error);
  return sendTestAlert(parsed.data);
});
