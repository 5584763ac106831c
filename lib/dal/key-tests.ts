import 'server-only';
import { desc, eq } from 'drizzle-orm';
import { getDb, transaction } from '@/db';
import { authKeys, keyTests } from '@/db/schema';
import { requireRole } from '@/lib/auth/session';
import { writeAudit } from './audit-write';
import { recordGraphExpiry } from './credentials';
import { KEY_READERS } from './keys';

export type KeyTestRow = {
  id: number;
  at: string;
  trigger: 'manual' | 'scheduled' | 'rotation';
  outcome: 'success' | 'failure';
  code: string | null;
  message: string | null;
  roles: string[];
  latencyMs: number | null;
  traceId: string | null;
  correlationId: string | null;
  actorId: string | null;
};

export async function listKeyTests(keyId: string, limit = 20): Promise<KeyTestRow[]> {
  await requireRole(KEY_READERS, 'keys.read_tests');
  const rows = await getDb().select().from(keyTests).where(eq(keyTests.authKeyId, keyId)).orderBy(desc(keyTests.at), desc(keyTests.id)).limit(limit);
  return rows.map((r) => ({ ...r, roles: r.roles ?? [] }));
}

export type TestRecord = {
  keyId: string;
  trigger: KeyTestRow['trigger'];
  actor: { id: string; email: string } | null;
  outcome: 'success' | 'failure';
  roles: string[];
  latencyMs: number;
  code: string | null;
  message: string | null;
  traceId: string | null;
  correlationId: string | null;
  app: { displayName: string; objectId: string | null } | null;
  /** The stored secret as Graph reports it, when it could be matched. */
  graphExpiry: { credentialId: string; endDateTime: string; azureKeyId: string | null } | null;
  detail: Record<string, unknown>;
};

/**
 * Stores a finished test: on the key, as a history row, the secret's real expiry from Graph,
 * and its audit row, all in one transaction. The caller has authorized the test (or is the
 * scheduler) and made its network calls before this.
 */
export async function recordKeyTest(r: TestRecord): Promise<void> {
  const at = new Date().toISOString();
  await transaction(async (tx) => {
    await tx
      .update(authKeys)
      .set({
        lastTestedAt: at,
        lastTestOutcome: r.outcome,
        lastTestRoles: r.roles,
        lastTestLatencyMs: r.latencyMs,
        lastTestCode: r.code,
        lastTestMessage: r.message,
        ...(r.app ? { appDisplayName: r.app.displayName, appObjectId: r.app.objectId } : {}),
      })
      .where(eq(authKeys.id, r.keyId));
    await tx.insert(keyTests).values({
        authKeyId: r.keyId,
        at,
        actorId: r.actor?.id ?? null,
        trigger: r.trigger,
        outcome: r.outcome,
        code: r.code,
        message: r.message,
        roles: r.roles,
        latencyMs: r.latencyMs,
        traceId: r.traceId,
        correlationId: r.correlationId,
    });
    if (r.graphExpiry) await recordGraphExpiry(tx, r.graphExpiry.credentialId, r.graphExpiry.endDateTime, r.graphExpiry.azureKeyId);
    await writeAudit(tx, {
      action: 'key.test',
      outcome: r.outcome,
      actor: r.actor,
      actorEmail: r.actor ? undefined : 'system (scheduler)',
      targetType: 'auth_key',
      targetId: r.keyId,
      authKeyId: r.keyId,
      detail: { trigger: r.trigger, code: r.code, roles: r.roles, latencyMs: r.latencyMs, traceId: r.traceId, correlationId: r.correlationId, ...r.detail },
    });
  });
}
