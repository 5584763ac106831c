import 'server-only';
import { sql } from 'drizzle-orm';
import { rows as raw } from '@/db';
import type { CloudId, ExpirySource } from '@/contracts/enums';
import { requireRole } from '@/lib/auth/session';
import { BANDS, type Band, type ExpiryFilter } from '@/lib/validation/expiry';
import { daysLeft } from '@/lib/expiry/days-left';
import { ANY_PROBLEM, bandCase, FROM, PROBLEM_COLUMNS, timelineDay, whereClause } from './expiry-sql';
import { readExpirySettings, type Thresholds } from './expiry-settings';
import { KEY_READERS } from './keys';

export const EXPIRY_PAGE_SIZE = 25;
export const EXPIRY_EXPORT_LIMIT = 100_000;

export type ProblemCode = 'deleted' | 'newer_secret' | 'consent_revoked' | 'failing' | 'never_tested' | 'no_expiry' | 'waiting_consumers';

export const PROBLEM_TEXT: Record<ProblemCode, string> = {
  deleted: 'The stored secret no longer exists on the app in Azure (deleted)',
  newer_secret: 'The app has a newer secret than the stored one (rotation half done)',
  consent_revoked: 'Admin consent revoked: the token carries no permissions',
  failing: 'Failing its health check',
  never_tested: 'Never tested',
  no_expiry: 'No expiry date',
  waiting_consumers: 'Rotation waiting for consumers: a copy holder still uses this previous secret',
};

/** One dashboard row: a secret's metadata and its key's health, never a value. */
export type ExpiryRow = {
  credentialId: string;
  keyId: string;
  keyName: string;
  tenantId: string;
  cloud: CloudId;
  state: 'active' | 'previous';
  /** A client secret (hint: its first characters) or a certificate (hint: its SHA-1 thumbprint). */
  type: 'secret' | 'certificate';
  hint: string | null;
  expiresAt: string | null;
  daysLeft: number | null;
  band: Band;
  expirySource: ExpirySource | null;
  expirySyncedAt: string | null;
  eraseAfter: string | null;
  lastTest: { at: string; outcome: 'success' | 'failure'; message: string | null } | null;
  problems: ProblemCode[];
};

type RawRow = {
  credential_id: string; key_id: string; key_name: string; tenant_id: string; cloud: CloudId; state: 'active' | 'previous'; kind: 'secret' | 'certificate'; hint: string | null;
  expires_at: string | null; band: Band; expiry_source: ExpirySource | null; expiry_synced_at: string | null; erase_after: string | null;
  last_tested_at: string | null; last_test_outcome: 'success' | 'failure' | null; last_test_message: string | null;
  deleted: number; newer_secret: number; consent_revoked: number; failing: number; never_tested: number; waiting_consumers: number;
};

function toRow(r: RawRow, now: Date): ExpiryRow {
  const problems: ProblemCode[] = [];
  if (r.deleted) problems.push('deleted');
  if (r.newer_secret) problems.push('newer_secret');
  if (r.consent_revoked) problems.push('consent_revoked');
  // "Failing" says nothing more when a specific cause is already named.
  if (r.failing && !r.deleted && !r.consent_revoked) problems.push('failing');
  if (r.never_tested) problems.push('never_tested');
  if (!r.expires_at) problems.push('no_expiry');
  if (r.waiting_consumers) problems.push('waiting_consumers');
  return {
    credentialId: r.credential_id, keyId: r.key_id, keyName: r.key_name, tenantId: r.tenant_id, cloud: r.cloud, state: r.state, type: r.kind, hint: r.hint,
    expiresAt: r.expires_at, daysLeft: r.expires_at ? daysLeft(r.expires_at, now) : null, band: r.band, expirySource: r.expiry_source, expirySyncedAt: r.expiry_synced_at, eraseAfter: r.erase_after,
    lastTest: r.last_tested_at && r.last_test_outcome ? { at: r.last_tested_at, outcome: r.last_test_outcome, message: r.last_test_message } : null,
    problems,
  };
}

const columns = (now: Date, t: Thresholds) => sql`c.id as credential_id, k.id as key_id, k.name as key_name, k.tenant_id, k.cloud, c.state, c.kind, c.hint, c.expires_at,
  ${bandCase(now, t)} as band, c.expiry_source, c.expiry_synced_at, c.erase_after,
  k.last_tested_at, k.last_test_outcome, k.last_test_message, ${PROBLEM_COLUMNS}`;

/**
 * Rows soonest first, secrets without a date last. Dated rows are read in expires_at index order,
 * so a page costs the same with ten or ten thousand secrets; `dated` is how many match with a date.
 */
