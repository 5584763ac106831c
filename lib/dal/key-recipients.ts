import 'server-only';
import { eq } from 'drizzle-orm';
import { transaction } from '@/db';
import { authKeys } from '@/db/schema';
import { requireRole } from '@/lib/auth/session';
import { failure } from '@/lib/validation/action-state';
import { writeAudit } from './audit-write';
import { KEY_WRITERS, type Mutation } from './keys';

/** Sets who besides the e-mail channels' recipients hears about this key (its app's owner). */
export async function setAlertRecipients(input: { keyId: string; recipients: string[] }): Promise<Mutation> {
  const actor = await requireRole(KEY_WRITERS, 'keys.alert_recipients');
  const recipients = [...new Set(input.recipients)];
  return transaction(async (tx) => {
    const changed = await tx
      .update(authKeys)
      .set({ extraRecipients: recipients.join(', '), updatedAt: new Date().toISOString() })
      .where(eq(authKeys.id, input.keyId))
      .returning({ id: authKeys.id });
    if (changed.length === 0) return failure('This authKey no longer exists.');
    await writeAudit(tx, {
      action: 'key.update',
      outcome: 'success',
      actor,
      targetType: 'auth_key',
      targetId: input.keyId,
      authKeyId: input.keyId,
      detail: { changed: ['alertRecipients'], recipients: recipients.length },
    });
    return { status: 'success' as const, id: input.keyId };
  });
}
