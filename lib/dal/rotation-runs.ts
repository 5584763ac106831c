import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNotNull, lte } from 'drizzle-orm';
import { getDb, transaction, type Db } from '@/db';
import { authKeys, credentials, rotationPolicies, rotationRuns } from '@/db/schema';
import { APP_CREDENTIAL_KINDS, type RotationState } from '@/contracts/enums';
import { sealValue } from '@/lib/crypto/keyring';
import { writeAudit } from './audit-write';
import { secretHint } from './credentials';

// The database side of automatic rotation (lib/rotation/engine.ts drives it): each change of a
// run's state is one transaction with the credential rows it moves and its audit row.

export type RotationRun = typeof rotationRuns.$inferSelect;
export type RotationPolicy = typeof rotationPolicies.$inferSelect;

const SYSTEM = 'system (rotation)';
const binding = (id: string) => ({ table: 'credentials', row: id, column: 'value' });
export const OPEN_STATES: RotationState[] = ['creating', 'verifying', 'overlap'];

export async function openRun(keyId: string, db: Pick<Db, 'select'> = getDb()): Promise<RotationRun | null> {
  const [run] = await db.select().from(rotationRuns).where(and(eq(rotationRuns.authKeyId, keyId), inArray(rotationRuns.state, OPEN_STATES))).limit(1);
  return run ?? null;
}

export async function latestRun(keyId: string): Promise<RotationRun | null> {
  const runs = await getDb().select().from(rotationRuns).where(eq(rotationRuns.authKeyId, keyId));
  return runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0] ?? null;
}

export async function getRun(id: string): Promise<RotationRun | null> {
  const [run] = await getDb().select().from(rotationRuns).where(eq(rotationRuns.id, id)).limit(1);
  return run ?? null;
}

/** Keys whose policy is on and whose active credential has entered its rotation window. */
export async function keysDueForRotation(now: Date): Promise<{ keyId: string; credentialId: string; kind: 'secret' | 'certificate'; azureKeyId: string | null; policy: RotationPolicy }[]> {
  const db = getDb();
  const policies = await db.select().from(rotationPolicies).where(eq(rotationPolicies.enabled, true));
  const out = [];
  for (const policy of policies) {
    const horizon = new Date(now.getTime() + policy.daysBefore * 86_400_000).toISOString();
    const [active] = await db
      .select({ id: credentials.id, kind: credentials.kind, azureKeyId: credentials.azureKeyId })
      .from(credentials)
      .where(and(eq(credentials.authKeyId, policy.authKeyId), inArray(credentials.kind, [...APP_CREDENTIAL_KINDS]), eq(credentials.state, 'active'), isNotNull(credentials.expiresAt), lte(credentials.expiresAt, horizon)))
      .limit(1);
    if (!active || (await openRun(policy.authKeyId, db))) continue;
    // A run that failed for this credential is tried again a day later, not on every tick.
    const failed = (await db.select().from(rotationRuns).where(and(eq(rotationRuns.oldCredentialId, active.id), eq(rotationRuns.state, 'failed')))).some((r) => Date.parse(r.finishedAt ?? r.updatedAt) > now.getTime() - 86_400_000);
    if (failed) continue;
    out.push({ keyId: policy.authKeyId, credentialId: active.id, kind: active.kind === 'certificate' ? ('certificate' as const) : ('secret' as const), azureKeyId: active.azureKeyId, policy });
  }
  return out;
}

export async function runsDue(now: Date): Promise<RotationRun[]> {
  return getDb().select().from(rotationRuns).where(and(inArray(rotationRuns.state, OPEN_STATES), lte(rotationRuns.nextAttemptAt, now.toISOString())));
}

