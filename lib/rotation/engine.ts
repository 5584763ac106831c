import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { authKeys, rotationPolicies } from '@/db/schema';
import { certificateKeyBase64, generateCertificate, thumbprintFromKeyIdentifier } from '@/lib/crypto/certificates';
import { openCredentialById, type OpenCredential } from '@/lib/dal/credentials';
import { waitingConsumers } from '@/lib/dal/consumer-state';
import { auditStep, claimRun, failRun, finishRun, keysDueForRotation, oldCredentialExpiry, runsDue, startRun, storeNextCredential, swapRun, updateRun, type RotationRun } from '@/lib/dal/rotation-runs';
import { resolveCloud } from '@/lib/entra/clouds';
import { diagnose } from '@/lib/entra/diagnosis';
import { networkClientFor, newConfidentialClient, withTimeout } from '@/lib/entra/msal';
import { forgetKeyTokens, msalCredential } from '@/lib/entra/token';
import { graphClient, graphFailure, graphForKey, type GraphFailure } from '@/lib/graph/client';
import { proofOfPossession } from './proof';

// Automatic rotation, one step per call, every step stored before the next begins:
//   creating  → the new credential is made in Azure (addPassword, or addKey with a certificate
//               the portal generated and stored sealed first) and stored sealed as 'next';
//   verifying → it must sign in and read Graph, retried with backoff for Entra's replication
//               delay; then the swap: it becomes active, the old one 'previous';
//   overlap   → the old one stays valid in Azure until removeAfter, then removePassword /
//               removeKey and its stored copy is erased: done.
// Anything sent to Azure uses the real time (nbf, endDateTime); `now` only decides what is due,
// so tests move it forward. A restart at any point resumes from the stored state.

/**
 * The points between steps, in order: 'added' and 'azure-removed' come right after Azure
 * answered and before the database records it, 'signed-in' before the swap. The crash test
 * kills the process at each of them.
 */
export const ROTATION_STEPS = ['started', 'stored', 'added', 'created', 'signed-in', 'swapped', 'azure-removed', 'removed'] as const;
export type RotationStep = (typeof ROTATION_STEPS)[number] | 'failed' | 'retry' | 'waiting';

export type EngineOptions = {
  /** Called after each durable step (tests observe or crash here). */
  onStep?: (step: RotationStep, run: RotationRun) => void | Promise<void>;
};

/**
 * How long a new credential may keep failing before the run gives up. Entra documents that new
 * credentials can take a few minutes to replicate; 15 minutes of tries covers that with room.
 */
export const VERIFY_DEADLINE_MS = 15 * 60_000;
/** Waits between verification tries, and between retries of a create that failed transiently. */
export const BACKOFF_MS = [5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000];
const MAX_CREATE_ATTEMPTS = 6;
const REPLICATION_CODES = new Set(['AADSTS7000215', 'AADSTS700027', 'AADSTS7000222']);

const backoff = (attempts: number) => BACKOFF_MS[Math.min(attempts, BACKOFF_MS.length - 1)];
const later = (now: Date, ms: number) => new Date(now.getTime() + ms).toISOString();
const isTransient = (f: GraphFailure) => f.status === 0 || f.status === 429 || f.status >= 500;

/** Graph's refusal under an app management policy, in plain words, naming the restriction. */
export function policyMessage(f: GraphFailure, kind: 'secret' | 'certificate'): string | null {
  if (!/as per assigned policy/i.test(f.message)) return null;
  const policy = /policy\s+([0-9a-f-]{36})/i.exec(f.message)?.[1];
  const named = policy ? ` (policy ${policy})` : '';
  if (/credential type not allowed/i.test(f.message)) {
    return `An app management policy in this tenant blocks new client secrets on this app${named}: the passwordAddition restriction. Switch this key to a certificate, which the policy allows, or ask an administrator for an exemption.`;
  }
  if (/lifetime exceeds/i.test(f.message)) {
    return kind === 'secret'
      ? `An app management policy limits how long a new client secret may live${named}: the passwordLifetime restriction. Choose a shorter lifetime in the rotation settings, or switch this key to a certificate.`
      : `An app management policy limits how long a new certificate may be valid${named}: the asymmetricKeyLifetime restriction. Choose a shorter lifetime in the rotation settings.`;
  }
  return `Microsoft Graph refused the new credential under an app management policy${named}: ${f.message}`;
}

