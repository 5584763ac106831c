import 'server-only';
import { auditEvents } from '@/db/schema';
import type { AuditAction } from '@/lib/audit-actions';
import type { Db } from '@/db';

/** Anything that can insert: the db itself or a transaction handle. */
type Writer = Pick<Db, 'insert'>;

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

/** Appends one audit row through `writer`: pass the transaction that makes the change. */
export async function writeAudit(writer: Writer, entry: AuditEntry): Promise<void> {
  await writer
    .insert(auditEvents)
    .values({
      action: entry.action,
      outcome: entry.outcome,
      actorId: entry.actor?.id ?? null,
      actorEmail: entry.actor?.email ?? entry.actorEmail ?? null,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      authKeyId: entry.authKeyId ?? null,
      detail: scrub(entry.detail),
      requestId: entry.requestId ?? null,
    });
}
