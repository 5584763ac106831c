'use server';

import { revalidatePath } from 'next/cache';
import { requireRole } from '@/lib/auth/session';
import { guarded } from '@/lib/dal/guard';
import { setAlertRecipients } from '@/lib/dal/key-recipients';
import { KEY_WRITERS } from '@/lib/dal/keys';
import { invalid, type ActionState } from '@/lib/validation/action-state';
import { keyRecipientsSchema } from '@/lib/validation/alerts';

export async function saveAlertRecipientsAction(_: ActionState, form: FormData): Promise<ActionState> {
  const result = await guarded(async () => {
    // The role first: nothing is parsed for a caller who may not do this.
    await requireRole(KEY_WRITERS, 'keys.alert_recipients');
    const raw = { keyId: form.get('keyId'), recipients: form.get('recipients') ?? '' };
    const parsed = keyRecipientsSchema.safeParse(raw);
    if (!parsed.success) return { ...invalid(parsed.error), values: { recipients: String(raw.recipients) } };
    return setAlertRecipients(parsed.data);
  });
  if (result.status === 'error') return result;
  revalidatePath('/keys/[keyId]', 'page');
  return { status: 'success', message: 'Alert recipients saved.' };
}
