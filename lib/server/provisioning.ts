import 'server-only';
import type { Client } from '@microsoft/microsoft-graph-client';
import { getDb } from '@/db';
import type { AuditAction } from '@/lib/audit-actions';
import { requireRole, type Actor } from '@/lib/auth/session';
import { OPERATIONS, permissionsAllow, type OperationId } from '@/lib/entra/permission-catalog';
import { keyCloud } from '@/lib/entra/token';
import { graphForKey } from '@/lib/graph/client';
import { problemFromError, type GraphProblem, type GraphResult } from '@/lib/graph/operations/call';
import { explainProblem } from '@/lib/graph/operations/explain';
import { writeAudit } from '@/lib/dal/audit-write';
import { getKey, listKeys, type KeyDto } from '@/lib/dal/keys';

/** Who may run provisioning: operators and administrators. Auditors read the audit log instead. */
export const PROVISIONERS = ['admin', 'operator'] as const;

export type Capability = { allowed: boolean; missing: string[] };
export type ProvisioningKey = {
  id: string;
  name: string;
  description: string;
  tenantId: string;
  cloud: KeyDto['cloud'];
  testedAt: string;
  roles: string[];
  can: Record<OperationId, Capability>;
};
export type UnusableKey = { id: string; name: string; reason: string };

function capabilities(roles: string[]): Record<OperationId, Capability> {
  return Object.fromEntries(OPERATIONS.map((op) => [op.id, permissionsAllow(roles, op.id)])) as Record<OperationId, Capability>;
}

function unusableReason(key: KeyDto): string | null {
  if (key.accessType !== 'app') return 'Delegated keys act as a user; provisioning runs as the app (Enterprise App keys only).';
  if (!key.lastTest) return 'Never tested: test the connection first.';
  if (key.lastTest.outcome !== 'success') return `Its last test failed${key.lastTest.message ? `: ${key.lastTest.message}` : ''}. Fix it and test again.`;
  return null;
}

function toChoice(key: KeyDto): ProvisioningKey {
  const roles = key.lastTest?.roles ?? [];
  return { id: key.id, name: key.name, description: key.description, tenantId: key.tenantId, cloud: key.cloud, testedAt: key.lastTest?.at ?? '', roles, can: capabilities(roles) };
}

/** Keys offered for provisioning: only those whose last test passed. The others say why not. */
export async function listProvisioningKeys(): Promise<{ ready: ProvisioningKey[]; notReady: UnusableKey[] }> {
  await requireRole(PROVISIONERS, 'provisioning.keys');
  const keys = await listKeys();
  const ready: ProvisioningKey[] = [];
  const notReady: UnusableKey[] = [];
  for (const key of keys) {
    const reason = unusableReason(key);
    if (reason) notReady.push({ id: key.id, name: key.name, reason });
    else ready.push(toChoice(key));
  }
  return { ready, notReady };
}

/** A key ready for provisioning, or null when it does not exist or did not pass its last test. */
export async function getProvisioningKey(keyId: string): Promise<ProvisioningKey | null> {
  await requireRole(PROVISIONERS, 'provisioning.key');
  const key = await getKey(keyId);
  return key && !unusableReason(key) ? toChoice(key) : null;
}

export type Outcome<T> = { status: 'success'; data: T; requestId: string | null } | { status: 'error'; message: string; code?: string; requestId?: string | null; graphStatus?: number };

export type OperationContext = { actor: Actor; key: ProvisioningKey; client: Client; graphRoot: string };

type AuditSpec = { action: AuditAction; targetId: string; detail?: Record<string, unknown> };

/**
 * The one path of every single provisioning operation: role, a key that passed its test, the
 * permission the operation needs (refused before any call when the token lacks it), the Graph
 * call, then its audit row with Graph's request-id, whatever the outcome.
 */
export async function withKey<T>(keyId: string, operationId: OperationId, audit: AuditSpec | null, run: (ctx: OperationContext) => Promise<GraphResult<T>>): Promise<Outcome<T>> {
  const actor = await requireRole(PROVISIONERS, audit?.action ?? `provisioning.${operationId}`);
  const key = await getProvisioningKey(keyId);
  if (!key) return { status: 'error', code: 'key_not_ready', message: 'This authKey is not ready for provisioning: it does not exist or its last test did not pass.' };
  const capability = key.can[operationId];
  if (!capability.allowed) {
    return { status: 'error', code: 'permission_missing', message: `This authKey lacks the Microsoft Graph permission ${capability.missing.join(' and ')}. Grant it in Azure with admin consent, then test the key again.` };
  }
  let result: GraphResult<T>;
  try {
    const client = await graphForKey(keyId, { actor });
    result = await run({ actor, key, client, graphRoot: (await keyCloud(keyId)).graphRoot });
  } catch (error) {
    result = { ok: false, ...problemFromError(error) };
  }
  if (audit) {
    await writeAudit(getDb(), {
      action: audit.action,
      outcome: result.ok ? 'success' : 'failure',
      actor,
      targetType: 'user',
      targetId: audit.targetId,
      authKeyId: keyId,
      requestId: result.requestId ?? undefined,
      detail: { ...audit.detail, ...(result.ok ? {} : { status: result.status, code: result.code }) },
    });
  }
  if (result.ok) return { status: 'success', data: result.data, requestId: result.requestId };
  return failed(result, operationId);
}

export function failed(problem: GraphProblem, operationId?: OperationId): Outcome<never> {
  return { status: 'error', message: explainProblem(problem, operationId), code: problem.code, requestId: problem.requestId, graphStatus: problem.status };
}
