import 'server-only';
import { z } from 'zod';
import { getDb } from '@/db';
import { inGroupCommit } from '@/db/group-commit';
import { noteAnonymousDenial } from '@/lib/auth/anonymous-denials';
import { runAsApiToken } from '@/lib/auth/api-actor';
import { ForbiddenError } from '@/lib/auth/session';
import { authenticateApiToken, noteApiTokenUse, type ApiPrincipal } from '@/lib/dal/api-tokens';
import { writeAudit } from '@/lib/dal/audit-write';
import { logger } from '@/lib/log/logger';
import { clientAddressFrom } from '@/lib/security/client-address';
import { withApiSecurityHeaders } from '@/lib/security/request-policy';
import type { ApiAnswer, RouteDef } from './define';
import { beginIdempotent, fingerprintOf, finishIdempotent, IDEMPOTENCY_KEY_PATTERN } from './idempotency';
import { ApiProblem, fieldErrors } from './problem';
import { lastUseNeedsWrite } from './last-use';
import { spendRequest } from './rate-limit';
import { grantsAllow } from './scopes';

type NextContext = { params: Promise<Record<string, string | string[]>> };

const BEARER = /^Bearer\s+(\S+)\s*$/i;

async function principalFor(request: Request, address: string, what: string): Promise<ApiPrincipal> {
  const match = BEARER.exec(request.headers.get('authorization') ?? '');
  const challenge = { 'WWW-Authenticate': 'Bearer realm="authkey-portal"' };
  const found = match ? await authenticateApiToken(match[1]) : ({ refused: 'unknown' } as const);
  if ('actor' in found) return found;
  if (found.refused === 'unknown') {
    // Anonymous refusals are counted per address (one audit row a minute), as for pages.
    const noted = await noteAnonymousDenial(getDb(), what, address);
    if (noted.limited) throw new ApiProblem('rate-limited', 'Too many requests without a valid token from this address. Wait a minute.', { headers: { 'Retry-After': String(noted.retryAfterSeconds) } });
    throw new ApiProblem('unauthenticated', match ? 'The token is not known to this portal.' : 'Send an API token as "Authorization: Bearer akp_…". Create one in Settings → API tokens.', { headers: challenge });
  }
  await writeAudit(getDb(), { action: 'api.refused', outcome: 'denied', actorEmail: `API token ${found.prefix}`, targetType: 'api_token', targetId: found.tokenId, detail: { reason: found.refused, what, address } });
  const why = { 'token-expired': 'This API token has expired. Create a new one in Settings → API tokens.', 'token-revoked': 'This API token was revoked.', 'token-owner-inactive': 'The administrator who created this token is disabled or no longer an administrator, so the token no longer works.' }[found.refused];
  throw new ApiProblem(found.refused, why, { headers: challenge });
}

async function readBody(def: RouteDef, request: Request): Promise<{ raw: string; value: unknown }> {
  if (!def.body) return { raw: '', value: undefined };
  const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  const wanted = def.csvBody ? 'text/csv' : 'application/json';
  if (type !== wanted) throw new ApiProblem('unsupported-media-type', `Send the body as ${wanted}.`);
  const raw = await request.text();
  if (def.csvBody) return { raw, value: raw };
  try {
    return { raw, value: raw.trim() ? JSON.parse(raw) : {} };
  } catch {
    throw new ApiProblem('invalid-request', 'The body is not valid JSON.', { errors: { body: ['Not valid JSON.'] } });
  }
}

function parse<T extends z.ZodType>(schema: T | undefined, value: unknown, where: 'query' | 'body'): z.output<T> | Record<string, never> {
  if (!schema) return {};
  const r = schema.safeParse(value);
  if (!r.success) throw new ApiProblem('invalid-request', where === 'body' ? 'Some fields are not valid. Nothing was changed.' : 'Some query parameters are not valid.', { errors: fieldErrors(r.error.issues, where) });
  return r.data;
}

