import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { getDb, type Db } from '@/db';
import { alertChannels, alertDeliveries } from '@/db/schema';
import { readExpirySettings, type AlertRules } from '@/lib/dal/expiry-settings';
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

function dueAlerts(db: Db, now: Date, rules: AlertRules): Due[] {
  const due: Due[] = [];
  const horizon = Math.max(0, ...rules.thresholds);
  const creds = db.all<{ id: string; key_id: string; days: number }>(sql`
    select c.id, c.auth_key_id as key_id, julianday(c.expires_at) - julianday(${now.toISOString()}) as days
    from credentials c where c.kind = 'secret' and c.state = 'active' and c.expires_at is not null
      and julianday(c.expires_at) - julianday(${now.toISOString()}) <= ${horizon}`);
  for (const c of creds) {
    const threshold = thresholdFor(c.days, rules);
    if (threshold) due.push({ subject: `cred:${c.id}:${threshold}`, authKeyId: c.key_id, credentialId: c.id, threshold });
  }
  if (rules.onFailedCheck) {
    // One alert per failing streak: the streak is named by the last success before it.
    const failing = db.all<{ id: string; ok: number | null }>(sql`
      select k.id, (select max(t.id) from key_tests t where t.auth_key_id = k.id and t.outcome = 'success') as ok
      from auth_keys k where k.last_test_outcome = 'failure'`);
    for (const k of failing) due.push({ subject: `check:${k.id}:${k.ok ?? 0}`, authKeyId: k.id, credentialId: null, threshold: 'check' });
  }
  return due;
}

/**
 * Queues one delivery per enabled channel for every threshold entered and every failing
 * check. The unique (channel, subject) index makes this safe to run on every tick, from any
 * number of processes: an alert is queued once, ever.
 */
export function queueAlerts(now: Date, db: Db = getDb()): number {
  const channels = db.select({ id: alertChannels.id, config: alertChannels.config }).from(alertChannels).where(eq(alertChannels.enabled, true)).all();
  if (!channels.length) return 0;
  const due = dueAlerts(db, now, readExpirySettings(db).alerts);
  if (!due.length) return 0;
  let queued = 0;
  db.transaction((tx) => {
    for (const ch of channels) {
      const nextAttemptAt = (ch.config as ChannelConfig).digest ? nextDigestAt(now) : now.toISOString();
      for (const d of due) {
        queued += tx.insert(alertDeliveries).values({ channelId: ch.id, ...d, state: 'pending', nextAttemptAt, createdAt: now.toISOString() }).onConflictDoNothing().run().changes;
      }
    }
  });
  return queued;
}