/** Step 1: the run exists before anything happens in Azure. Null when another run is open. */
export async function startRun(due: { keyId: string; credentialId: string; kind: 'secret' | 'certificate'; azureKeyId: string | null }, now: Date, actor: { id: string; email: string } | null = null): Promise<RotationRun | null> {
  const id = randomUUID();
  return transaction(async (tx) => {
    if (await openRun(due.keyId, tx)) return null;
    const [run] = await tx
      .insert(rotationRuns)
      .values({ id, authKeyId: due.keyId, kind: due.kind, state: 'creating', marker: `authKey Portal rotation ${id.slice(0, 8)}`, oldCredentialId: due.credentialId, oldAzureKeyId: due.azureKeyId, nextAttemptAt: now.toISOString(), startedAt: now.toISOString(), updatedAt: now.toISOString() })
      .returning();
    await writeAudit(tx, { action: 'rotation.start', outcome: 'success', actor, actorEmail: actor ? undefined : SYSTEM, targetType: 'rotation', targetId: id, authKeyId: due.keyId, detail: { kind: due.kind, oldCredentialId: due.credentialId, requested: actor ? 'rotate now' : 'due' } });
    return run;
  });
}

/**
 * Takes a run for one step: only one process moves a run at a time, even if two schedulers
 * ever both believe they lead (the step's row version is its updatedAt).
 */
export async function claimRun(run: RotationRun, now: Date): Promise<RotationRun | null> {
  const stamp = new Date(Math.max(now.getTime(), Date.parse(run.updatedAt) + 1)).toISOString();
  const [claimed] = await getDb().update(rotationRuns).set({ updatedAt: stamp }).where(and(eq(rotationRuns.id, run.id), eq(rotationRuns.updatedAt, run.updatedAt))).returning();
  return claimed ?? null;
}

export async function updateRun(id: string, patch: Partial<RotationRun>, now: Date, tx?: Db): Promise<void> {
  const apply = (db: Db) => db.update(rotationRuns).set({ ...patch, updatedAt: now.toISOString() }).where(eq(rotationRuns.id, id));
  await (tx ? apply(tx) : transaction(async (t) => void (await apply(t))));
}

type NewCredential =
  | { kind: 'secret'; value: string; expiresAt: string; azureKeyId: string }
  | { kind: 'certificate'; certificatePem: string; privateKeyPem: string; thumbprintSha1: string; notAfter: string };

/**
 * Stores the new credential sealed, in state 'next', with the run's step, in one transaction.
 * A certificate is stored before addKey (the portal made it); a secret right after addPassword.
 */
export async function storeNextCredential(run: RotationRun, cred: NewCredential, patch: Partial<RotationRun>, now: Date): Promise<string> {
  const id = randomUUID();
  const sealed = await sealValue(cred.kind === 'secret' ? cred.value : cred.privateKeyPem, binding(id));
  await transaction(async (tx) => {
    await tx.insert(credentials).values({
      id,
      authKeyId: run.authKeyId,
      kind: cred.kind,
      state: 'next',
      value: sealed,
      hint: cred.kind === 'secret' ? secretHint(cred.value) : cred.thumbprintSha1,
      certificate: cred.kind === 'certificate' ? cred.certificatePem : null,
      expiresAt: cred.kind === 'secret' ? cred.expiresAt : cred.notAfter,
      expirySource: cred.kind === 'secret' ? 'graph' : 'certificate',
      azureKeyId: cred.kind === 'secret' ? cred.azureKeyId : null,
      createdAt: now.toISOString(),
    });
    await updateRun(run.id, { ...patch, newCredentialId: id }, now, tx);
    await writeAudit(tx, {
      action: 'rotation.create',
      outcome: 'success',
      actorEmail: SYSTEM,
      targetType: 'credential',
      targetId: id,
      authKeyId: run.authKeyId,
      detail: cred.kind === 'secret' ? { kind: 'secret', azureKeyId: cred.azureKeyId, expiresAt: cred.expiresAt } : { kind: 'certificate', thumbprintSha1: cred.thumbprintSha1, notAfter: cred.notAfter, stage: 'stored before addKey' },
    });
  });
  return id;
}

