import 'server-only';
import { and, asc, eq, isNull, lte, or } from 'drizzle-orm';
import { getDb, transaction, type Db } from '@/db';
import { alertDeliveries, authKeys, credentials, rotationRuns } from '@/db/schema';
import { writeAudit } from '@/lib/dal/audit-write';
import { waitingConsumers } from '@/lib/dal/consumer-state';
import { withLease } from '@/lib/jobs/scheduler-lease';
import { openChannel, type OpenChannel } from './channel-config';
import { checkMessage, digestMessage, expiryMessage, rotationMessage, type AlertMessage } from './messages';
import { sendAlert } from './senders';

// After the n-th failed attempt, wait BACKOFF_MS[n-1]; after MAX_ATTEMPTS the delivery is given up.
export const BACKOFF_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000];
export const MAX_ATTEMPTS = BACKOFF_MS.length + 1;

type Delivery = typeof alertDeliveries.$inferSelect;
type Rendered = { message: AlertMessage; extraRecipients: string[] } | { gone: string };

const recipients = (list: string) => list.split(/[\s,;]+/).filter((s) => s.includes('@'));

/** Builds the message from today's data, so a retry says what is true now. */
async function render(d: Delivery, now: Date): Promise<Rendered> {
  const db = getDb();
  const [key] = d.authKeyId ? await db.select().from(authKeys).where(eq(authKeys.id, d.authKeyId)).limit(1) : [];
  if (!key) return { gone: 'The authKey was deleted.' };
  const extraRecipients = recipients(key.extraRecipients);
  if (d.threshold === 'check') return { message: checkMessage({ keyId: key.id, keyName: key.name, tenantId: key.tenantId, at: key.lastTestedAt, message: key.lastTestMessage }), extraRecipients };
  if (d.threshold?.startsWith('rotation.')) {
    const [run] = await db.select().from(rotationRuns).where(eq(rotationRuns.id, d.subject.split(':')[1] ?? '')).limit(1);
    if (!run) return { gone: 'The rotation was deleted with its key.' };
    const event = d.threshold === 'rotation.rotated' ? 'rotated' : d.threshold === 'rotation.waiting' ? 'waiting' : 'failed';
    const credentialId = event === 'rotated' ? run.newCredentialId : run.oldCredentialId;
    const [c] = credentialId ? await db.select({ expiresAt: credentials.expiresAt }).from(credentials).where(eq(credentials.id, credentialId)).limit(1) : [];
    const waiting = event === 'waiting' ? (await waitingConsumers(key.id, db)).map((w) => w.name) : undefined;
    if (event === 'waiting' && !waiting?.length) return { gone: 'Every copy holder has the new secret now.' };
    const facts = { keyId: key.id, keyName: key.name, tenantId: key.tenantId, kind: run.kind, event, expiresAt: c?.expiresAt ?? null, removeAfter: run.removeAfter, reason: run.lastError, waiting } as const;
    return { message: rotationMessage(facts, now), extraRecipients };
  }
  const [cred] = d.credentialId ? await db.select().from(credentials).where(eq(credentials.id, d.credentialId)).limit(1) : [];
  if (!cred?.expiresAt) return { gone: 'The credential was replaced or deleted.' };
  const facts = { keyId: key.id, keyName: key.name, tenantId: key.tenantId, credentialId: cred.id, type: cred.kind === 'certificate' ? ('certificate' as const) : ('secret' as const), hint: cred.hint, expiresAt: cred.expiresAt, threshold: d.threshold ?? '' };
  return { message: expiryMessage(facts, now), extraRecipients };
}

async function record(channel: OpenChannel, d: Delivery, now: Date, error: string | null): Promise<void> {
  const attempts = d.attempts + 1;
  const givenUp = error !== null && attempts >= MAX_ATTEMPTS;
  await transaction(async (tx) => {
    await tx
      .update(alertDeliveries)
      .set({
        attempts,
        state: error === null ? 'sent' : givenUp ? 'failed' : 'pending',
        lastError: error,
        sentAt: error === null ? now.toISOString() : null,
        nextAttemptAt: error === null || givenUp ? null : new Date(now.getTime() + BACKOFF_MS[attempts - 1]).toISOString(),
      })
      .where(eq(alertDeliveries.id, d.id));
    await writeAudit(tx, {
      action: 'alert.send',
      outcome: error === null ? 'success' : 'failure',
      actorEmail: 'system (alerts)',
      targetType: 'alert_channel',
      targetId: channel.id,
      authKeyId: d.authKeyId ?? undefined,
      detail: { channel: channel.name, kind: channel.kind, subject: d.subject, threshold: d.threshold, credentialId: d.credentialId, attempt: attempts, error, givenUp },
    });
  });
}

async function attempt(channel: OpenChannel, rows: Delivery[], now: Date): Promise<void> {
  const rendered = await Promise.all(rows.map(async (d) => ({ d, r: await render(d, now) })));
  for (const { d, r } of rendered) if ('gone' in r) await record(channel, { ...d, attempts: MAX_ATTEMPTS - 1 }, now, r.gone);
  const live = rendered.flatMap(({ d, r }) => ('message' in r ? [{ d, ...r }] : []));
  if (!live.length) return;
  const digest = Boolean((channel.config as { digest?: boolean }).digest);
  const batches = digest ? [live] : live.map((x) => [x]);
  for (const batch of batches) {
    const message = batch.length === 1 && !digest ? batch[0].message : digestMessage(batch.map((x) => x.message));
    const extra = [...new Set(batch.flatMap((x) => x.extraRecipients))];
    let error: string | null = null;
    try {
      await sendAlert(channel, message, { extraRecipients: extra, now });
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    for (const x of batch) await record(channel, x.d, now, error);
  }
}

/**
 * Sends every pending delivery that is due, one channel after another, under a lease so that
 * two processes never send the same alert. A failure is recorded and retried later with
 * backoff; nothing here sleeps.
 */
export async function deliverDue(options: { clock?: () => Date; owner: string; db?: Db }): Promise<number> {
  const clock = options.clock ?? (() => new Date());
  const leaseDb = options.db ?? getDb();
  const sent = await withLease(leaseDb, 'alert-delivery', options.owner, clock(), 5 * 60_000, async () => {
    const now = clock();
    const due = await getDb()
      .select()
      .from(alertDeliveries)
      .where(and(eq(alertDeliveries.state, 'pending'), or(isNull(alertDeliveries.nextAttemptAt), lte(alertDeliveries.nextAttemptAt, now.toISOString()))))
      .orderBy(asc(alertDeliveries.id))
      .limit(500);
    const byChannel = new Map<string, Delivery[]>();
    for (const d of due) byChannel.set(d.channelId, [...(byChannel.get(d.channelId) ?? []), d]);
    for (const [channelId, rows] of byChannel) {
      const channel = await openChannel(getDb(), channelId);
      if (!channel?.enabled) continue;
      await attempt(channel, rows, now);
    }
    return due.length;
  });
  return sent ?? 0;
}
