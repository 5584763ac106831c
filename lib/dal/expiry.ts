import 'server-only';
import { sql } from 'drizzle-orm';
import { getDb } from '@/db';
import type { CloudId } from '@/db/schema';
import { requireRole } from '@/lib/auth/session';
import { BANDS, type Band, type ExpiryFilter } from '@/lib/validation/expiry';
import { bandCase, daysLeft, FROM, ORDER, PROBLEM_COLUMNS, whereClause } from './expiry-sql';
import { readExpirySettings, type Thresholds } from './expiry-settings';
import { KEY_READERS } from './keys';

export const EXPIRY_PAGE_SIZE = 25;
export const EXPIRY_EXPORT_LIMIT = 100_000;

export type ProblemCode = 'deleted' | 'newer_secret' | 'consent_revoked' | 'failing' | 'never_tested' | 'no_expiry';

export const PROBLEM_TEXT: Record<ProblemCode, string> = {
  deleted: 'The stored secret no longer exists on the app in Azure (deleted)',
  newer_secret: 'The app has a newer secret than the stored one (rotation half done)',
  consent_revoked: 'Admin consent revoked: the token carries no permissions',
  failing: 'Failing its health check',
  never_tested: 'Never tested',
  no_expiry: 'No expiry date',
};

/** One dashboard row: a secret's metadata and its key's health, never a value. */
export type ExpiryRow = {
  credentialId: string;
  keyId: string;
  keyName: string;
  tenantId: string;
  cloud: CloudId;
  state: 'active' | 'previous';
  hint: string | null;
  expiresAt: string | null;
  daysLeft: number | null;
  band: Band;
  expirySource: 'typed' | 'graph' | null;
  expirySyncedAt: string | null;
  eraseAfter: string | null;
  lastTest: { at: string; outcome: 'success' | 'failure'; message: string | null } | null;
  problems: ProblemCode[];
};

type RawRow = {
  credential_id: string; key_id: string; key_name: string; tenant_id: string; cloud: CloudId; state: 'active' | 'previous'; hint: string | null;
  expires_at: string | null; days_left: number | null; band: Band; expiry_source: 'typed' | 'graph' | null; expiry_synced_at: string | null; erase_after: string | null;
  last_tested_at: string | null; last_test_outcome: 'success' | 'failure' | null; last_test_message: string | null;
  deleted: number; newer_secret: number; consent_revoked: number; failing: number; never_tested: number;
};

function toRow(r: RawRow): ExpiryRow {
  const problems: ProblemCode[] = [];
  if (r.deleted) problems.push('deleted');
  if (r.newer_secret) problems.push('newer_secret');
  if (r.consent_revoked) problems.push('consent_revoked');
  // "Failing" says nothing more when a specific cause is already named.
  if (r.failing && !r.deleted && !r.consent_revoked) problems.push('failing');
  if (r.never_tested) problems.push('never_tested');
  if (!r.expires_at) problems.push('no_expiry');
  return {
    credentialId: r.credential_id, keyId: r.key_id, keyName: r.key_name, tenantId: r.tenant_id, cloud: r.cloud, state: r.state, hint: r.hint,
    expiresAt: r.expires_at, daysLeft: r.days_left, band: r.band, expirySource: r.expiry_source, expirySyncedAt: r.expiry_synced_at, eraseAfter: r.erase_after,
    lastTest: r.last_tested_at && r.last_test_outcome ? { at: r.last_tested_at, outcome: r.last_test_outcome, message: r.last_test_message } : null,
    problems,
  };
}

function selectRows(filter: ExpiryFilter, now: Date, t: Thresholds, limit: number, offset: number): ExpiryRow[] {
  const rows = getDb().all<RawRow>(sql`
    select c.id as credential_id, k.id as key_id, k.name as key_name, k.tenant_id, k.cloud, c.state, c.hint, c.expires_at,
      ${daysLeft(now)} as days_left, ${bandCase(now, t)} as band, c.expiry_source, c.expiry_synced_at, c.erase_after,
      k.last_tested_at, k.last_test_outcome, k.last_test_message, ${PROBLEM_COLUMNS}
    from ${FROM} where ${whereClause(filter, now, t)} ${ORDER} limit ${limit} offset ${offset}`);
  return rows.map(toRow);
}