/** The swap: the new credential becomes active, the old one 'previous' (valid in Azure for the overlap). */
export async function swapRun(run: RotationRun, overlapDays: number, now: Date): Promise<void> {
  const removeAfter = new Date(now.getTime() + overlapDays * 86_400_000).toISOString();
  await transaction(async (tx) => {
    // An older previous credential (from a manual rotation) has no place beside two live ones.
    await tx.update(credentials).set({ state: 'retired', value: null, retiredAt: now.toISOString() }).where(and(eq(credentials.authKeyId, run.authKeyId), eq(credentials.state, 'previous')));
    if (run.oldCredentialId) await tx.update(credentials).set({ state: 'previous', retiredAt: now.toISOString(), eraseAfter: null, azureKeyId: run.oldAzureKeyId }).where(eq(credentials.id, run.oldCredentialId));
    await tx.update(credentials).set({ state: 'active', azureKeyId: run.newAzureKeyId }).where(eq(credentials.id, run.newCredentialId!));
    await tx.update(authKeys).set({ updatedAt: now.toISOString() }).where(eq(authKeys.id, run.authKeyId));
    await updateRun(run.id, { state: 'overlap', removeAfter, nextAttemptAt: removeAfter, attempts: 0, lastError: null }, now, tx);
    await writeAudit(tx, { action: 'rotation.swap', outcome: 'success', actorEmail: SYSTEM, targetType: 'rotation', targetId: run.id, authKeyId: run.authKeyId, detail: { newCredentialId: run.newCredentialId, newAzureKeyId: run.newAzureKeyId, oldAzureKeyId: run.oldAzureKeyId, removeAfter } });
  });
}

/** After the old credential is gone from Azure: its stored copy is erased and the run is done. */
export async function finishRun(run: RotationRun, now: Date, detail: Record<string, unknown>): Promise<void> {
  await transaction(async (tx) => {
    if (run.oldCredentialId) await tx.update(credentials).set({ state: 'retired', value: null, retiredAt: now.toISOString() }).where(and(eq(credentials.id, run.oldCredentialId), eq(credentials.state, 'previous')));
    await updateRun(run.id, { state: 'done', finishedAt: now.toISOString(), lastError: null }, now, tx);
    await writeAudit(tx, { action: 'rotation.remove_old', outcome: 'success', actorEmail: SYSTEM, targetType: 'rotation', targetId: run.id, authKeyId: run.authKeyId, detail });
  });
}

/** Gives up: the new credential (if any) is erased, the old one stays active. */
export async function failRun(run: RotationRun, message: string, now: Date, detail: Record<string, unknown> = {}): Promise<void> {
  await transaction(async (tx) => {
    if (run.newCredentialId) await tx.update(credentials).set({ state: 'retired', value: null, retiredAt: now.toISOString() }).where(and(eq(credentials.id, run.newCredentialId), eq(credentials.state, 'next')));
    await updateRun(run.id, { state: 'failed', lastError: message, finishedAt: now.toISOString() }, now, tx);
    await writeAudit(tx, { action: 'rotation.failed', outcome: 'failure', actorEmail: SYSTEM, targetType: 'rotation', targetId: run.id, authKeyId: run.authKeyId, detail: { message, ...detail } });
  });
}

export async function auditStep(run: RotationRun, action: 'rotation.orphan_removed' | 'rotation.verify_retry' | 'rotation.waiting', outcome: 'success' | 'failure', detail: Record<string, unknown>, requestId?: string): Promise<void> {
  await writeAudit(getDb(), { action, outcome, actorEmail: SYSTEM, targetType: 'rotation', targetId: run.id, authKeyId: run.authKeyId, detail, requestId });
}

/** When the credential a run replaces ends (its copy holders break then, whatever the portal does). */
export async function oldCredentialExpiry(run: RotationRun): Promise<string | null> {
  if (!run.oldCredentialId) return null;
  const [old] = await getDb().select({ expiresAt: credentials.expiresAt }).from(credentials).where(eq(credentials.id, run.oldCredentialId));
  return old?.expiresAt ?? null;
}
