import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { getDb, transaction, type Db } from '@/db';
import { credentials, keyConsumers } from '@/db/schema';
import type { ConsumerKind } from '@/contracts/enums';
import { checkOwnPassword } from '@/lib/auth/reauthenticate';
import { requireRole, type Actor } from '@/lib/auth/session';
import { failure, type ActionState } from '@/lib/validation/action-state';
import { rotationNow } from '@/lib/rotation/clock';
import { writeAudit } from './audit-write';
import { activeCredentialId, handOffRun, holdsCopy, waitingConsumers } from './consumer-state';
import { openCredentialById } from './credentials';
import { KEY_READERS, KEY_WRITERS } from './keys';

// Who holds a copy of a key's credential, and the hand-off of a rotated secret to them (issue 18).

export type ConsumerDto = { id: string; kind: ConsumerKind; name: string; usesActive: boolean; confirmedAt: string | null };

export async function listConsumers(keyId: string): Promise<ConsumerDto[]> {
  await requireRole(KEY_READERS, 'keys.consumers');
  const active = await activeCredentialId(keyId);
  const rows = await getDb().select().from(keyConsumers).where(eq(keyConsumers.authKeyId, keyId));
  return rows.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map((c) => ({ id: c.id, kind: c.kind, name: c.name, usesActive: !holdsCopy(c.kind) || c.credentialId === active, confirmedAt: c.confirmedAt }));
}

/** A consumer recorded with a new key (same transaction as the key): it uses the credential just saved. */
export async function recordConsumer(tx: Db, keyId: string, consumer: { kind: ConsumerKind; name: string }, credentialId: string | null, actor: Actor): Promise<void> {
  await tx.insert(keyConsumers).values({ id: randomUUID(), authKeyId: keyId, kind: consumer.kind, name: consumer.name, credentialId, createdBy: actor.id });
}

export async function addConsumer(input: { keyId: string; kind: ConsumerKind; name: string }): Promise<ActionState> {
  const actor = await requireRole(KEY_WRITERS, 'keys.consumer_add');
  return transaction(async (tx) => {
    const active = await activeCredentialId(input.keyId, tx);
    if (!active) return failure('This authKey no longer exists or has no credential.');
    const id = randomUUID();
    await tx.insert(keyConsumers).values({ id, authKeyId: input.keyId, kind: input.kind, name: input.name, credentialId: active, createdBy: actor.id });
    await writeAudit(tx, { action: 'key.consumer_add', outcome: 'success', actor, targetType: 'key_consumer', targetId: id, authKeyId: input.keyId, detail: { kind: input.kind, name: input.name } });
    return { status: 'success' as const, message: `Added “${input.name}”.` };
  });
}

export async function removeConsumer(input: { keyId: string; consumerId: string }): Promise<ActionState> {
  const actor = await requireRole(KEY_WRITERS, 'keys.consumer_remove');
  return transaction(async (tx) => {
    const [c] = await tx.select().from(keyConsumers).where(and(eq(keyConsumers.id, input.consumerId), eq(keyConsumers.authKeyId, input.keyId)));
    if (!c) return failure('This consumer is no longer listed.');
    await tx.delete(keyConsumers).where(eq(keyConsumers.id, c.id));
    await writeAudit(tx, { action: 'key.consumer_remove', outcome: 'success', actor, targetType: 'key_consumer', targetId: c.id, authKeyId: input.keyId, detail: { kind: c.kind, name: c.name } });
    return { status: 'success' as const, message: `Removed “${c.name}”.` };
  });
}

export type HandOffDto = { runId: string; newCredentialId: string; oldAzureKeyId: string | null; newAzureKeyId: string | null; revealedAt: string | null; revealedBy: string | null; removeAfter: string | null; removalDue: boolean; waiting: { id: string; kind: ConsumerKind; name: string }[] };

