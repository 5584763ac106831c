import 'server-only';
import type { AuthenticationResult, ConfidentialClientApplication } from '@azure/msal-node';
import { eq, sql } from 'drizzle-orm';
import { getDb } from '@/db';
import { preparedQuery } from '@/db/prepared';
import { authKeys } from '@/db/schema';
import { writeAudit } from '@/lib/dal/audit-write';
import { describeCertificate } from '@/lib/crypto/certificates';
import { openActiveCredential, type OpenCredential } from '@/lib/dal/credentials';
import { resolveCloud, type ResolvedCloud } from './clouds';
import { diagnose, type Diagnosis } from './diagnosis';
import { networkClientFor, newConfidentialClient, readClaims, withTimeout, type ClientCredential, type TrackedNetworkClient } from './msal';

/** A token request that failed, explained (never carrying the secret). */
export class TokenError extends Error {
  constructor(readonly diagnosis: Diagnosis) {
    super(`${diagnosis.title}: ${diagnosis.explanation}`);
    this.name = 'TokenError';
  }
}

type KeyRow = typeof authKeys.$inferSelect;

// On the token broker's path: prepared once (db/prepared.ts).
const keyById = preparedQuery('auth_key_by_id', (db) => db.select().from(authKeys).where(eq(authKeys.id, sql.placeholder('id'))));

async function keyRow(keyId: string): Promise<KeyRow> {
  const [row] = await keyById({ id: keyId });
  if (!row) throw new Error(`No authKey ${keyId}.`);
  return row;
}

/** The cloud a stored key talks to. */
export async function keyCloud(keyId: string): Promise<ResolvedCloud> {
  return resolveCloud(await keyRow(keyId));
}

// One client application per (cloud, tenant, client, credential): MSAL's token cache lives as
// long as the instance, so provisioning reuses tokens until they near expiry. A new secret is
// a new credential id, hence a new instance.
type Cached = { app: ConfidentialClientApplication; network: TrackedNetworkClient };
const globalForMsal = globalThis as unknown as { __authkeyMsalApps?: Map<string, Cached> };
const apps: Map<string, Cached> = (globalForMsal.__authkeyMsalApps ??= new Map<string, Cached>());

export type GraphToken = { accessToken: string; expiresOn: Date | null; roles: string[]; graphRoot: string };

/**
 * An app-only Graph token for a stored key, for provisioning. Audited as 'token.acquire' when
 * it went to the network (a cache hit is not an outbound call). Callers authorize first.
 */
export async function acquireGraphToken(keyId: string, caller: { actor?: { id: string; email: string } | null } = {}): Promise<GraphToken> {
  const key = await keyRow(keyId);
  const secret = await openActiveCredential(keyId, 'app');
  if (!secret) throw new TokenError({ code: 'no_secret', title: 'No credential is stored', explanation: 'This authKey has no client secret or certificate. Replace the secret on its page.', step: 'Step 16', stage: 'key', traceId: null, correlationId: null });
  const cloud = resolveCloud(key);
  const cacheKey = [key.cloud, cloud.authorityHost, key.tenantId, key.clientId, secret.id].join('|');
  let cached = apps.get(cacheKey);
  if (!cached) {
    const network = networkClientFor(cloud.ca);
    cached = { app: newConfidentialClient(cloud, key.tenantId, key.clientId, msalCredential(secret), network), network };
    apps.set(cacheKey, cached);
  }
  const started = Date.now();
  try {
    const app = cached.app;
    const result: AuthenticationResult | null = await withTimeout(app.acquireTokenByClientCredential({ scopes: [`${cloud.graphRoot}/.default`] }));
    if (!result) throw new Error('No token was returned.');
    if (!result.fromCache) {
      await writeAudit(getDb(), { action: 'token.acquire', outcome: 'success', actor: caller.actor ?? null, actorEmail: caller.actor ? undefined : 'system', targetType: 'auth_key', targetId: keyId, authKeyId: keyId, detail: { latencyMs: Date.now() - started } });
    }
    return { accessToken: result.accessToken, expiresOn: result.expiresOn, roles: readClaims(result.accessToken).roles, graphRoot: cloud.graphRoot };
  } catch (error) {
    const diagnosis = diagnose(error, { network: cached.network.lastFailure(), secrets: [secret.value] });
    // A failed instance may be throttled by MSAL itself: start afresh next time.
    apps.delete(cacheKey);
    await writeAudit(getDb(), { action: 'token.acquire', outcome: 'failure', actor: caller.actor ?? null, actorEmail: caller.actor ? undefined : 'system', targetType: 'auth_key', targetId: keyId, authKeyId: keyId, detail: { code: diagnosis.code, traceId: diagnosis.traceId, correlationId: diagnosis.correlationId } });
    throw new TokenError(diagnosis);
  }
}

/** What MSAL signs in with for a stored credential. */
export function msalCredential(stored: OpenCredential): ClientCredential {
  return stored.kind === 'certificate' ? { thumbprintSha256: describeCertificate(stored.certificatePem).thumbprintSha256, privateKey: stored.value } : stored.value;
}

/** Drops cached client applications of a key (after its secret or IDs changed). */
export async function forgetKeyTokens(keyId: string): Promise<void> {
  const [key] = await getDb().select({ tenantId: authKeys.tenantId, clientId: authKeys.clientId }).from(authKeys).where(eq(authKeys.id, keyId));
  for (const k of apps.keys()) if (!key || k.includes(`|${key.tenantId}|${key.clientId}|`)) apps.delete(k);
}
