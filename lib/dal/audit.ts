import 'server-only';
import { and, count, desc, eq, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import { getDb } from '@/db';
import { auditEvents } from '@/db/schema';
import { type Role } from '@/contracts/enums';
import { requireRole } from '@/lib/auth/session';
import type { AuditFilter } from '@/lib/validation/audit';

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_EXPORT_LIMIT = 100_000;
const READERS: readonly Role[] = ['admin', 'auditor'];

export type AuditEventDto = {
  id: number;
  at: string;
  actorEmail: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  authKeyId: string | null;
  outcome: string;
  detail: Record<string, unknown> | null;
  requestId: string | null;
};

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

function where(filter: AuditFilter): SQL | undefined {
  const clauses: (SQL | undefined)[] = [];
  if (filter.from) clauses.push(gte(auditEvents.at, `${filter.from}T00:00:00.000Z`));
  // "To" includes the whole day it names (UTC, as stored).
  if (filter.to) clauses.push(lt(auditEvents.at, nextDay(filter.to)));
  if (filter.actor) {
    // lower() on both sides and an explicit ESCAPE: SQLite's LIKE ignores ASCII case and has no
    // escape character by default, PostgreSQL's is case-sensitive; this reads the same on both.
    const pattern = `%${filter.actor.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    clauses.push(or(sql`lower(${auditEvents.actorEmail}) like ${pattern} escape '\\'`, eq(auditEvents.actorId, filter.actor)));
  }
  if (filter.action) clauses.push(eq(auditEvents.action, filter.action));
  if (filter.authKeyId) clauses.push(eq(auditEvents.authKeyId, filter.authKeyId));
  if (filter.outcome) clauses.push(eq(auditEvents.outcome, filter.outcome));
  return clauses.length ? and(...clauses) : undefined;
}

const columns = {
  id: auditEvents.id,
  at: auditEvents.at,
  actorEmail: auditEvents.actorEmail,
  action: auditEvents.action,
  targetType: auditEvents.targetType,
  targetId: auditEvents.targetId,
  authKeyId: auditEvents.authKeyId,
  outcome: auditEvents.outcome,
  detail: auditEvents.detail,
  requestId: auditEvents.requestId,
};

/** One page of audit rows, newest first. Details were scrubbed of secrets when written. */
export async function listAuditEvents(filter: AuditFilter): Promise<{ rows: AuditEventDto[]; total: number; page: number; pages: number }> {
  await requireRole(READERS, 'audit.list');
  const db = getDb();
  const condition = where(filter);
  const [counted] = await db.select({ n: count() }).from(auditEvents).where(condition);
  const total = counted?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  const page = Math.min(filter.page ?? 1, pages);
  const rows = await db
    .select(columns)
    .from(auditEvents)
    .where(condition)
    .orderBy(desc(auditEvents.id))
    .limit(AUDIT_PAGE_SIZE)
    .offset((page - 1) * AUDIT_PAGE_SIZE);
  return { rows, total, page, pages };
}

/** Rows older than `before` (an id), newest first: the automation API's cursor pages. */
export async function listAuditEventsBefore(filter: AuditFilter, before: number | null, limit: number): Promise<AuditEventDto[]> {
  await requireRole(READERS, 'audit.list');
  const condition = before === null ? where(filter) : and(where(filter), lt(auditEvents.id, before));
  return getDb().select(columns).from(auditEvents).where(condition).orderBy(desc(auditEvents.id)).limit(limit);
}

/** Distinct actor e-mails, for the actor filter's suggestions. */
export async function auditActors(): Promise<string[]> {
  await requireRole(READERS, 'audit.list');
  const rows = await getDb().selectDistinct({ email: auditEvents.actorEmail }).from(auditEvents).orderBy(auditEvents.actorEmail).limit(500);
  return rows.flatMap((r) => (r.email ? [r.email] : []));
}

// A cell that starts with = + - @ (or a tab/CR) is a formula to a spreadsheet: prefix it.
function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const AUDIT_CSV_HEADER = ['id', 'at', 'actor', 'action', 'outcome', 'target_type', 'target_id', 'authkey_id', 'request_id', 'detail'];

/** The filtered rows as CSV (oldest first, as a log reads), capped at AUDIT_EXPORT_LIMIT rows. */
export async function exportAuditCsv(filter: AuditFilter): Promise<{ csv: string; rows: number; truncated: boolean }> {
  await requireRole(READERS, 'audit.export');
  const rows = await getDb()
    .select(columns)
    .from(auditEvents)
    .where(where(filter))
    .orderBy(desc(auditEvents.id))
    .limit(AUDIT_EXPORT_LIMIT + 1);
  const truncated = rows.length > AUDIT_EXPORT_LIMIT;
  const lines = rows
    .slice(0, AUDIT_EXPORT_LIMIT)
    .reverse()
    .map((r) => [r.id, r.at, r.actorEmail, r.action, r.outcome, r.targetType, r.targetId, r.authKeyId, r.requestId, r.detail].map(csvCell).join(','));
  return { csv: [AUDIT_CSV_HEADER.join(','), ...lines].join('\r\n') + '\r\n', rows: lines.length, truncated };
}