type Context = { run: RotationRun; key: typeof authKeys.$inferSelect; policy: typeof rotationPolicies.$inferSelect; now: Date; options: EngineOptions };

async function objectIdOf(ctx: Context, graph: Awaited<ReturnType<typeof graphForKey>>): Promise<string> {
  if (ctx.key.appObjectId) return ctx.key.appObjectId;
  const app = (await graph.api(`/applications(appId='${ctx.key.clientId}')`).select('id').get()) as { id: string };
  return app.id;
}

type AppCredentials = { passwordCredentials?: { keyId: string; displayName?: string | null; hint?: string | null }[]; keyCredentials?: { keyId: string; customKeyIdentifier?: string | null }[] };

/** The old credential's id in Azure, when the portal never matched it through Graph. */
function oldAzureKeyId(app: AppCredentials, old: OpenCredential | null, marker: string): string | null {
  if (!old) return null;
  if (old.kind === 'certificate') return app.keyCredentials?.find((k) => thumbprintFromKeyIdentifier(k.customKeyIdentifier) === old.thumbprintSha1)?.keyId ?? null;
  const same = (app.passwordCredentials ?? []).filter((p) => p.hint === old.value.slice(0, 3) && p.displayName !== marker);
  return same.length === 1 ? same[0].keyId : null;
}

async function fail(ctx: Context, message: string, detail: Record<string, unknown> = {}) {
  await failRun(ctx.run, message, ctx.now, detail);
  await ctx.options.onStep?.('failed', ctx.run);
}

