import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Actor } from '@/lib/auth/session';

// The API's own state on the running engine (SQLite, then PostgreSQL in the second run): tokens
// kept as hashes and refused when revoked, expired or orphaned; the rate limits counted in the
// database by rate-limiter-flexible; Idempotency-Key answers sealed and replayed. The routes
// served by app/api/v1 are exactly the ones the OpenAPI document describes.
vi.mock('@/lib/auth/session', () => import('@/test/fake-session'));
const { who } = await import('@/test/fake-session');
const { useTempDb } = await import('@/test/temp-db');
const { accounts, apiIdempotency, apiRateLimits, apiTokens, auditEvents } = await import('@/db/schema');
const { setMasterKey } = await import('@/lib/crypto/keyring');
const { toMasterKey } = await import('@/lib/crypto/envelope');
const tokens = await import('@/lib/dal/api-tokens');
const { spendRequest } = await import('./rate-limit');
const { beginIdempotent, finishIdempotent } = await import('./idempotency');
const { API_ROUTES } = await import('./registry');
const { openApiDocument } = await import('./openapi');
const { handlersFor } = await import('./registry');
const { CLIENT_ADDRESS_HEADER } = await import('@/lib/security/request-policy');

let temp: Awaited<ReturnType<typeof useTempDb>>;
let admin: Actor;

beforeEach(async () => {
  temp = await useTempDb();
  setMasterKey(toMasterKey(Buffer.alloc(32, 7)));
  admin = { id: randomUUID(), email: 'admin@example.test', name: 'Admin', role: 'admin', mustChangePassword: false };
  await temp.db.insert(accounts).values({ id: admin.id, email: admin.email, name: admin.name, role: 'admin', passwordHash: 'x' });
  who.actor = admin;
});
afterEach(async () => {
  setMasterKey(undefined);
  await temp.close();
});

const grants = { name: 'CI', days: 90, requestsPerMinute: 600, grants: [{ scope: 'keys:read' as const }] };