function toResponse(answer: ApiAnswer): Response {
  const status = answer.status ?? 200;
  const headers = { 'Cache-Control': 'no-store', ...answer.headers };
  if (answer.csv !== undefined) return new Response(answer.csv, { status, headers: { 'Content-Type': 'text/csv; charset=utf-8', ...headers } });
  if (status === 204) return new Response(null, { status, headers });
  return new Response(JSON.stringify(answer.json ?? {}), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

/**
 * The one path of every /api/v1 call: the Bearer token, its rate limits, its scope (refusals
 * audited), the path, query and body parsed with the route's zod schemas, Idempotency-Key, the
 * handler acting as the token's administrator, then one audit row with the token's last use.
 */
export function apiHandler(def: RouteDef) {
  const what = `api ${def.method} ${def.path}`;
  return async function handle(request: Request, context: NextContext): Promise<Response> {
    return withApiSecurityHeaders(await answer(request, context), request);
  };

  async function answer(request: Request, context: NextContext): Promise<Response> {
    const address = clientAddressFrom(request.headers);
    let principal: ApiPrincipal | null = null;
    let status = 500;
    try {
      principal = await principalFor(request, address, what);
      const rawParams = Object.fromEntries(Object.entries((await context?.params) ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join('/') : v]));
      const params = def.params ? def.params.safeParse(rawParams) : { success: true as const, data: {} };
      if (!params.success) throw new ApiProblem('not-found', 'No such resource.');
      const keyId = (params.data as { keyId?: string }).keyId;
      const spent = await spendRequest({ id: principal.actor.tokenId, requestsPerMinute: principal.requestsPerMinute }, keyId);
      if (!spent.ok) {
        throw new ApiProblem('rate-limited', `This ${spent.which === 'token' ? 'API token' : 'authKey'} may make ${spent.limit} requests a minute. Try again in ${spent.retryAfterSeconds} s.`, { headers: { 'Retry-After': String(spent.retryAfterSeconds) }, limit: spent.limit, retryAfterSeconds: spent.retryAfterSeconds });
      }
      if (def.scope && !grantsAllow(principal.grants, def.scope, def.perKey ? keyId : undefined)) {
        await writeAudit(getDb(), { action: 'api.refused', outcome: 'denied', actor: principal.actor, targetType: 'api_token', targetId: principal.actor.tokenId, authKeyId: keyId, detail: { reason: 'scope', scope: def.scope, what, address } });
        throw new ApiProblem('scope-missing', def.perKey ? `This token's ${def.scope} scope does not name this authKey.` : `This token lacks the ${def.scope} scope.`, { scope: def.scope });
      }
      const query = parse(def.query, Object.fromEntries(new URL(request.url).searchParams), 'query');
      const body = await readBody(def, request);
      const parsedBody = def.body ? parse(def.body, body.value, 'body') : undefined;
      const idemKey = def.idempotent ? request.headers.get('idempotency-key') : null;
      let idemId: string | null = null;
      if (idemKey !== null) {
        if (!IDEMPOTENCY_KEY_PATTERN.test(idemKey)) throw new ApiProblem('invalid-request', 'Idempotency-Key must be 1 to 255 printable characters.', { errors: { 'Idempotency-Key': ['1 to 255 printable ASCII characters.'] } });
        const begun = await beginIdempotent(principal.actor.tokenId, idemKey, fingerprintOf(def.method, new URL(request.url).pathname, body.raw));
        if (begun.state === 'reused') throw new ApiProblem('idempotency-key-reused', 'This Idempotency-Key was sent before with a different request. Use a new key for a new request.');
        if (begun.state === 'in-progress') throw new ApiProblem('idempotency-in-progress', 'The first request with this Idempotency-Key has not finished. Retry in a moment.', { headers: { 'Retry-After': '2' } });
        if (begun.state === 'replay') {
          status = begun.answer.status;
          return new Response(begun.answer.body, { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', 'Cache-Control': 'no-store', 'Idempotent-Replayed': 'true' } });
        }
        idemId = begun.id;
      }
      const actor = principal.actor;
      let response: Response;
      try {
        const answer = await runAsApiToken(actor, () => def.run({ params: params.data, query, body: parsedBody, principal: principal!, request } as never));
        response = toResponse(answer);
      } catch (error) {
        response = problemOf(error, what).toResponse();
      }
      if (idemId) await finishIdempotent(idemId, { status: response.status, body: await response.clone().text() });
      status = response.status;
      return response;
    } catch (error) {
      const problem = problemOf(error, what);
      status = problem.status;
      return problem.toResponse();
    } finally {
      if (principal) await recordCall(principal, { what, status, address });
    }
  }
}

function problemOf(error: unknown, what: string): ApiProblem {
  if (error instanceof ApiProblem) return error;
  if (error instanceof ForbiddenError) return new ApiProblem('scope-missing', error.message);
  logger().error({ err: error, what }, 'api call failed');
  return new ApiProblem('internal', 'The portal could not finish this request. Nothing was lost; try again, and see the portal log if it persists.');
}

async function recordCall(principal: ApiPrincipal, call: { what: string; status: number; address: string }): Promise<void> {
  try {
    await inGroupCommit(async () => {
      const tx = getDb();
      if (lastUseNeedsWrite(principal.lastUse, call.address)) await noteApiTokenUse(tx, principal.actor.tokenId, call.address);
      await writeAudit(tx, { action: 'api.call', outcome: call.status < 400 ? 'success' : call.status === 403 ? 'denied' : 'failure', actor: principal.actor, targetType: 'api_token', targetId: principal.actor.tokenId, detail: { what: call.what, status: call.status, address: call.address } });
    });
  } catch (error) {
    logger().error({ err: error, what: call.what }, 'could not record an api call');
  }
}
