import 'server-only';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { getDb, transaction } from '@/db';
import { preparedQuery } from '@/db/prepared';
import { accounts, apiTokens, authKeys } from '@/db/schema';
import type { ApiActor } from '@/lib/auth/api-actor';
import { requireRole } from '@/lib/auth/session';
import { writeAudit } from '@/lib/dal/audit-write';
import { describeGrant, type Grant } from '@/lib/api/scopes';
import type { LastUse } from '@/lib/api/last-use';
import { failure, type ActionState } from '@/lib/validation/action-state';
import type { ApiTokenInput } from '@/lib/validation/api-tokens';

const TOKEN_ADMINS = ['admin'] as const;

export type ApiTokenDto = {
  id: string;
  name: string;
  prefix: string;
  grants: { scope: string; keyIds?: string[]; keyNames?: string[] }[];
  requestsPerMinute: number;
  createdByEmail: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  lastUsedAddress: string | null;
  state: 'active' | 'expired' | 'revoked';
};

export const hashApiToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** akp_ and 43 base64url characters: 256 random bits, recognisable by secret scanners. */
export function newApiToken(): string {
  return `akp_${randomBytes(32).toString('base64url')}`;
}

function stateOf(row: { revokedAt: string | null; expiresAt: string }, now = Date.now()): ApiTokenDto['state'] {
  if (row.revokedAt) return 'revoked';
  return Date.parse(row.expiresAt) <= now ? 'expired' : 'active';
}

export async function listApiTokens(): Promise<ApiTokenDto[]> {
  await requireRole(TOKEN_ADMINS, 'api_tokens.list');
  const db = getDb();
  const rows = await db.select().from(apiTokens).orderBy(desc(apiTokens.createdAt));
  const names = new Map((await db.select({ id: authKeys.id, name: authKeys.name }).from(authKeys)).map((k) => [k.id, k.name]));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    grants: r.grants.map((g) => (g.keyIds ? { ...g, keyNames: g.keyIds.map((id) => names.get(id) ?? 'deleted authKey') } : g)),
    requestsPerMinute: r.requestsPerMinute,
    createdByEmail: r.createdByEmail,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    revokedAt: r.revokedAt,
    lastUsedAt: r.lastUsedAt,
    lastUsedAddress: r.lastUsedAddress,
    state: stateOf(r),
  }));
}

export type CreatedApiToken = { status: 'success'; id: string; token: string; name: string };

/** Creates a token; its value is returned here once and only its hash is kept. */
export async function createApiToken(input: ApiTokenInput, now = new Date()): Promise<CreatedApiToken | ActionState> {
  const actor = await requireRole(TOKEN_ADMINS, 'api_tokens.create');
  const wanted = [...new Set(input.grants.flatMap((g) => g.keyIds ?? []))];
  if (wanted.length) {
    const found = new Set((await getDb().select({ id: authKeys.id }).from(authKeys).where(inArray(authKeys.id, wanted))).map((k) => k.id));
    const missing = wanted.filter((id) => !found.has(id));
    if (missing.length) return failure('An authKey you chose no longer exists. Reload the page and choose again.', { keyIds: ['An authKey you chose no longer exists.'] });
  }
  const token = newApiToken();
  const id = randomUUID();
  const expiresAt = new Date(now.getTime() + input.days * 86_400_000).toISOString();
  await transaction(async (tx) => {
    await tx.insert(apiTokens).values({
      id,
      name: input.name,
      prefix: token.slice(0, 12),
      tokenHash: hashApiToken(token),
      grants: input.grants,
      requestsPerMinute: input.requestsPerMinute,
      createdBy: actor.id,
      createdByEmail: actor.email,
      expiresAt,
    });
    await writeAudit(tx, { action: 'api_token.create', outcome: 'success', actor, targetType: 'api_token', targetId: id, detail: { name: input.name, prefix: token.slice(0, 12), scopes: input.grants.map(describeGrant), expiresAt, requestsPerMinute: input.requestsPerMinute } });
  });
  return { status: 'success', id, token, name: input.name };
}

export async function revokeApiToken(id: string): Promise<ActionState> {
  const actor = await requireRole(TOKEN_ADMINS, 'api_tokens.revoke');
  return transaction(async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date().toISOString(), revokedBy: actor.id })
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
      .returning({ name: apiTokens.name, prefix: apiTokens.prefix });
    if (!row) return failure('This token does not exist or was already revoked.');
    await writeAudit(tx, { action: 'api_token.revoke', outcome: 'success', actor, targetType: 'api_token', targetId: id, detail: { name: row.name, prefix: row.prefix } });
    return { status: 'success', message: `The token “${row.name}” was revoked. Requests with it are refused from now on.` };
  });
}

export type ApiPrincipal = { actor: ApiActor; grants: Grant[]; requestsPerMinute: number; name: string; lastUse: LastUse };
export type TokenRefusal = { refused: 'unknown' | 'token-expired' | 'token-revoked' | 'token-owner-inactive'; tokenId?: string; prefix?: string };

// On every API call's path: prepared once (db/prepared.ts).
const tokenByHash = preparedQuery('api_token_by_hash', (db) =>
  db
    .select({ token: apiTokens, owner: { id: accounts.id, email: accounts.email, name: accounts.name, role: accounts.role, disabled: accounts.disabled } })
    .from(apiTokens)
    .leftJoin(accounts, eq(accounts.id, apiTokens.createdBy))
    .where(eq(apiTokens.tokenHash, sql.placeholder('hash')))
    .limit(1),
);

/**
 * Who a Bearer token acts for: the administrator who created it, re-read on every request so
 * that disabling the account or changing its role stops its tokens at once.
 */
export async function authenticateApiToken(token: string, now = Date.now()): Promise<ApiPrincipal | TokenRefusal> {
  const [row] = await tokenByHash({ hash: hashApiToken(token) });
  if (!row) return { refused: 'unknown' };
  const { token: t, owner } = row;
  const ref = { tokenId: t.id, prefix: t.prefix };
  if (t.revokedAt) return { refused: 'token-revoked', ...ref };
  if (Date.parse(t.expiresAt) <= now) return { refused: 'token-expired', ...ref };
  if (!owner || owner.disabled || owner.role !== 'admin') return { refused: 'token-owner-inactive', ...ref };
  const actor: ApiActor = { id: owner.id, email: `${owner.email} (API token ${t.prefix})`, name: owner.name, role: owner.role, mustChangePassword: false, tokenId: t.id, tokenPrefix: t.prefix };
  return { actor, grants: t.grants as Grant[], requestsPerMinute: t.requestsPerMinute, name: t.name, lastUse: { at: t.lastUsedAt, address: t.lastUsedAddress } };
}

/** The token's last use, written with the call's audit row. */
export async function noteApiTokenUse(tx: Pick<ReturnType<typeof getDb>, 'update'>, tokenId: string, address: string, at = new Date().toISOString()): Promise<void> {
  await tx.update(apiTokens).set({ lastUsedAt: at, lastUsedAddress: address }).where(eq(apiTokens.id, tokenId));
}
