import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { authKeys } from '@/db/schema';
import { type AccessType, type CloudId } from '@/contracts/enums';
import { requireRole, type Actor } from '@/lib/auth/session';
import { writeAudit } from '@/lib/dal/audit-write';
import { describeCertificate, thumbprintFromKeyIdentifier } from '@/lib/crypto/certificates';
import { activeCredential, openActiveCredential, secretHint, type OpenCredential } from '@/lib/dal/credentials';
import { recordKeyTest } from '@/lib/dal/key-tests';
import { KEY_TESTERS, KEY_WRITERS } from '@/lib/dal/keys';
import { graphClient, graphFailure } from '@/lib/graph/client';
import { resolveCloud, type CloudKey, type ResolvedCloud } from './clouds';
import { certificateExpired, consentMissing, delegatedPermissionsMissing, diagnose, permissionsMissing, type Diagnosis } from './diagnosis';
import { networkClientFor, newConfidentialClient, readClaims, withTimeout } from './msal';
import { comparePermissions, permissionsAllow } from './permission-catalog';
import { adminConsentUrl } from './portal-links';
import { forgetKeyTokens } from './token';

export type AppSecret = { keyId: string; hint: string | null; displayName: string | null; endDateTime: string | null; stored: boolean };
/** A certificate on the app: `thumbprint` is its SHA-1 thumbprint (upper-case hex), from customKeyIdentifier. */
export type AppCertificate = { keyId: string; thumbprint: string | null; displayName: string | null; endDateTime: string | null; stored: boolean };

export type TestResult = {
  outcome: 'success' | 'failure';
  accessType: AccessType;
  /** Application permissions from the token's `roles` (Enterprise App) or delegated ones from `scp`. */
  roles: string[];
  /** Delegated keys: the account the token was issued to (its `upn`). */
  signedInAs: string | null;
  needed: string[];
  missing: string[];
  extra: string[];
  latencyMs: number;
  diagnosis: Diagnosis | null;
  consentUrl: string | null;
  app: { displayName: string; objectId: string | null; secrets: AppSecret[]; certificates: AppCertificate[] } | null;
  /** The stored credential's real end date from Graph: a secret matched by its hint, a certificate by its thumbprint. */
  expiry: { endDateTime: string; source: 'graph'; typed: string | null; differs: boolean } | null;
  /** Why the app could not be read, when Application.Read.All was granted but the read failed. */
  appReadProblem: string | null;
  testedAt: string;
};

export type CredentialValues = {
  accessType: AccessType;
  cloud: CloudKey;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** A certificate credential instead of the secret: the public PEM and the private key (PEM). */
  certificate?: { certificatePem: string; privateKeyPem: string } | null;
  username?: string | null;
  password?: string | null;
  operations: readonly string[];
  /** The expiry the administrator typed, to compare with Graph's. */
  secretExpiresAt?: string | null;
};

/** Scopes of the sign-in itself that Entra may list in a delegated token's scp. */
const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);

type Caller = { actor: { id: string; email: string } | null; authKeyId?: string };

type PasswordCredential = { keyId?: string; hint?: string | null; displayName?: string | null; endDateTime?: string | null };
type KeyCredential = { keyId?: string; customKeyIdentifier?: string | null; displayName?: string | null; endDateTime?: string | null };
const thumbprintOf = (k: KeyCredential) => thumbprintFromKeyIdentifier(k.customKeyIdentifier);

/** Picks the stored secret among the app's secrets: same hint, and the end date nearest the typed one on a tie. */
function matchSecret(secrets: PasswordCredential[], value: string, typed: string | null | undefined): PasswordCredential | null {
  const same = secrets.filter((s) => s.hint && s.hint === secretHint(value));
  if (same.length <= 1) return same[0] ?? null;
  const target = typed ? Date.parse(typed) : Date.now();
  return [...same].sort((a, b) => Math.abs(Date.parse(a.endDateTime ?? '') - target) - Math.abs(Date.parse(b.endDateTime ?? '') - target))[0];
}