/** What the key page needs for the hand-off step: never the value. */
export async function getHandOff(keyId: string): Promise<HandOffDto | null> {
  await requireRole(KEY_READERS, 'keys.hand_off');
  const run = await handOffRun(keyId);
  if (!run?.newCredentialId) return null;
  const waiting = await waitingConsumers(keyId);
  const [cred] = await getDb().select({ revealedAt: credentials.revealedAt, revealedBy: credentials.revealedBy }).from(credentials).where(eq(credentials.id, run.newCredentialId));
  // Nothing to hand over when nobody holds a copy; once revealed, the card stays until the removal.
  if (!waiting.length && !cred?.revealedAt) return null;
  const removalDue = Boolean(run.removeAfter && Date.parse(run.removeAfter) <= rotationNow(new Date()).getTime());
  return { runId: run.id, newCredentialId: run.newCredentialId, oldAzureKeyId: run.oldAzureKeyId, newAzureKeyId: run.newAzureKeyId, revealedAt: cred?.revealedAt ?? null, revealedBy: cred?.revealedBy ?? null, removeAfter: run.removeAfter, removalDue, waiting };
}

/**
 * Shows a rotated secret's value once, to an administrator who typed their own password again.
 * Marked as shown in the same transaction as its audit row (which never holds the value); a
 * second request is refused, whoever makes it.
 */
export async function revealRotatedSecret(input: { keyId: string; password: string }): Promise<ActionState & { secret?: string }> {
  const actor = await requireRole(KEY_WRITERS, 'rotation.reveal');
  const run = await handOffRun(input.keyId);
  if (!run?.newCredentialId) return failure('No rotated secret of this key is waiting to be handed over.');
  const wrong = await checkOwnPassword(actor, input.password, 'password', { action: 'rotation.reveal', targetType: 'credential', targetId: run.newCredentialId, authKeyId: input.keyId });
  if (wrong) return wrong;
  const now = new Date().toISOString();
  const shown = await transaction(async (tx) => {
    const marked = await tx
      .update(credentials)
      .set({ revealedAt: now, revealedBy: actor.email })
      .where(and(eq(credentials.id, run.newCredentialId!), eq(credentials.state, 'active'), isNull(credentials.revealedAt)))
      .returning({ id: credentials.id });
    // Only the request that marked it first gets the value: compare-and-set on revealedAt.
    const [before] = marked;
    if (!before) return false;
    await writeAudit(tx, { action: 'rotation.reveal', outcome: 'success', actor, targetType: 'credential', targetId: run.newCredentialId!, authKeyId: input.keyId, detail: { runId: run.id } });
    return true;
  });
  if (!shown) return failure('The new secret was shown already and is not shown again. If it was lost, rotate again.');
  const value = await openCredentialById(run.newCredentialId);
  if (!value) return failure('The new secret is no longer stored.');
  return { status: 'success', message: 'Copy it now: it is not shown again.', secret: value.value };
}

/** "Pliant now uses the new secret": the consumer moves to the active credential. */
export async function confirmHandOff(input: { keyId: string; consumerId: string }): Promise<ActionState> {
  const actor = await requireRole(KEY_WRITERS, 'keys.consumer_confirm');
  return transaction(async (tx) => {
    const active = await activeCredentialId(input.keyId, tx);
    const [c] = await tx.select().from(keyConsumers).where(and(eq(keyConsumers.id, input.consumerId), eq(keyConsumers.authKeyId, input.keyId)));
    if (!c || !active) return failure('This consumer is no longer listed.');
    // After an automatic rotation the administrator has the new value only once it was revealed;
    // after a manual one they typed it themselves.
    const run = await handOffRun(input.keyId, tx);
    const [cred] = await tx.select({ revealedAt: credentials.revealedAt }).from(credentials).where(eq(credentials.id, active));
    if (run?.newCredentialId === active && !cred?.revealedAt) return failure('Reveal the new secret first: there is nothing to hand over yet.');
    const now = new Date().toISOString();
    await tx.update(keyConsumers).set({ credentialId: active, confirmedAt: now, confirmedBy: actor.id }).where(eq(keyConsumers.id, c.id));
    await writeAudit(tx, { action: 'key.consumer_confirm', outcome: 'success', actor, targetType: 'key_consumer', targetId: c.id, authKeyId: input.keyId, detail: { kind: c.kind, name: c.name, credentialId: active } });
    return { status: 'success' as const, message: `Recorded: “${c.name}” now uses the new secret.` };
  });
}
