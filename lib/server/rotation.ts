import 'server-only';
import { and, desc, eq } from 'drizzle-orm';
import { getDb, transaction } from '@/db';
import { authKeys, credentials } from '@/db/schema';
import type { ExpirySource } from '@/contracts/enums';
import { requireRole, type Actor } from '@/lib/auth/session';
import { tryResolveCloud } from '@/lib/entra/clouds';
import { portalLinks } from '@/lib/entra/portal-links';
import { testConnection, testCredentialValues, type TestResult } from '@/lib/entra/test-connection';
import { forgetKeyTokens } from '@/lib/entra/token';
import { graphFailure, graphForKey } from '@/lib/graph/client';
import { daysBetween } from '@/lib/expiry/days-left';
import { failure, type ActionState } from '@/lib/validation/action-state';
import { writeAudit } from '@/lib/dal/audit-write';
import { recordAppSecrets } from '@/lib/dal/expiry-health';
import { readExpirySettings } from '@/lib/dal/expiry-settings';
import { KEY_READERS, KEY_WRITERS } from '@/lib/dal/keys';
import { erasePrevious, rollbackSecret, swapSecret, type NewSecret } from '@/lib/dal/rotation-swap';

const MANAGE_APPS = ['Application.ReadWrite.OwnedBy', 'Application.ReadWrite.All'];
const RETRY_STEP_MS = 5_000;

export type CredentialHistoryItem = { id: string; state: 'next' | 'active' | 'previous' | 'retired'; hint: string | null; createdAt: string; expiresAt: string | null; expirySource: ExpirySource | null; retiredAt: string | null; eraseAfter: string | null; azureKeyId: string | null };

export type RotationView = {
  key: { id: string; name: string; tenantId: string; clientId: string; cloud: string; lastTest: { at: string; outcome: 'success' | 'failure'; message: string | null } | null };
  canAddPassword: boolean;
  credentialsLink: string | null;
  active: CredentialHistoryItem | null;
  previous: CredentialHistoryItem | null;
  history: CredentialHistoryItem[];
  graceDays: number;
  testWindowSeconds: number;
};

const historyColumns = { id: credentials.id, state: credentials.state, hint: credentials.hint, createdAt: credentials.createdAt, expiresAt: credentials.expiresAt, expirySource: credentials.expirySource, retiredAt: credentials.retiredAt, eraseAfter: credentials.eraseAfter, azureKeyId: credentials.azureKeyId };

