import 'server-only';
import { and, eq, gte, inArray, isNotNull, lte, max } from 'drizzle-orm';
import { APP_CREDENTIAL_KINDS } from '@/contracts/enums';
import { getDb, transaction, type Db } from '@/db';
import { alertChannels, alertDeliveries, authKeys, credentials, keyTests, rotationRuns } from '@/db/schema';
import { readExpirySettings, type AlertRules } from '@/lib/dal/expiry-settings';
import { waitingConsumers } from '@/lib/dal/consumer-state';
import { rotationNow } from '@/lib/rotation/clock';
import type { ChannelConfig } from './channel-config';

// Digests go out once a day at this hour (UTC), with everything that came up since the last one.
export const DIGEST_HOUR_UTC = 7;

export function nextDigestAt(now: Date): string {
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), DIGEST_HOUR_UTC));
  if (at <= now) at.setUTCDate(at.getUTCDate() + 1);
  return at.toISOString();
}

/**
 * The tightest threshold a credential with `days` left has entered, or null. Only that one is
 * alerted: a key added 5 days before expiry gets the 7-day alert, not 30, 14 and 7 at once.
 */
export function thresholdFor(days: number, rules: AlertRules): string | null {
  if (days <= 0 && rules.onExpired) return 'expired';
  const entered = rules.thresholds.filter((t) => days <= t);
  return entered.length ? String(Math.min(...entered)) : null;
}

type Due = { subject: string; authKeyId: string; credentialId: string | null; threshold: string };

async function dueAlerts(db: Db, now: Date, rules: AlertRules): Promise<Due[]> {
  const due: Due[] = [];
  const horizon = new Date(now.getTime() + Math.max(0, ...rules.thresholds) * 86_400_000).toISOString();
  // ISO-8601 UTC text compares as time in both engines; the days are counted here.
  const creds = await db
    .select({ id: credentials.id, keyId: credentials.authKeyId, expiresAt: credentials.expiresAt })
    .from(credentials)
    .where(and(inArray(credentials.kind, APP_CREDENTIAL_KINDS), eq(credentials.state, 'active'), isNotNull(credentials.expiresAt), lte(credentials.expiresAt, horizon)));
  for (const c of creds) {
    const threshold = thresholdFor((Date.parse(c.expiresAt!) - now.getTime()) / 86_400_000, rules);
    if (threshold) due.push({ subject: `cred:${c.id}:${threshold}`, authKeyId: c.keyId, credentialId: c.id, threshold });
  }
  // Automatic rotations: one alert when one swapped, one when one gave up (the last week's only,
  // so a channel added later is not flooded with old news).
  const recent = new Date(now.getTime() - 7 * 86_400_000).toISOString();
  const runs = await db
    .select({ id: rotationRuns.id, keyId: rotationRuns.authKeyId, state: rotationRuns.state })
    .from(rotationRuns)
    .where(and(inArray(rotationRuns.state, ['overlap', 'failed']), gte(rotationRuns.updatedAt, recent)));
  for (const r of runs) {
    const event = r.state === 'overlap' ? 'rotated' : 'failed';
    due.push({ subject: `rotation:${r.id}:${event}`, authKeyId: r.keyId, credentialId: null, threshold: `rotation.${event}` });
  }
  // A rotation held back by copy holders (issue 18): the alert repeats once a day until they are
  // handed the new secret. Days are counted on rotation's clock, which tests may move forward.
  const rotationDay = rotationNow(now);
  const held = await db
    .select({ id: rotationRuns.id, keyId: rotationRuns.authKeyId, removeAfter: rotationRuns.removeAfter })
    .from(rotationRuns)
    .where(and(eq(rotationRuns.state, 'overlap'), eq(rotationRuns.kind, 'secret'), lte(rotationRuns.removeAfter, rotationDay.toISOString())));
  for (const r of held) {
    if (!(await waitingConsumers(r.keyId, db)).length) continue;
    due.push({ subject: `rotation:${r.id}:waiting:${rotationDay.toISOString().slice(0, 10)}`, authKeyId: r.keyId, credentialId: null, threshold: 'rotation.waiting' });
  }
  if (rules.onFailedCheck) {
    // One alert per failing streak: the streak is named by the last success before it.
    const failing = await db.select({ id: authKeys.id }).from(authKeys).where(eq(authKeys.lastTestOutcome, 'failure'));
    for (const k of failing) {
      const [last] = await db.select({ ok: max(keyTests.id) }).from(keyTests).where(and(eq(keyTests.authKeyId, k.id), eq(keyTests.outcome, 'success')));
      due.push({ subject: `check:${k.id}:${last?.ok ?? 0}`, authKeyId: k.id, credentialId: null, threshold: 'check' });
    }
  }
  return due;
}

/**
 * Queues one delivery per enabled channel for every threshold entered and every failing
 * check. The unique (channel, subject) index makes this safe to run on every tick, from any
 * number of processes: an alert is queued once, ever.
 */
export async function queueAlerts(now: Date, db: Db = getDb()): Promise<number> {
  const channels = await db.select({ id: alertChannels.id, config: alertChannels.config }).from(alertChannels).where(eq(alertChannels.enabled, true));
  if (!channels.length) return 0;
  const due = await dueAlerts(db, now, (await readExpirySettings(db)).alerts);
  if (!due.length) return 0;
  let queued = 0;
  await transaction(async (tx) => {
    for (const ch of channels) {
      const nextAttemptAt = (ch.config as ChannelConfig).digest ? nextDigestAt(now) : now.toISOString();
      for (const d of due) {
        const inserted = await tx
          .insert(alertDeliveries)
          .values({ channelId: ch.id, ...d, state: 'pending', nextAttemptAt, createdAt: now.toISOString() })
          .onConflictDoNothing()
          .returning({ id: alertDeliveries.id });
        queued += inserted.length;
      }
    }
  }, db);
  return queued;
}