describe('API tokens', () => {
  it('keeps only a hash, acts as its administrator, and is refused once revoked, expired or orphaned', async () => {
    const created = await tokens.createApiToken(grants);
    if (!('token' in created)) throw new Error('not created');
    const [row] = await temp.db.select().from(apiTokens);
    expect(row.tokenHash).toBe(tokens.hashApiToken(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token.slice(4));
    expect(JSON.stringify(await temp.db.select().from(auditEvents))).not.toContain(created.token.slice(4));
    const ok = await tokens.authenticateApiToken(created.token);
    expect(ok).toMatchObject({ actor: { id: admin.id, role: 'admin', tokenId: row.id } });
    expect(await tokens.authenticateApiToken(tokens.newApiToken())).toEqual({ refused: 'unknown' });
    expect(await tokens.authenticateApiToken(created.token, Date.parse(row.expiresAt) + 1)).toMatchObject({ refused: 'token-expired' });
    await temp.db.update(accounts).set({ role: 'operator' }).where(eq(accounts.id, admin.id));
    expect(await tokens.authenticateApiToken(created.token)).toMatchObject({ refused: 'token-owner-inactive' });
    await temp.db.update(accounts).set({ role: 'admin' }).where(eq(accounts.id, admin.id));
    expect(await tokens.revokeApiToken(row.id)).toMatchObject({ status: 'success' });
    expect(await tokens.authenticateApiToken(created.token)).toMatchObject({ refused: 'token-revoked' });
    expect(await tokens.revokeApiToken(row.id)).toMatchObject({ status: 'error' });
    expect((await temp.db.select().from(auditEvents)).map((e) => e.action).sort()).toEqual(['api_token.create', 'api_token.revoke']);
  });

  it('cannot be created or listed by an operator or auditor', async () => {
    for (const role of ['operator', 'auditor'] as const) {
      who.actor = { ...admin, role };
      await expect(tokens.createApiToken(grants)).rejects.toThrow(/role/);
      await expect(tokens.listApiTokens()).rejects.toThrow(/role/);
    }
    expect(await temp.db.select().from(apiTokens)).toHaveLength(0);
  });
});

describe('rate limits in the database', () => {
  it('refuses the request past the token’s allowance with the seconds to wait, and counts per authKey too', async () => {
    const token = { id: randomUUID(), requestsPerMinute: 2 };
    expect(await spendRequest(token)).toEqual({ ok: true });
    expect(await spendRequest(token)).toEqual({ ok: true });
    const third = await spendRequest(token);
    expect(third).toMatchObject({ ok: false, which: 'token', limit: 2 });
    expect(third.ok === false && third.retryAfterSeconds).toBeGreaterThan(0);
    const [counter] = await temp.db.select().from(apiRateLimits).where(eq(apiRateLimits.key, `token:${token.id}`));
    expect(counter.points).toBe(3);
    expect(counter.expire!.getTime() - Date.now()).toBeGreaterThan(55_000);
    // Once the minute is over, the count starts again from this request.
    await temp.db.update(apiRateLimits).set({ expire: new Date(Date.now() - 1) }).where(eq(apiRateLimits.key, counter.key));
    expect(await spendRequest(token)).toEqual({ ok: true });
    const [fresh] = await temp.db.select().from(apiRateLimits).where(eq(apiRateLimits.key, counter.key));
    expect(fresh.points).toBe(1);
    expect(fresh.expire!.getTime()).toBeGreaterThan(Date.now() + 55_000);
    vi.stubEnv('API_KEY_REQUESTS_PER_MINUTE', '1');
    try {
      const key = randomUUID();
      expect(await spendRequest({ id: randomUUID(), requestsPerMinute: 100 }, key)).toEqual({ ok: true });
      expect(await spendRequest({ id: randomUUID(), requestsPerMinute: 100 }, key)).toMatchObject({ ok: false, which: 'authKey', limit: 1 });
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('a call through the pipeline', () => {
  it('writes an audit row every time and the token’s last use at most once a minute per address', async () => {
    const created = await tokens.createApiToken(grants);
    if (!('token' in created)) throw new Error('not created');
    const { GET } = handlersFor('/token-info') as { GET: (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response> };
    const call = async (address: string) => {
      const r = await GET(new Request('http://portal.test/api/v1/token-info', { headers: { authorization: `Bearer ${created.token}`, [CLIENT_ADDRESS_HEADER]: address } }), { params: Promise.resolve({}) });
      expect(r.status).toBe(200);
      // The audit row and the last use are written by a group commit after the answer.
      await new Promise((done) => setTimeout(done, 50));
    };
    const lastUse = async () => (await temp.db.select({ at: apiTokens.lastUsedAt, address: apiTokens.lastUsedAddress }).from(apiTokens))[0];
    await call('10.0.0.1');
    const first = await lastUse();
    expect(first.address).toBe('10.0.0.1');
    const halfAMinuteAgo = new Date(Date.now() - 30_000).toISOString();
    await temp.db.update(apiTokens).set({ lastUsedAt: halfAMinuteAgo });
    await call('10.0.0.1');
    expect(await lastUse(), 'the same address within the minute').toEqual({ at: halfAMinuteAgo, address: '10.0.0.1' });
    await call('10.0.0.2');
    const moved = await lastUse();
    expect(moved.address).toBe('10.0.0.2');
    expect(moved.at! > halfAMinuteAgo).toBe(true);
    const calls = (await temp.db.select().from(auditEvents)).filter((e) => e.action === 'api.call');
    expect(calls).toHaveLength(3);
  });
});

describe('Idempotency-Key', () => {
  it('replays the sealed first answer, refuses another body under the same key, and forgets a 5xx', async () => {
    const first = await beginIdempotent('t1', 'k1', 'fp-a');
    expect(first.state).toBe('new');
    expect(await beginIdempotent('t1', 'k1', 'fp-a')).toEqual({ state: 'in-progress' });
    await finishIdempotent((first as { id: string }).id, { status: 201, body: '{"password":"Generated-Pw-1"}' });
    const [stored] = await temp.db.select().from(apiIdempotency);
    expect(stored.response).not.toContain('Generated-Pw-1');
    expect(await beginIdempotent('t1', 'k1', 'fp-a')).toEqual({ state: 'replay', answer: { status: 201, body: '{"password":"Generated-Pw-1"}' } });
    expect(await beginIdempotent('t1', 'k1', 'fp-b')).toEqual({ state: 'reused' });
    expect((await beginIdempotent('t2', 'k1', 'fp-b')).state, 'keys belong to one token').toBe('new');
    const failed = await beginIdempotent('t1', 'k2', 'fp-c');
    await finishIdempotent((failed as { id: string }).id, { status: 502, body: '{}' });
    expect((await beginIdempotent('t1', 'k2', 'fp-c')).state, 'an outside failure can be retried').toBe('new');
  });
});

describe('the routes of /api/v1', () => {
  it('are served by app/api/v1 route files exactly as defined, and all in the OpenAPI document', () => {
    const served: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name === 'route.ts') {
          const m = /export const \{ ([A-Z, ]+) \} = handlersFor\('([^']+)'\)/.exec(fs.readFileSync(full, 'utf8'));
          if (!m) continue;
          const fromDir = path.relative('app/api/v1', dir).split(path.sep).map((s) => s.replace(/^\[(.+)\]$/, '{$1}')).join('/');
          expect(m[2], full).toBe(`/${fromDir}`);
          for (const method of m[1].split(', ')) served.push(`${method} ${m[2]}`);
        }
      }
    };
    walk('app/api/v1');
    const defined = API_ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(served.sort()).toEqual([...defined].sort());
    const doc = openApiDocument() as unknown as { openapi: string; paths: Record<string, Record<string, { operationId: string }>> };
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`));
    expect(documented.sort()).toEqual([...defined].sort());
    expect(new Set(API_ROUTES.map((r) => r.operationId)).size).toBe(API_ROUTES.length);
  });
});
