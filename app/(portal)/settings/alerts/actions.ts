'use server';

import { revalidatePath } from 'next/cache';
import { requireRole } from '@/lib/auth/session';
import { deleteChannel, saveChannel, sendTestAlert } from '@/lib/dal/alerts';
import { guarded } from '@/lib/dal/guard';
import { invalid, type ActionState } from '@/lib/validation/action-state';
import { channelIdSchema, channelSchema } from '@/lib/validation/alerts';

const FIELDS = ['kind', 'channelId', 'name', 'enabled', 'digest', 'host', 'port', 'tls', 'username', 'password', 'from', 'recipients', 'url'] as const;
const SECRET_FIELDS = new Set(['password', 'url']);

export async function saveChannelAction(_: ActionState, form: FormData): Promise<ActionState> {
  return guarded(async () => {
    await requireRole(['admin'], 'alerts.channels.save');
    const raw = Object.fromEntries(FIELDS.map((f) => [f, form instanceof FormData ? form.get(f) : null]));
    // Echo what was typed on failure, except the password and the webhook URL (secrets).
    const values = Object.fromEntries(Object.entries(raw).filter(([k, v]) => !SECRET_FIELDS.has(k) && typeof v === 'string') as [string, string][]);
    const parsed = channelSchema.safeParse(raw);
    if (!parsed.success) return { ...invalid(parsed.error), values };
    const result = await saveChannel(parsed.data);
    revalidatePath('/settings/alerts');
    return result.status === 'error' ? { ...result, values } : result;
  });
}

export async function deleteChannelAction(_: ActionState, form: FormData): Promise<ActionState> {
  return guarded(async () => {
    await requireRole(['admin'], 'alerts.channels.delete');
    const parsed = channelIdSchema.safeParse({ channelId: form instanceof FormData ? form.get('channelId') : null });
    if (!parsed.success) return invalid(parsed.error);
    const result = await deleteChannel(parsed.data);
    revalidatePath('/settings/alerts');
    return result;
  });
}

export async function sendTestAlertAction(_: ActionState, form: FormData): Promise<ActionState> {
  return guarded(async () => {
    await requireRole(['admin'], 'alerts.channels.test');
    const parsed = channelIdSchema.safeParse({ channelId: form instanceof FormData ? form.get('channelId') : null });
    if (!parsed.success) return invalid(parsed.error);
    return sendTestAlert(parsed.data);
  });
}