async function selectRows(filter: ExpiryFilter, now: Date, t: Thresholds, limit: number, offset: number, dated: number): Promise<ExpiryRow[]> {
  const where = whereClause(filter, now, t);
  const rows: RawRow[] = [];
  if (offset < dated) {
    rows.push(...(await raw<RawRow>(sql`select ${columns(now, t)} from ${FROM} where ${where} and c.expires_at is not null order by c.expires_at limit ${limit} offset ${offset}`)));
  }
  if (rows.length < limit) {
    const undatedOffset = Math.max(0, offset - dated);
    rows.push(...(await raw<RawRow>(sql`select ${columns(now, t)} from ${FROM} where ${where} and c.expires_at is null order by k.name limit ${limit - rows.length} offset ${undatedOffset}`)));
  }
  return rows.map((r) => toRow(r, now));
}

export type BandCounts = Record<Band, number>;
export type TimelineGroup = { day: string | null; band: Band; n: number };

/** Up to this many dated secrets, the timeline shows one mark each; beyond, one mark per week and band. */
export const TIMELINE_INDIVIDUAL_LIMIT = 300;

function weekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

function toTimeline(groups: TimelineGroup[]): TimelineGroup[] {
  const dated = groups.reduce((a, g) => a + g.n, 0);
  const bucket = (day: string | null) => (dated <= TIMELINE_INDIVIDUAL_LIMIT || day === 'past' || day === 'later' || !day ? day : weekOf(day));
  const merged = new Map<string, TimelineGroup>();
  for (const g of groups) {
    const day = bucket(g.day);
    const key = `${day}|${g.band}`;
    const m = merged.get(key);
    if (m) m.n += g.n;
    else merged.set(key, { day, band: g.band, n: g.n });
  }
  return [...merged.values()].sort((a, b) => String(a.day).localeCompare(String(b.day)));
}

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
  const t = (await readExpirySettings()).thresholds;
  const where = whereClause(filter, now, t);
  // One pass gives the counts per band, the problem count and the timeline (counts come back
  // as strings from PostgreSQL's bigint, hence Number()).
  const groups = (
    await raw<{ band: Band; day: string | null; n: number | string; p: number | string | null }>(
      sql`select ${bandCase(now, t)} as band, ${timelineDay(now)} as day, count(*) as n, sum(case when ${ANY_PROBLEM} then 1 else 0 end) as p from ${FROM} where ${where} group by 1, 2`,
    )
  ).map((g) => ({ ...g, n: Number(g.n), p: Number(g.p ?? 0) }));
  const counts = Object.fromEntries(BANDS.map((b) => [b, 0])) as BandCounts;
  let problemKeys = 0;
  for (const g of groups) {
    counts[g.band] += g.n;
    problemKeys += g.p;
  }
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const pages = Math.max(1, Math.ceil(total / EXPIRY_PAGE_SIZE));
  const page = Math.min(filter.page ?? 1, pages);
  const timeline = toTimeline(groups.filter((g) => g.day !== null));
  const tenants = (await raw<{ tenant_id: string }>(sql`select distinct tenant_id from auth_keys order by 1`)).map((r) => r.tenant_id);
  const rows = await selectRows(filter, now, t, EXPIRY_PAGE_SIZE, (page - 1) * EXPIRY_PAGE_SIZE, total - counts.unknown);
  return { now: now.toISOString(), thresholds: t, counts, total, problemKeys, rows, page, pages, timeline, tenants };
}

// A cell that starts with = + - @ (or a tab/CR) is a formula to a spreadsheet: prefix it.
function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const EXPIRY_CSV_HEADER = ['authkey', 'authkey_id', 'tenant_id', 'cloud', 'state', 'type', 'hint', 'expires_at', 'days_left', 'band', 'expiry_source', 'expiry_synced_at', 'last_check_at', 'last_check', 'problems'];

/** The filtered secrets as CSV, soonest first (hints only: a secret's 3 characters or a certificate's thumbprint, as Azure shows them). */
export async function exportExpiryCsv(filter: ExpiryFilter, now = new Date()): Promise<{ csv: string; truncated: boolean }> {
  await requireRole(KEY_READERS, 'expiry.export');
  const t = (await readExpirySettings()).thresholds;
  const rows = await selectRows({ ...filter, page: undefined }, now, t, EXPIRY_EXPORT_LIMIT + 1, 0, Number.MAX_SAFE_INTEGER);
  const truncated = rows.length > EXPIRY_EXPORT_LIMIT;
  const lines = rows.slice(0, EXPIRY_EXPORT_LIMIT).map((r) =>
    [r.keyName, r.keyId, r.tenantId, r.cloud, r.state, r.type, r.hint, r.expiresAt, r.daysLeft ?? '', r.band, r.expirySource, r.expirySyncedAt, r.lastTest?.at, r.lastTest?.outcome, r.problems.join(' ')]
      .map(csvCell)
      .join(','),
  );
  return { csv: [EXPIRY_CSV_HEADER.join(','), ...lines].join('\r\n') + '\r\n', truncated };
}