async function creating(ctx: Context): Promise<void> {
  const { run, key, policy } = ctx;
  let graph: Awaited<ReturnType<typeof graphForKey>>;
  try {
    graph = await graphForKey(key.id);
    const objectId = await objectIdOf(ctx, graph);
    const app = (await graph.api(`/applications/${objectId}`).select('passwordCredentials,keyCredentials').get()) as AppCredentials;
    const old = run.oldCredentialId ? await openCredentialById(run.oldCredentialId) : null;
    const oldId = run.oldAzureKeyId ?? oldAzureKeyId(app, old, run.marker);
    if (oldId !== run.oldAzureKeyId) await updateRun(run.id, { oldAzureKeyId: oldId }, ctx.now);
    run.oldAzureKeyId = oldId;
    if (run.kind === 'secret') {
      // A crash after Azure answered addPassword, before the value was stored: that secret's
      // value is lost, so it is removed before a new one is made.
      for (const orphan of (app.passwordCredentials ?? []).filter((p) => p.displayName === run.marker)) {
        await graph.api(`/applications/${objectId}/removePassword`).post({ keyId: orphan.keyId });
        await auditStep(run, 'rotation.orphan_removed', 'success', { azureKeyId: orphan.keyId });
      }
      const endDateTime = new Date(Date.now() + policy.lifetimeDays * 86_400_000).toISOString();
      const created = (await graph.api(`/applications/${objectId}/addPassword`).post({ passwordCredential: { displayName: run.marker, endDateTime } })) as { secretText: string; keyId: string; endDateTime: string };
      await ctx.options.onStep?.('added', run);
      await storeNextCredential(run, { kind: 'secret', value: created.secretText, expiresAt: created.endDateTime, azureKeyId: created.keyId }, { state: 'verifying', newAzureKeyId: created.keyId, attempts: 0, nextAttemptAt: ctx.now.toISOString(), lastError: null }, ctx.now);
      await ctx.options.onStep?.('created', run);
      return;
    }
    // A certificate: made here and stored sealed before Azure hears of it.
    if (!run.newCredentialId) {
      const cert = await generateCertificate({ commonName: `${key.name} (authKey Portal)`, months: 0, days: policy.lifetimeDays, keySize: 2048 });
      run.newCredentialId = await storeNextCredential(run, { kind: 'certificate', certificatePem: cert.certificatePem, privateKeyPem: cert.privateKeyPem, thumbprintSha1: cert.thumbprintSha1, notAfter: cert.notAfter }, {}, ctx.now);
      await ctx.options.onStep?.('stored', run);
    }
    const next = await openCredentialById(run.newCredentialId);
    if (!next || next.kind !== 'certificate') return fail(ctx, 'The new certificate is no longer stored.');
    // Already on the app (the process stopped after addKey answered): adopt it.
    let azureKeyId = app.keyCredentials?.find((k) => thumbprintFromKeyIdentifier(k.customKeyIdentifier) === next.thumbprintSha1)?.keyId ?? null;
    if (!azureKeyId) {
      if (!old || old.kind !== 'certificate') return fail(ctx, 'The current certificate cannot be opened to sign the proof of possession.');
      const proof = await proofOfPossession(old, objectId);
      const added = (await graph.api(`/applications/${objectId}/addKey`).post({ keyCredential: { type: 'AsymmetricX509Cert', usage: 'Verify', key: certificateKeyBase64(next.certificatePem), displayName: run.marker }, passwordCredential: null, proof })) as { keyId: string };
      azureKeyId = added.keyId;
      await ctx.options.onStep?.('added', run);
    }
    await updateRun(run.id, { state: 'verifying', newAzureKeyId: azureKeyId, attempts: 0, nextAttemptAt: ctx.now.toISOString(), lastError: null }, ctx.now);
    await ctx.options.onStep?.('created', run);
  } catch (error) {
    const f = graphFailure(error);
    const policyText = policyMessage(f, run.kind);
    if (policyText) return fail(ctx, policyText, { status: f.status, requestId: f.requestId, restriction: true });
    if (f.status === 403) return fail(ctx, 'Microsoft Graph refused to change the app (403). Automatic rotation needs Application.ReadWrite.OwnedBy with the app as an owner of itself, or Application.ReadWrite.All.', { status: 403, requestId: f.requestId });
    if (isTransient(f) && run.attempts + 1 < MAX_CREATE_ATTEMPTS) {
      await updateRun(run.id, { attempts: run.attempts + 1, nextAttemptAt: later(ctx.now, backoff(run.attempts)), lastError: `${f.status || f.code}: ${f.message}` }, ctx.now);
      await ctx.options.onStep?.('retry', run);
      return;
    }
    const why = error instanceof Error && error.name === 'TokenError' ? error.message : `${f.status || f.code}: ${f.message}`;
    return fail(ctx, `The new credential could not be created (${why}). The current one stays active.`, { status: f.status, requestId: f.requestId });
  }
}

/** Signs in with the new credential on a fresh MSAL instance and reads the app with its token. */
async function signInWithNew(ctx: Context, next: OpenCredential): Promise<{ ok: true } | { ok: false; code: string; message: string }> {
  const cloud = resolveCloud(ctx.key);
  const network = networkClientFor(cloud.ca);
  try {
    const client = newConfidentialClient(cloud, ctx.key.tenantId, ctx.key.clientId, msalCredential(next), network);
    const token = await withTimeout(client.acquireTokenByClientCredential({ scopes: [`${cloud.graphRoot}/.default`], skipCache: true }));
    if (!token?.accessToken) return { ok: false, code: 'no_token', message: 'Entra ID answered without a token.' };
    const graph = graphClient({ cloud, accessToken: async () => token.accessToken }, { authKeyId: ctx.key.id }, { maxRetries: 2, timeoutMs: 15_000 });
    await graph.api(`/applications(appId='${ctx.key.clientId}')`).select('id').get();
    return { ok: true };
  } catch (error) {
    if (error && typeof error === 'object' && 'statusCode' in error) {
      const f = graphFailure(error);
      return { ok: false, code: `graph.${f.status}`, message: `Signed in, but reading the app failed (${f.status}).` };
    }
    const d = diagnose(error, { network: network.lastFailure(), secrets: [next.value] });
    return { ok: false, code: d.code, message: `${d.title}. ${d.explanation}` };
  }
}