export type BandCounts = Record<Band, number>;
export type TimelineGroup = { day: string | null; band: Band; n: number };

export type Dashboard = {
  now: string;
  thresholds: Thresholds;
  counts: BandCounts;
  total: number;
  problemKeys: number;
  rows: ExpiryRow[];
  page: number;
  pages: number;
  timeline: TimelineGroup[];
  tenants: string[];
};

/** Everything the dashboard shows, counted and banded in SQL; only one page of rows is read. */
export async function loadDashboard(filter: ExpiryFilter, now = new Date()): Promise<Dashboard> {
  await requireRole(KEY_READERS, 'expiry.dashboard');
  const db = getDb();
  const t = readExpirySettings(db).thresholds;
  const where = whereClause(filter, now, t);
  const counts = Object.fromEntries(BANDS.map((b) => [b, 0])) as BandCounts;
  for (const r of db.all<{ band: Band; n: number }>(sql`select ${bandCase(now, t)} as band, count(*) as n from ${FROM} where ${where} group by 1`)) counts[r.band] = r.n;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const pages = Math.max(1, Math.ceil(total / EXPIRY_PAGE_SIZE));
  const page = Math.min(filter.page ?? 1, pages);
  const problemKeys =
    db.get<{ n: number }>(sql`select count(distinct key_id) as n from (select k.id as key_id, c.state, c.expires_at, ${PROBLEM_COLUMNS} from ${FROM} where ${where})
      where state = 'active' and (deleted or newer_secret or consent_revoked or failing or never_tested or expires_at is null)`)?.n ?? 0;
  // Past expiries collapse onto the left edge and those beyond twelve months onto the right one.
  const horizon = new Date(now.getTime() + 365 * 86_400_000).toISOString();
  const timeline = db.all<TimelineGroup>(sql`
    select case when julianday(c.expires_at) <= julianday(${now.toISOString()}) then 'past'
                when julianday(c.expires_at) > julianday(${horizon}) then 'later'
                else date(c.expires_at) end as day, ${bandCase(now, t)} as band, count(*) as n
    from ${FROM} where ${where} and c.expires_at is not null group by 1, 2 order by 1`);
  const tenants = db.all<{ tenant_id: string }>(sql`select distinct tenant_id from auth_keys order by 1`).map((r) => r.tenant_id);
  return { now: now.toISOString(), thresholds: t, counts, total, problemKeys, rows: selectRows(filter, now, t, EXPIRY_PAGE_SIZE, (page - 1) * EXPIRY_PAGE_SIZE), page, pages, timeline, tenants };
}

// A cell that starts with = + - @ (or a tab/CR) is a formula to a spreadsheet: prefix it.
function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const EXPIRY_CSV_HEADER = ['authkey', 'authkey_id', 'tenant_id', 'cloud', 'state', 'hint', 'expires_at', 'days_left', 'band', 'expiry_source', 'expiry_synced_at', 'last_check_at', 'last_check', 'problems'];

/** The filtered secrets as CSV, soonest first (hints only: the same 3 characters Azure shows). */
export async function exportExpiryCsv(filter: ExpiryFilter, now = new Date()): Promise<{ csv: string; truncated: boolean }> {
  await requireRole(KEY_READERS, 'expiry.export');
  const t = readExpirySettings().thresholds;
  const rows = selectRows({ ...filter, page: undefined }, now, t, EXPIRY_EXPORT_LIMIT + 1, 0);
  const truncated = rows.length > EXPIRY_EXPORT_LIMIT;
  const lines = rows.slice(0, EXPIRY_EXPORT_LIMIT).map((r) =>
    [r.keyName, r.keyId, r.tenantId, r.cloud, r.state, r.hint, r.expiresAt, r.daysLeft === null ? '' : Math.floor(r.daysLeft), r.band, r.expirySource, r.expirySyncedAt, r.lastTest?.at, r.lastTest?.outcome, r.problems.join(' ')]
      .map(csvCell)
      .join(','),
  );
  return { csv: [EXPIRY_CSV_HEADER.join(','), ...lines].join('\r\n') + '\r\n', truncated };
}
