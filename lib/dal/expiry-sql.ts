import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { ExpiryFilter } from '@/lib/validation/expiry';
import type { Thresholds } from './expiry-settings';

// The dashboard's SQL, shared by the page, the counts, the timeline and the CSV export, so that
// bands are computed in one place and in the database (it stays fast with many keys).
//
// Bands compare expires_at as text with precomputed ISO bounds: ISO-8601 UTC sorts as time, and
// a text comparison per row is several times cheaper than julianday() per row.

const DAY = 86_400_000;
const iso = (now: Date, days: number) => new Date(now.getTime() + days * DAY).toISOString();

export function bandCase(now: Date, t: Thresholds): SQL {
  return sql`(case
    when c.expires_at is null then 'unknown'
    when c.expires_at <= ${now.toISOString()} then 'expired'
    when c.expires_at <= ${iso(now, t.critical)} then 'critical'
    when c.expires_at <= ${iso(now, t.warning)} then 'warning'
    when c.expires_at <= ${iso(now, t.notice)} then 'notice'
    else 'healthy' end)`;
}

/** Where a secret sits on the 12-month timeline: its day, or the "past" and "later" gutters. */
export function timelineDay(now: Date): SQL {
  return sql`(case
    when c.expires_at is null then null
    when c.expires_at <= ${now.toISOString()} then 'past'
    when c.expires_at > ${iso(now, 365)} then 'later'
    else substr(c.expires_at, 1, 10) end)`;
}

/**
 * Credentials shown on the dashboard (client secrets and certificates alike): the active one of every key and a previous one kept for its
 * rollback grace period (it still works in Azure until it is deleted there).
 */
export const FROM = sql`credentials c join auth_keys k on k.id = c.auth_key_id`;

export function whereClause(filter: ExpiryFilter, now: Date, t: Thresholds): SQL {
  const parts: SQL[] = [sql`c.kind in ('secret', 'certificate') and c.state in ('active', 'previous')`];
  if (filter.tenant) parts.push(sql`k.tenant_id = ${filter.tenant}`);
  if (filter.cloud) parts.push(sql`k.cloud = ${filter.cloud}`);
  if (filter.band) parts.push(sql`${bandCase(now, t)} = ${filter.band}`);
  return sql.join(parts, sql` and `);
}

// Problems apply to the active secret: a previous one is only kept for rollback.
export const PROBLEM_COLUMNS = sql`
  (c.state = 'active' and k.last_test_outcome = 'failure' and k.last_test_code = 'AADSTS7000215'
    and (c.azure_key_id is not null or exists (select 1 from key_tests t where t.auth_key_id = k.id and t.outcome = 'success' and t.at >= c.created_at))) as deleted,
  (c.state = 'active' and c.app_newer_secret is not null) as newer_secret,
  (c.state = 'active' and k.last_test_code = 'consent_missing') as consent_revoked,
  (c.state = 'active' and k.last_test_outcome = 'failure') as failing,
  (c.state = 'active' and k.last_tested_at is null) as never_tested,
  (c.state = 'previous' and exists (select 1 from key_consumers kc where kc.auth_key_id = k.id and kc.kind <> 'broker'
    and coalesce(kc.credential_id, '') <> coalesce((select a.id from credentials a where a.auth_key_id = k.id and a.state = 'active' limit 1), ''))) as waiting_consumers`;

/**
 * Any problem at all, for the count: a deleted secret and revoked consent both show as a failed
 * check, so the cheap columns are enough (one active secret per key, so rows count keys).
 */
export const ANY_PROBLEM = sql`(c.state = 'active' and (k.last_test_outcome = 'failure' or k.last_tested_at is null or c.app_newer_secret is not null or c.expires_at is null))`;