async function readApp(cloud: ResolvedCloud, accessToken: string, v: CredentialValues, caller: Caller): Promise<Pick<TestResult, 'app' | 'expiry' | 'appReadProblem'>> {
  const client = graphClient({ cloud, accessToken: async () => accessToken }, { actor: caller.actor, authKeyId: caller.authKeyId }, { maxRetries: 2, timeoutMs: 15_000 });
  try {
    const app = (await client.api(`/applications(appId='${v.clientId}')`).select('id,displayName,passwordCredentials,keyCredentials').get()) as { id?: string; displayName?: string; passwordCredentials?: PasswordCredential[]; keyCredentials?: KeyCredential[] };
    const creds = app.passwordCredentials ?? [];
    const certs = app.keyCredentials ?? [];
    const storedThumbprint = v.certificate ? describeCertificate(v.certificate.certificatePem).thumbprintSha1 : null;
    const match = v.certificate ? null : matchSecret(creds, v.clientSecret, v.secretExpiresAt);
    const certMatch = storedThumbprint ? (certs.find((k) => thumbprintOf(k) === storedThumbprint) ?? null) : null;
    const typed = v.certificate ? null : v.secretExpiresAt || null;
    const end = (v.certificate ? certMatch?.endDateTime : match?.endDateTime) ?? null;
    return {
      app: {
        displayName: app.displayName ?? '',
        objectId: app.id ?? null,
        secrets: creds.map((c) => ({ keyId: c.keyId ?? '', hint: c.hint ?? null, displayName: c.displayName ?? null, endDateTime: c.endDateTime ?? null, stored: c === match })),
        certificates: certs.map((k) => ({ keyId: k.keyId ?? '', thumbprint: thumbprintOf(k), displayName: k.displayName ?? null, endDateTime: k.endDateTime ?? null, stored: k === certMatch })),
      },
      expiry: end ? { endDateTime: end, source: 'graph', typed, differs: Boolean(typed && typed !== end.slice(0, 10)) } : null,
      appReadProblem: match || certMatch ? null : v.certificate ? 'None of the app’s certificates has the stored certificate’s thumbprint, so its expiry could not be read.' : 'None of the app’s secrets starts with the stored secret’s first characters, so its expiry could not be read.',
    };
  } catch (error) {
    const f = graphFailure(error);
    return { app: null, expiry: null, appReadProblem: `Reading the app registration failed (${f.status || f.code}${f.requestId ? `, request-id ${f.requestId}` : ''}).` };
  }
}