/** What the rotation page needs: metadata and history, never a value. */
export async function getRotation(keyId: string): Promise<RotationView | null> {
  await requireRole(KEY_READERS, 'rotation.read');
  const db = getDb();
  const [key] = await db.select().from(authKeys).where(eq(authKeys.id, keyId));
  if (!key) return null;
  const history = await db.select(historyColumns).from(credentials).where(and(eq(credentials.authKeyId, keyId), eq(credentials.kind, 'secret'))).orderBy(desc(credentials.createdAt));
  const cloud = tryResolveCloud(key);
  const settings = (await readExpirySettings(db)).rotation;
  return {
    key: {
      id: key.id, name: key.name, tenantId: key.tenantId, clientId: key.clientId, cloud: key.cloud,
      lastTest: key.lastTestedAt && key.lastTestOutcome ? { at: key.lastTestedAt, outcome: key.lastTestOutcome, message: key.lastTestMessage } : null,
    },
    // The app must own itself too; that shows only when addPassword answers, and a 403 is explained.
    canAddPassword: (key.lastTestRoles ?? []).some((r) => MANAGE_APPS.includes(r)),
    credentialsLink: cloud ? portalLinks(cloud, { clientId: key.clientId }).credentials : null,
    active: history.find((c) => c.state === 'active') ?? null,
    previous: history.find((c) => c.state === 'previous') ?? null,
    history,
    graceDays: settings.graceDays,
    testWindowSeconds: settings.testWindowSeconds,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Tests a secret that is not stored yet. Entra ID may reject a brand-new secret for a short while, so an invalid-secret answer is retried within the window. */
async function testNewSecret(keyId: string, value: string, actor: Actor): Promise<TestResult> {
  const [key] = await getDb().select().from(authKeys).where(eq(authKeys.id, keyId));
  const windowMs = (await readExpirySettings()).rotation.testWindowSeconds * 1000;
  const deadline = Date.now() + windowMs;
  for (;;) {
    const result = await testCredentialValues({ keyId, accessType: key.accessType, cloud: key, tenantId: key.tenantId, clientId: key.clientId, clientSecret: value, operations: key.operations }, { actor });
    const retryable = result.diagnosis?.code === 'AADSTS7000215';
    const step = Math.min(RETRY_STEP_MS, Math.max(250, windowMs / 6));
    if (result.outcome === 'success' || !retryable || Date.now() + step > deadline) return result;
    await sleep(step);
  }
}

/** An action state that may ask the administrator to confirm a new secret that expires sooner. */
export type RotateState = ActionState & { shorter?: { newExpiresAt: string; currentExpiresAt: string; days: number } };

/**
 * A replacement that expires before the secret it replaces shortens the key's life: say by how
 * much and ask once, instead of reporting success and offering to delete the longer-lived one.
 */
async function shorterThanCurrent(keyId: string, newExpiresAt: string | null): Promise<RotateState['shorter'] | null> {
  const [current] = await getDb().select({ expiresAt: credentials.expiresAt }).from(credentials).where(and(eq(credentials.authKeyId, keyId), eq(credentials.kind, 'secret'), eq(credentials.state, 'active')));
  if (!newExpiresAt || !current?.expiresAt || Date.parse(newExpiresAt) >= Date.parse(current.expiresAt)) return null;
  return { newExpiresAt, currentExpiresAt: current.expiresAt, days: daysBetween(newExpiresAt, current.expiresAt) };
}

const shorterQuestion = (s: NonNullable<RotateState['shorter']>): RotateState => ({
  status: 'error',
  message: `The new secret expires on ${s.newExpiresAt.slice(0, 10)}, ${s.days} day${s.days === 1 ? '' : 's'} before the current one (${s.currentExpiresAt.slice(0, 10)}). Nothing was swapped: confirm to use it anyway.`,
  shorter: s,
});

const why = (r: TestResult) => (r.diagnosis ? `${r.diagnosis.title}. ${r.diagnosis.explanation}` : 'The test failed.');

async function finishSwap(keyId: string, secret: NewSecret, actor: Actor): Promise<ActionState> {
  await swapSecret(keyId, secret, (await readExpirySettings()).rotation.graceDays, actor);
  await forgetKeyTokens(keyId);
  const after = await testConnection(keyId, { trigger: 'rotation', actor });
  if (after) await recordAppSecrets(keyId, after);
  return after?.outcome === 'success'
    ? { status: 'success', message: 'The new secret is active and the key tests green. The previous secret is kept for rollback.' }
    : { status: 'success', message: `The new secret is active, but the key's check now fails: ${after ? why(after) : 'unknown'} You can roll back.` };
}

/** Step 2–3 with a pasted Value: test it, and only when it works (and lives long enough, or was confirmed) swap it in. */
export async function rotateSecret(input: { keyId: string; clientSecret: string; expiresAt: string | null; confirmShorter: 'yes' | '' }): Promise<RotateState> {
  const actor = await requireRole(KEY_WRITERS, 'rotation.rotate');
  const [exists] = await getDb().select({ id: authKeys.id }).from(authKeys).where(eq(authKeys.id, input.keyId));
  if (!exists) return failure('This authKey no longer exists.');
  const test = await testNewSecret(input.keyId, input.clientSecret, actor);
  if (test.outcome !== 'success') return failure(`The new secret did not work, so the current one stays active. ${why(test)}`, { clientSecret: [test.diagnosis?.title ?? 'The test failed.'] });
  // Graph's end date, when the key can read its app, beats the typed one.
  const expiresAt = test.expiry?.endDateTime ?? input.expiresAt;
  const azureKeyId = test.app?.secrets.find((s) => s.stored)?.keyId ?? null;
  const shorter = input.confirmShorter === 'yes' ? null : await shorterThanCurrent(input.keyId, expiresAt);
  if (shorter) return shorterQuestion(shorter);
  return finishSwap(input.keyId, { value: input.clientSecret, expiresAt, source: test.expiry ? 'graph' : 'typed', azureKeyId, method: 'manual' }, actor);
}

async function appObjectId(keyId: string, graph: Awaited<ReturnType<typeof graphForKey>>): Promise<string> {
  const [key] = await getDb().select({ appObjectId: authKeys.appObjectId, clientId: authKeys.clientId }).from(authKeys).where(eq(authKeys.id, keyId));
  if (key.appObjectId) return key.appObjectId;
  const app = (await graph.api(`/applications(appId='${key.clientId}')`).select('id').get()) as { id: string };
  return app.id;
}

/** Step 1–3 for an app that owns itself: addPassword, test, swap; the value never leaves the server. */
export async function rotateWithAddPassword(input: { keyId: string; displayName: string; days: number; confirmShorter: 'yes' | '' }): Promise<RotateState> {
  const actor = await requireRole(KEY_WRITERS, 'rotation.add_password');
  // Asked before anything is created in Azure.
  const shorter = input.confirmShorter === 'yes' ? null : await shorterThanCurrent(input.keyId, new Date(Date.now() + input.days * 86_400_000).toISOString());
  if (shorter) return shorterQuestion(shorter);
  let created: { secretText: string; keyId: string; endDateTime: string };
  let graph: Awaited<ReturnType<typeof graphForKey>>;
  let objectId: string;
  try {
    graph = await graphForKey(input.keyId, { actor });
    objectId = await appObjectId(input.keyId, graph);
    const endDateTime = new Date(Date.now() + input.days * 86_400_000).toISOString();
    created = (await graph.api(`/applications/${objectId}/addPassword`).post({ passwordCredential: { displayName: input.displayName, endDateTime } })) as typeof created;
  } catch (error) {
    const f = graphFailure(error);
    await writeAudit(getDb(), { action: 'key.add_password', outcome: 'failure', actor, targetType: 'auth_key', targetId: input.keyId, authKeyId: input.keyId, requestId: f.requestId ?? undefined, detail: { status: f.status, code: f.code } });
    const hint = f.status === 403 ? ' The key needs Application.ReadWrite.OwnedBy and its app must list itself as an owner; create the secret by hand instead.' : '';
    return failure(`Azure did not create a secret (${f.status || f.code}: ${f.message}).${hint}`);
  }
  await writeAudit(getDb(), { action: 'key.add_password', outcome: 'success', actor, targetType: 'auth_key', targetId: input.keyId, authKeyId: input.keyId, detail: { azureKeyId: created.keyId, expiresAt: created.endDateTime } });
  const test = await testNewSecret(input.keyId, created.secretText, actor);
  if (test.outcome !== 'success') {
    // Never leave an unused secret behind in Azure.
    await graph.api(`/applications/${objectId}/removePassword`).post({ keyId: created.keyId }).catch(() => undefined);
    return failure(`Azure created a secret but it did not work within ${(await readExpirySettings()).rotation.testWindowSeconds} s, so it was removed again and the current one stays active. ${why(test)}`);
  }
  return finishSwap(input.keyId, { value: created.secretText, expiresAt: created.endDateTime, source: 'graph', azureKeyId: created.keyId, method: 'addPassword' }, actor);
}

export async function rollbackRotation(input: { keyId: string }): Promise<ActionState> {
  const actor = await requireRole(KEY_WRITERS, 'rotation.rollback');
  if (!(await rollbackSecret(input.keyId, actor))) return failure('There is no previous secret to roll back to (its grace period may be over).');
  await forgetKeyTokens(input.keyId);
  const after = await testConnection(input.keyId, { trigger: 'rotation', actor });
  return { status: 'success', message: `The previous secret is active again${after?.outcome === 'success' ? ' and the key tests green' : `, but its check fails: ${after ? why(after) : ''}`}.` };
}

/** Step 4: delete the old secret in Azure with removePassword, then erase its stored copy. */
export async function removeOldSecret(input: { keyId: string }): Promise<ActionState> {
  const actor = await requireRole(KEY_WRITERS, 'rotation.remove_old');
  const db = getDb();
  const [previous] = await db.select(historyColumns).from(credentials).where(and(eq(credentials.authKeyId, input.keyId), eq(credentials.kind, 'secret'), eq(credentials.state, 'previous')));
  if (!previous) return failure('There is no previous secret to delete.');
  const manual = `Delete it on the app's Certificates & secrets page instead${previous.azureKeyId ? ` (Secret ID ${previous.azureKeyId})` : ` (the secret whose value starts with ${previous.hint ?? '?'})`}.`;
  if (!previous.azureKeyId) return failure(`The old secret's Secret ID is not known here, because the key could not read its app when that secret was active. ${manual}`);
  try {
    const graph = await graphForKey(input.keyId, { actor });
    await graph.api(`/applications/${await appObjectId(input.keyId, graph)}/removePassword`).post({ keyId: previous.azureKeyId });
  } catch (error) {
    const f = graphFailure(error);
    await writeAudit(db, { action: 'key.remove_old_secret', outcome: 'failure', actor, targetType: 'credential', targetId: previous.id, authKeyId: input.keyId, requestId: f.requestId ?? undefined, detail: { status: f.status, code: f.code } });
    return failure(`Azure refused to delete the old secret (${f.status || f.code}). ${manual}`);
  }
  await transaction(async (tx) => {
    await erasePrevious(input.keyId, tx);
    await writeAudit(tx, { action: 'key.remove_old_secret', outcome: 'success', actor, targetType: 'credential', targetId: previous.id, authKeyId: input.keyId, detail: { azureKeyId: previous.azureKeyId } });
  });
  return { status: 'success', message: 'The old secret was deleted in Azure and its stored copy erased. Rollback is no longer possible.' };
}
