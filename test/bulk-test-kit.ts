import 'server-only';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { getDb, transaction } from '@/db';
import { authKeys } from '@/db/schema';
import { storeCredential } from '@/lib/dal/credentials';
import type { Actor } from '@/lib/auth/session';
import { acquireGraphToken } from '@/lib/entra/token';
import { trustedFetch } from '@/lib/net/https-fetch';
import { startPortalWithSandbox } from './portal-with-sandbox';

// For the bulk integration tests and the benchmark: a temporary portal (database, master key)
// beside an in-process sandbox tenant, with one tested authKey for Pliant Automation.

export const KIT_OPERATOR: Actor = { id: 'operator-1', email: 'operator@example.test', name: 'Operator', role: 'operator', mustChangePassword: false };

export type Kit = Awaited<ReturnType<typeof startKit>>;

export async function startKit(options: { latencyMs?: number } = {}) {
  const world = await startPortalWithSandbox();
  const { temp, sandbox, masterKey } = world;
  // Child processes (the crash test's job runner) find the same key through the environment.
  process.env.AUTHKEY_MASTER_KEY = masterKey.toString('base64');
  const tenant = sandbox.connection.tenants.find((t) => t.displayName === 'Contoso Sandbox')!;
  const app = tenant.apps.find((a) => a.displayName === 'Pliant Automation')!;
  const secret = [...app.secrets].sort((a, b) => b.expiresAt.localeCompare(a.expiresAt))[0];
  const ca = fs.readFileSync(sandbox.connection.caCertPath, 'utf8');

  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await trustedFetch(`${sandbox.url}/_sandbox/${path}`, {
      method,
      ca,
      headers: { authorization: `Bearer ${sandbox.connection.adminToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  if (options.latencyMs) await admin('POST', 'faults', { latencyMs: options.latencyMs });

  const keyId = randomUUID();
  await transaction(async (tx) => {
    await tx.insert(authKeys).values({ id: keyId, name: 'Bulk test key', cloud: 'sandbox', tenantId: tenant.id, clientId: app.clientId, operations: ['users.write'] });
    await storeCredential(tx, keyId, 'secret', secret.value, null);
  });
  // A real client-credentials sign-in, recorded as the key's passing test. (The full test
  // connection lives beside the session module, which scripts outside Next cannot load.)
  const token = await acquireGraphToken(keyId, { actor: KIT_OPERATOR });
  await getDb().update(authKeys).set({ lastTestedAt: new Date().toISOString(), lastTestOutcome: 'success', lastTestRoles: token.roles }).where(eq(authKeys.id, keyId));

  return {
    dir: temp.dir,
    /** For child processes: the temporary PostgreSQL database, when the tests run on one. */
    databaseUrl: temp.url,
    masterKey: masterKey.toString('base64'),
    sandbox,
    tenant,
    app,
    keyId,
    domain: tenant.domains[0],
    admin,
    /** The sandbox's request log since `since` (ms). */
    requests: async (since = 0) =>
      (await admin('GET', `requests?since=${since}`)).body.requests as { time: number; method: string; path: string; status: number; retryAfter?: number; requestId: string; batchRequestId?: string }[],
    userByUpn: async (upn: string) => {
      const r = await admin('GET', `state/users?upn=${encodeURIComponent(upn)}`);
      return r.status === 200 ? r.body : null;
    },
    close: world.close,
  };
}

/** A CSV in Entra's template with `count` users named bulk-<prefix>-<n>@domain. */
export function bulkCsv(domain: string, count: number, prefix: string, extra: (n: number) => string[] | null = () => null): string {
  const lines = ['version:v1.0', 'Name [displayName] Required,User name [userPrincipalName] Required,Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] Required,Department [department]'];
  for (let n = 1; n <= count; n++) lines.push((extra(n) ?? [`Bulk ${prefix} ${n}`, `bulk-${prefix}-${n}@${domain}`, `Passw0rd!${n}x`, 'No', 'Test']).join(','));
  return lines.join('\n');
}