/** Takes the new credential out of Azure again after it never worked, so none is left behind. */
async function withdrawNew(ctx: Context): Promise<void> {
  const { run } = ctx;
  if (!run.newAzureKeyId) return;
  const graph = await graphForKey(ctx.key.id);
  const objectId = await objectIdOf(ctx, graph);
  if (run.kind === 'secret') {
    await graph.api(`/applications/${objectId}/removePassword`).post({ keyId: run.newAzureKeyId });
  } else {
    const old = run.oldCredentialId ? await openCredentialById(run.oldCredentialId) : null;
    if (old?.kind === 'certificate') await graph.api(`/applications/${objectId}/removeKey`).post({ keyId: run.newAzureKeyId, proof: await proofOfPossession(old, objectId) });
  }
}

async function verifying(ctx: Context): Promise<void> {
  const { run } = ctx;
  const next = run.newCredentialId ? await openCredentialById(run.newCredentialId) : null;
  if (!next) return fail(ctx, 'The new credential is no longer stored.');
  const result = await signInWithNew(ctx, next);
  if (result.ok) {
    await ctx.options.onStep?.('signed-in', run);
    await swapRun(run, ctx.policy.overlapDays, ctx.now);
    await forgetKeyTokens(ctx.key.id);
    await ctx.options.onStep?.('swapped', run);
    return;
  }
  const retryable = REPLICATION_CODES.has(result.code) || result.code.startsWith('network.') || result.code.startsWith('graph.5');
  if (retryable && ctx.now.getTime() - Date.parse(run.startedAt) + backoff(run.attempts) < VERIFY_DEADLINE_MS) {
    await auditStep(run, 'rotation.verify_retry', 'failure', { attempt: run.attempts + 1, code: result.code });
    await updateRun(run.id, { attempts: run.attempts + 1, nextAttemptAt: later(ctx.now, backoff(run.attempts)), lastError: result.message }, ctx.now);
    await ctx.options.onStep?.('retry', run);
    return;
  }
  try {
    await withdrawNew(ctx);
  } catch (error) {
    const f = graphFailure(error);
    return fail(ctx, `The new credential never signed in (${result.message}) and removing it from Azure failed (${f.status || f.code}): delete it on the app's Certificates & secrets page (${run.newAzureKeyId}).`, { code: result.code });
  }
  return fail(ctx, `The new credential did not sign in within ${Math.round(VERIFY_DEADLINE_MS / 60_000)} minutes (${result.message}). It was removed from Azure again; the current one stays active.`, { code: result.code });
}

