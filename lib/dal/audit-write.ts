import 'server-only';
import { sql } from 'drizzle-orm';
import { preparedQuery } from '@/db/prepared';
import { auditEvents } from '@/db/schema';
import type { AuditAction } from '@/lib/audit-actions';
import type { Db } from '@/db';

export type AuditEntry = {
  action: AuditAction;
  outcome: 'success' | 'failure' | 'denied';
  actor?: { id: string; email: string } | null;
  actorEmail?: string;
  targetType?: string;
  targetId?: string;
  authKeyId?: string;
  detail?: Record<string, unknown>;
  requestId?: string;
};

// Keys whose values must never be written, whatever a caller passes in `detail`.
const SECRET_KEYS = /secret|password|token|assertion|privatekey|value$/i;

function scrub(detail: Record<string, unknown> | undefined): Record<string, unknown> | null {
  if (!detail) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(detail)) {
    if (SECRET_KEYS.test(k)) continue;
    out[k] = v && typeof v === 'object' && !Array.isArray(v) ? scrub(v as Record<string, unknown>) : v;
  }
  return out;
}

// Built once per connection (see db/prepared.ts): every API call writes one of these rows. The
// detail goes in already serialized, as SQL NULL when there is none (the column's own encoder
// would store the JSON text "null").
const insertAudit = preparedQuery('audit_insert', (db) =>
  db.insert(auditEvents).values({
    action: sql.placeholder('action'),
    outcome: sql.placeholder('outcome'),
    actorId: sql.placeholder('actorId'),
    actorEmail: sql.placeholder('actorEmail'),
    targetType: sql.placeholder('targetType'),
    targetId: sql.placeholder('targetId'),
    authKeyId: sql.placeholder('authKeyId'),
    detail: sql`${sql.placeholder('detail')}`,
    requestId: sql.placeholder('requestId'),
  }),
);

/** Appends one audit row through `writer`: pass the transaction that makes the change. */
export async function writeAudit(writer: Db, entry: AuditEntry): Promise<void> {
  const detail = scrub(entry.detail);
  await insertAudit(
    {
      action: entry.action,
      outcome: entry.outcome,
      actorId: entry.actor?.id ?? null,
      actorEmail: entry.actor?.email ?? entry.actorEmail ?? null,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      authKeyId: entry.authKeyId ?? null,
      detail: detail ? JSON.stringify(detail) : null,
      requestId: entry.requestId ?? null,
    },
    writer,
  );
}
