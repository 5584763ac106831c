import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { getDb, transaction, type Db } from '@/db';
import { authKeys, credentials } from '@/db/schema';
import type { Actor } from '@/lib/auth/session';
import { sealValue } from '@/lib/crypto/keyring';
import { writeAudit } from './audit-write';
import { secretHint } from './credentials';

// The same binding lib/dal/credentials.ts seals and opens credential values with.
const binding = (id: string) => ({ table: 'credentials', row: id, column: 'value' });

const clearLastTest = { lastTestedAt: null, lastTestOutcome: null, lastTestRoles: null, lastTestLatencyMs: null, lastTestCode: null, lastTestMessage: null };

export type NewSecret = { value: string; expiresAt: string | null; source: 'typed' | 'graph'; azureKeyId: string | null; method: 'manual' | 'addPassword' };

/**
 * The swap, in one transaction with its audit row: the active secret becomes "previous" (still
 * encrypted, for rollback until `graceDays` pass), an older previous one is erased, and the new
 * secret becomes active. Call only after the new secret has been tested.
 */
export async function swapSecret(keyId: string, secret: NewSecret, graceDays: number, actor: Actor, now = new Date()): Promise<string> {
  const id = randomUUID();
  // Sealed before the transaction opens: it needs nothing from it.
  const sealed = await sealValue(secret.value, binding(id));
  await transaction(async (tx) => {
    const secretOf = (state: 'active' | 'previous') => and(eq(credentials.authKeyId, keyId), eq(credentials.kind, 'secret'), eq(credentials.state, state));
    const [current] = await tx.select({ id: credentials.id }).from(credentials).where(secretOf('active'));
    await tx.update(credentials).set({ state: 'retired', value: null, retiredAt: now.toISOString() }).where(secretOf('previous'));
    if (current) {
      const eraseAfter = new Date(now.getTime() + graceDays * 86_400_000).toISOString();
      await tx.update(credentials).set({ state: 'previous', retiredAt: now.toISOString(), eraseAfter }).where(eq(credentials.id, current.id));
    }
    await tx.insert(credentials).values({
      id,
      authKeyId: keyId,
      kind: 'secret',
      state: 'active',
      value: sealed,
      hint: secretHint(secret.value),
      expiresAt: secret.expiresAt,
      expirySource: secret.expiresAt ? secret.source : null,
      expirySyncedAt: secret.source === 'graph' ? now.toISOString() : null,
      azureKeyId: secret.azureKeyId,
      createdAt: now.toISOString(),
    });
    await tx.update(authKeys).set({ ...clearLastTest, updatedAt: now.toISOString() }).where(eq(authKeys.id, keyId));
    await writeAudit(tx, {
      action: 'key.rotate',
      outcome: 'success',
      actor,
      targetType: 'credential',
      targetId: id,
      authKeyId: keyId,
      detail: { method: secret.method, previousCredentialId: current?.id ?? null, expiresAt: secret.expiresAt, graceDays },
    });
  });
  return id;
}

/** Puts the previous secret back: the rolled-back one is erased. False when there is none. */
export async function rollbackSecret(keyId: string, actor: Actor, now = new Date()): Promise<boolean> {
  return transaction(async (tx) => {
    const secretOf = (state: 'active' | 'previous') => and(eq(credentials.authKeyId, keyId), eq(credentials.kind, 'secret'), eq(credentials.state, state));
    const [previous] = await tx.select({ id: credentials.id, value: credentials.value }).from(credentials).where(secretOf('previous'));
    if (!previous?.value) return false;
    const [current] = await tx.select({ id: credentials.id }).from(credentials).where(secretOf('active'));
    await tx.update(credentials).set({ state: 'retired', value: null, retiredAt: now.toISOString() }).where(secretOf('active'));
    await tx.update(credentials).set({ state: 'active', retiredAt: null, eraseAfter: null }).where(eq(credentials.id, previous.id));
    await tx.update(authKeys).set({ ...clearLastTest, updatedAt: now.toISOString() }).where(eq(authKeys.id, keyId));
    await writeAudit(tx, { action: 'key.rollback', outcome: 'success', actor, targetType: 'credential', targetId: previous.id, authKeyId: keyId, detail: { rolledBackCredentialId: current?.id ?? null } });
    return true;
  });
}

/** After the old secret was deleted in Azure its encrypted copy has no use: erase it, in the caller's transaction so it commits with its audit row. */
export async function erasePrevious(keyId: string, writer: Pick<Db, 'update'> = getDb(), now = new Date()): Promise<void> {
  await writer
    .update(credentials)
    .set({ state: 'retired', value: null, eraseAfter: null, retiredAt: now.toISOString() })
    .where(and(eq(credentials.authKeyId, keyId), eq(credentials.kind, 'secret'), eq(credentials.state, 'previous')));
}