async function overlap(ctx: Context): Promise<void> {
  const { run } = ctx;
  if (!run.removeAfter || Date.parse(run.removeAfter) > ctx.now.getTime()) return;
  // Issue 18: Pliant and other copies still sign in with the previous secret until an
  // administrator handed them the new one; removing it would break them. Once it has expired
  // anyway, nothing depends on it any more and it goes.
  const waiting = run.kind === 'secret' ? await waitingConsumers(ctx.key.id) : [];
  const oldEnds = await oldCredentialExpiry(run);
  if (waiting.length && !(oldEnds && Date.parse(oldEnds) <= Date.now())) {
    await auditStep(run, 'rotation.waiting', 'success', { waiting: waiting.map((c) => c.name), oldExpiresAt: oldEnds });
    await updateRun(run.id, { nextAttemptAt: later(ctx.now, 86_400_000), lastError: null }, ctx.now);
    await ctx.options.onStep?.('waiting', run);
    return;
  }
  if (!run.oldAzureKeyId) {
    await finishRun(run, ctx.now, { removed: false, reason: 'The previous credential’s id in Azure is not known: delete it by hand on the app’s Certificates & secrets page.' });
    await ctx.options.onStep?.('removed', run);
    return;
  }
  try {
    const graph = await graphForKey(ctx.key.id);
    const objectId = await objectIdOf(ctx, graph);
    if (run.kind === 'secret') {
      await graph.api(`/applications/${objectId}/removePassword`).post({ keyId: run.oldAzureKeyId });
    } else {
      // The proof is signed by the new certificate, valid on the app since the swap.
      const current = run.newCredentialId ? await openCredentialById(run.newCredentialId) : null;
      if (!current || current.kind !== 'certificate') return fail(ctx, 'The active certificate cannot be opened to sign the removal.');
      await graph.api(`/applications/${objectId}/removeKey`).post({ keyId: run.oldAzureKeyId, proof: await proofOfPossession(current, objectId) });
    }
    await ctx.options.onStep?.('azure-removed', run);
  } catch (error) {
    const f = graphFailure(error);
    // Already gone (removed by hand, or by this step before a restart): nothing left to do in Azure.
    const gone = f.status === 400 && /no (password|key) credential found/i.test(f.message);
    if (!gone) {
      if (isTransient(f)) {
        await updateRun(run.id, { attempts: run.attempts + 1, nextAttemptAt: later(ctx.now, backoff(run.attempts)), lastError: `${f.status || f.code}: ${f.message}` }, ctx.now);
        await ctx.options.onStep?.('retry', run);
        return;
      }
      await updateRun(run.id, { lastError: `Removing the previous credential failed (${f.status || f.code}: ${f.message}). Retried daily; or delete it by hand.`, nextAttemptAt: later(ctx.now, 86_400_000) }, ctx.now);
      return;
    }
  }
  await finishRun(run, ctx.now, { removed: true, oldAzureKeyId: run.oldAzureKeyId });
  await ctx.options.onStep?.('removed', run);
}

async function contextOf(run: RotationRun, now: Date, options: EngineOptions): Promise<Context | null> {
  const db = getDb();
  const [key] = await db.select().from(authKeys).where(eq(authKeys.id, run.authKeyId));
  const [policy] = await db.select().from(rotationPolicies).where(eq(rotationPolicies.authKeyId, run.authKeyId));
  if (!key || !policy) return null;
  return { run, key, policy, now, options };
}

/** One step of one run. */
export async function advanceRun(found: RotationRun, now: Date, options: EngineOptions = {}): Promise<void> {
  const run = await claimRun(found, now);
  if (!run) return;
  const ctx = await contextOf(run, now, options);
  if (!ctx) return;
  if (run.state === 'creating') return creating(ctx);
  if (run.state === 'verifying') return verifying(ctx);
  if (run.state === 'overlap') return overlap(ctx);
}

/**
 * What the scheduler's leader runs on every tick: starts the rotations that are due, then moves
 * every open run on as far as it can go now (a fresh secret is verified in the same tick when
 * Entra already accepts it). Returns how many steps were taken.
 */
export async function runRotations(now: Date, options: EngineOptions = {}): Promise<number> {
  let steps = 0;
  for (const due of await keysDueForRotation(now)) {
    const run = await startRun(due, now);
    if (run) await options.onStep?.('started', run);
  }
  // A few passes, so that create → verify → swap happen in one tick when nothing needs waiting.
  for (let pass = 0; pass < 4; pass++) {
    const due = await runsDue(now);
    if (!due.length) break;
    for (const run of due) {
      await advanceRun(run, now, options);
      steps++;
    }
  }
  return steps;
}