/** The shared core: sign in with MSAL exactly as Pliant will, then compare and read the app. */
async function runTest(v: CredentialValues, caller: Caller): Promise<TestResult> {
  const started = Date.now();
  const testedAt = new Date().toISOString();
  const base = { accessType: v.accessType, roles: [], signedInAs: null, needed: [], missing: [], extra: [], app: null, expiry: null, appReadProblem: null, testedAt };
  let cloud: ResolvedCloud;
  try {
    cloud = resolveCloud(v.cloud);
  } catch (error) {
    return { ...base, outcome: 'failure', latencyMs: 0, diagnosis: diagnose(error), consentUrl: null };
  }
  const consentUrl = adminConsentUrl(cloud.authorityHost, v.tenantId, v.clientId);
  const info = v.certificate ? describeCertificate(v.certificate.certificatePem) : null;
  // The portal knows a certificate's end date exactly: an expired one is not worth a sign-in.
  if (info && Date.parse(info.notAfter) <= Date.now()) return { ...base, outcome: 'failure', latencyMs: 0, diagnosis: certificateExpired(info.notAfter), consentUrl };
  // A fresh instance every time: a test must prove the secret, and MSAL throttles per instance.
  const network = networkClientFor(cloud.ca);
  const credential = info && v.certificate ? { thumbprintSha256: info.thumbprintSha256, privateKey: v.certificate.privateKeyPem } : v.clientSecret;
  const app = newConfidentialClient(cloud, v.tenantId, v.clientId, credential, network);
  const scopes = [`${cloud.graphRoot}/.default`];
  let accessToken: string;
  try {
    const result =
      v.accessType === 'delegated'
        ? await withTimeout(app.acquireTokenByUsernamePassword({ scopes, username: v.username ?? '', password: v.password ?? '' }))
        : await withTimeout(app.acquireTokenByClientCredential({ scopes, skipCache: true }));
    if (!result?.accessToken) throw new Error('Entra ID answered without an access token.');
    accessToken = result.accessToken;
  } catch (error) {
    const diagnosis = diagnose(error, { network: network.lastFailure(), secrets: [v.clientSecret, v.password, v.certificate?.privateKeyPem] });
    return { ...base, outcome: 'failure', latencyMs: Date.now() - started, diagnosis, consentUrl };
  }
  const latencyMs = Date.now() - started;
  const claims = readClaims(accessToken);
  const delegated = v.accessType === 'delegated';
  const roles = delegated ? claims.scp : claims.roles;
  // Graph's delegated permissions carry the same names as the application ones the operations
  // need, so the scp is compared by name; the sign-in scopes say nothing about Graph access.
  const cmp = comparePermissions(delegated ? roles.filter((r) => !OIDC_SCOPES.has(r.toLowerCase())) : roles, v.operations);
  let diagnosis: Diagnosis | null = null;
  if (roles.length === 0) diagnosis = consentMissing(v.accessType);
  else if (cmp.missing.length > 0) diagnosis = delegated ? delegatedPermissionsMissing(cmp.missing) : permissionsMissing(cmp.missing);
  const canReadApp = permissionsAllow(roles, 'apps.read-expiry').allowed;
  const appInfo = canReadApp ? await readApp(cloud, accessToken, v, caller) : { app: null, expiry: null, appReadProblem: null };
  return { ...base, outcome: diagnosis ? 'failure' : 'success', roles, signedInAs: delegated ? (claims.upn ?? v.username ?? null) : null, needed: cmp.needed, missing: cmp.missing, extra: cmp.extra, latencyMs, diagnosis, consentUrl, ...appInfo };
}

/** The CredentialValues fields for a stored app credential. */
export function signInWith(stored: OpenCredential): Pick<CredentialValues, 'clientSecret' | 'certificate'> {
  return stored.kind === 'certificate' ? { clientSecret: '', certificate: { certificatePem: stored.certificatePem, privateKeyPem: stored.value } } : { clientSecret: stored.value, certificate: null };
}

const summary = (r: TestResult) => (r.diagnosis ? `${r.diagnosis.title}. ${r.diagnosis.explanation}` : `Signed in with ${r.roles.length} permission${r.roles.length === 1 ? '' : 's'}.`);

/**
 * Tests a stored key and records the result on the key, as a key_tests row and in the audit
 * log. Manual and rotation tests need an admin or operator; the scheduler passes
 * trigger 'scheduled' and runs without a session.
 */
export async function testConnection(keyId: string, options: { trigger: 'manual' | 'scheduled' | 'rotation'; actor?: Actor | null }): Promise<TestResult | null> {
  const actor = options.trigger === 'scheduled' ? (options.actor ?? null) : (options.actor ?? (await requireRole(KEY_TESTERS, 'keys.test')));
  const [key] = await getDb().select().from(authKeys).where(eq(authKeys.id, keyId));
  if (!key) return null;
  const secret = await openActiveCredential(keyId, 'app');
  const password = key.accessType === 'delegated' ? await openActiveCredential(keyId, 'password') : null;
  const meta = await activeCredential(keyId, 'app');
  const typed = meta?.expirySource === 'typed' ? meta.expiresAt : null;
  const result = secret && (key.accessType !== 'delegated' || password)
    ? await runTest(
        { accessType: key.accessType, cloud: key, tenantId: key.tenantId, clientId: key.clientId, ...signInWith(secret), username: key.username, password: password?.value, operations: key.operations, secretExpiresAt: typed },
        { actor, authKeyId: keyId },
      )
    : null;
  const final: TestResult = result ?? {
    outcome: 'failure', accessType: key.accessType, roles: [], signedInAs: null, needed: [], missing: [], extra: [], latencyMs: 0, consentUrl: null, app: null, expiry: null, appReadProblem: null, testedAt: new Date().toISOString(),
    diagnosis: secret
      ? { code: 'no_password', title: 'No password is stored', explanation: 'This Delegated key has no password for its Username. Edit the key and enter the account’s password.', step: 'Step 19', stage: 'key', traceId: null, correlationId: null }
      : { code: 'no_secret', title: 'No credential is stored', explanation: 'This key has no client secret or certificate. Replace the secret on this key’s page with the Value of a current secret.', step: 'Step 16', stage: 'key', traceId: null, correlationId: null },
  };
  await storeTestResult(keyId, final, { trigger: options.trigger, actor, credentialId: secret?.id ?? null });
  // A cached token carries the roles it was issued with: after a failure, or after consent
  // changed in Azure, the next provisioning call must sign in afresh.
  await forgetKeyTokens(keyId);
  return final;
}

