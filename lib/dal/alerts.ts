import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import { getDb, transaction } from '@/db';
import { alertChannels, alertDeliveries, authKeys } from '@/db/schema';
import { type Role } from '@/contracts/enums';
import { requireRole } from '@/lib/auth/session';
import { openChannel, sealChannelSecret, type ChannelConfig, type ChannelKind } from '@/lib/alerts/channel-config';
import { testMessage } from '@/lib/alerts/messages';
import { sendAlert } from '@/lib/alerts/senders';
import { failure, type ActionState } from '@/lib/validation/action-state';
import type { ChannelInput } from '@/lib/validation/alerts';
import { writeAudit } from './audit-write';
import { KEY_READERS } from './keys';

const ADMINS: readonly Role[] = ['admin'];
export const DELIVERY_PAGE_SIZE = 50;

/** A channel as pages see it: settings, and whether a secret is stored, never the secret. */
export type ChannelDto = { id: string; kind: ChannelKind; name: string; enabled: boolean; config: ChannelConfig; secretConfigured: boolean; createdAt: string };

export async function listChannels(): Promise<ChannelDto[]> {
  await requireRole(ADMINS, 'alerts.channels.list');
  const rows = await getDb().select().from(alertChannels).orderBy(alertChannels.createdAt);
  return rows.map((c) => ({ id: c.id, kind: c.kind, name: c.name, enabled: c.enabled, config: c.config as ChannelConfig, secretConfigured: Boolean(c.secret), createdAt: c.createdAt }));
}

function configOf(input: ChannelInput): ChannelConfig {
  if (input.kind === 'email') return { host: input.host, port: input.port, tls: input.tls, username: input.username, from: input.from, recipients: input.recipients, digest: input.digest };
  // Only the host is kept in the clear, so the page can show where posts go.
  return { digest: input.digest, host: input.url ? new URL(input.url).host : '' };
}

export async function saveChannel(input: ChannelInput): Promise<ActionState> {
  const actor = await requireRole(ADMINS, 'alerts.channels.save');
  const db = getDb();
  const secret = input.kind === 'email' ? input.password : input.url;
  const [existing] = input.channelId ? await db.select().from(alertChannels).where(eq(alertChannels.id, input.channelId)).limit(1) : [];
  if (input.channelId && !existing) return failure('This channel no longer exists.');
  if (existing && existing.kind !== input.kind) return failure('A channel cannot change its kind; add a new one.');
  if (!existing && input.kind !== 'email' && !secret) return failure('Paste the webhook URL.', { url: ['Paste the webhook URL.'] });
  const id = existing?.id ?? randomUUID();
  let config = configOf(input);
  // A blank URL keeps the stored one, and with it the host shown beside it.
  if (existing && input.kind !== 'email' && !secret) config = { ...config, host: (existing.config as { host?: string }).host ?? '' };
  await transaction(async (tx) => {
    const sealed = secret ? await sealChannelSecret(id, secret) : undefined;
    if (existing) {
      await tx.update(alertChannels).set({ name: input.name, enabled: input.enabled, config, ...(sealed ? { secret: sealed } : {}) }).where(eq(alertChannels.id, id));
    } else {
      await tx.insert(alertChannels).values({ id, kind: input.kind, name: input.name, enabled: input.enabled, config, secret: sealed ?? null });
    }
    await writeAudit(tx, { action: existing ? 'alert.channel_update' : 'alert.channel_create', outcome: 'success', actor, targetType: 'alert_channel', targetId: id, detail: { kind: input.kind, name: input.name, enabled: input.enabled, newSecret: Boolean(sealed), ...config } });
  });
  return { status: 'success', message: existing ? `Channel “${input.name}” saved.` : `Channel “${input.name}” added. Use “Send test” to check it.` };
}

export async function deleteChannel(input: { channelId: string }): Promise<ActionState> {
  const actor = await requireRole(ADMINS, 'alerts.channels.delete');
  return transaction(async (tx) => {
    const [ch] = await tx.select({ id: alertChannels.id, name: alertChannels.name, kind: alertChannels.kind }).from(alertChannels).where(eq(alertChannels.id, input.channelId)).limit(1);
    if (!ch) return failure('This channel no longer exists.');
    await tx.delete(alertChannels).where(eq(alertChannels.id, ch.id));
    await writeAudit(tx, { action: 'alert.channel_delete', outcome: 'success', actor, targetType: 'alert_channel', targetId: ch.id, detail: { name: ch.name, kind: ch.kind } });
    return { status: 'success' as const, message: `Channel “${ch.name}” deleted.` };
  });
}

/** "Send test": one message now, outside the rules and the once-only bookkeeping, audited. */
export async function sendTestAlert(input: { channelId: string }): Promise<ActionState> {
  const actor = await requireRole(ADMINS, 'alerts.channels.test');
  const channel = await openChannel(getDb(), input.channelId);
  if (!channel) return failure('This channel no longer exists.');
  let error: string | null = null;
  try {
    await sendAlert(channel, testMessage(channel.name));
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  await writeAudit(getDb(), { action: 'alert.channel_test', outcome: error ? 'failure' : 'success', actor, targetType: 'alert_channel', targetId: channel.id, detail: { name: channel.name, kind: channel.kind, error } });
  return error ? failure(`The test did not go through: ${error}`) : { status: 'success', message: `Test sent to “${channel.name}”.` };
}

export type DeliveryDto = { id: number; channelName: string; channelKind: ChannelKind; subject: string; keyId: string | null; keyName: string | null; threshold: string | null; state: 'pending' | 'sent' | 'failed'; attempts: number; lastError: string | null; nextAttemptAt: string | null; createdAt: string; sentAt: string | null };

/** The notifications log: every queued alert, its attempts and its outcome, newest first. */
export async function listDeliveries(filter: { state?: 'pending' | 'sent' | 'failed'; page?: number }): Promise<{ rows: DeliveryDto[]; total: number; page: number; pages: number }> {
  await requireRole(KEY_READERS, 'alerts.deliveries.list');
  const db = getDb();
  const where: SQL | undefined = filter.state ? and(eq(alertDeliveries.state, filter.state)) : undefined;
  const [counted] = await db.select({ n: count() }).from(alertDeliveries).where(where);
  const total = counted?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / DELIVERY_PAGE_SIZE));
  const page = Math.min(filter.page ?? 1, pages);
  const rows = await db
    .select({
      id: alertDeliveries.id, channelName: alertChannels.name, channelKind: alertChannels.kind, subject: alertDeliveries.subject, keyId: alertDeliveries.authKeyId, keyName: authKeys.name,
      threshold: alertDeliveries.threshold, state: alertDeliveries.state, attempts: alertDeliveries.attempts, lastError: alertDeliveries.lastError, nextAttemptAt: alertDeliveries.nextAttemptAt, createdAt: alertDeliveries.createdAt, sentAt: alertDeliveries.sentAt,
    })
    .from(alertDeliveries)
    .innerJoin(alertChannels, eq(alertChannels.id, alertDeliveries.channelId))
    .leftJoin(authKeys, eq(authKeys.id, alertDeliveries.authKeyId))
    .where(where)
    .orderBy(desc(alertDeliveries.id))
    .limit(DELIVERY_PAGE_SIZE)
    .offset((page - 1) * DELIVERY_PAGE_SIZE);
  return { rows, total, page, pages };
}