/** Records a finished test on its key: the key's last test, its history row, Graph's expiry, the audit row. */
async function storeTestResult(keyId: string, final: TestResult, how: { trigger: 'manual' | 'scheduled' | 'rotation'; actor: { id: string; email: string } | null; credentialId: string | null }): Promise<void> {
  await recordKeyTest({
    keyId,
    trigger: how.trigger,
    actor: how.actor ? { id: how.actor.id, email: how.actor.email } : null,
    outcome: final.outcome,
    roles: final.roles,
    latencyMs: final.latencyMs,
    code: final.diagnosis?.code ?? null,
    message: summary(final),
    traceId: final.diagnosis?.traceId ?? null,
    correlationId: final.diagnosis?.correlationId ?? null,
    app: final.app ? { displayName: final.app.displayName, objectId: final.app.objectId } : null,
    graphExpiry: final.expiry && how.credentialId ? { credentialId: how.credentialId, endDateTime: final.expiry.endDateTime, azureKeyId: [...(final.app?.secrets ?? []), ...(final.app?.certificates ?? [])].find((s) => s.stored)?.keyId ?? null } : null,
    detail: { missing: final.missing, extra: final.extra, expiryFromGraph: final.expiry?.endDateTime ?? null },
  });
}

/**
 * The wizard's own test, made with the values just before they were saved, recorded as the new
 * key's first test: the same sign-in, with the same measured time, rather than a second one.
 */
export async function recordTestOfNewKey(keyId: string, result: TestResult): Promise<void> {
  const actor = await requireRole(KEY_WRITERS, 'keys.create');
  await storeTestResult(keyId, result, { trigger: 'manual', actor, credentialId: (await activeCredential(keyId, 'app'))?.id ?? null });
}

/**
 * Tests values that are not saved yet (the wizard; rotation testing a new secret before the
 * swap). With `keyId` and a blank secret or password, the stored ones are used. Audited,
 * never stored on a key.
 */
export async function testCredentialValues(input: CredentialValues & { keyId?: string; cloudId?: CloudId }, options: { actor?: Actor } = {}): Promise<TestResult> {
  const actor = options.actor ?? (await requireRole(input.keyId ? KEY_TESTERS : KEY_WRITERS, 'keys.test_values'));
  const values = { ...input };
  if (input.keyId && !values.clientSecret && !values.certificate) {
    const stored = await openActiveCredential(input.keyId, 'app');
    if (stored) Object.assign(values, signInWith(stored));
  }
  if (input.keyId && values.accessType === 'delegated' && !values.password) values.password = (await openActiveCredential(input.keyId, 'password'))?.value ?? '';
  const result = await runTest(values, { actor, authKeyId: input.keyId });
  await writeAudit(getDb(), {
    action: 'key.test',
    outcome: result.outcome,
    actor,
    targetType: 'unsaved_key',
    targetId: `${input.tenantId}/${input.clientId}`,
    authKeyId: input.keyId,
    detail: { unsaved: true, cloud: input.cloud.cloud, tenantId: input.tenantId, clientId: input.clientId, code: result.diagnosis?.code ?? null, roles: result.roles, latencyMs: result.latencyMs, traceId: result.diagnosis?.traceId ?? null },
  });
  return result;
}
