import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { handleAdmin } from '../admin/routes';
import type { SandboxConnection } from '../connection';
import type { SandboxContext } from '../context';
import { handleBatch } from '../graph/batch';
import { GraphError, graphErrorBody } from '../graph/errors';
import { authenticate, executeGraph, faultResponse } from '../graph/router';
import { handleSignIns } from '../graph/sign-ins';
import type { GraphResponse } from '../graph/types';
import { AadstsError, aadstsBody } from '../identity/aadsts';
import { jwks, openIdConfiguration } from '../identity/metadata';
import { handleTokenRequest, resolveTenant } from '../identity/token-endpoint';

const MAX_BODY_BYTES = 4 * 1024 * 1024;
const GRAPH_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function lowerHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body?: unknown, contentType = 'application/json; charset=utf-8'): void {
  const payload = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  const all: Record<string, string> = { ...headers };
  if (body !== undefined && !Object.keys(all).some((k) => k.toLowerCase() === 'content-type')) all['Content-Type'] = contentType;
  res.writeHead(status, all);
  res.end(payload);
}

function parseJson(raw: string): { ok: true; value: unknown } | { ok: false } {
  if (raw.trim() === '') return { ok: true, value: undefined };
  try { return { ok: true, value: JSON.parse(raw) }; } catch { return { ok: false }; }
}

/** Builds the request listener: Graph under /v1.0, identity under /{tenant}/, admin under /_sandbox/. */
export function createHandler(ctx: SandboxContext, connection: () => SandboxConnection, log: (line: string) => void) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = randomUUID();
    const url = new URL(req.url ?? '/', ctx.baseUrl);
    const method = (req.method ?? 'GET').toUpperCase();
    const headers = lowerHeaders(req);
    const base: Record<string, string> = { 'request-id': requestId, 'client-request-id': headers['client-request-id'] ?? requestId };
    let logged: { clientId?: string; status: number; retryAfter?: number } | null = null;
    try {
      const raw = await readBody(req);
      if (url.pathname.startsWith('/_sandbox/')) {
        const parsed = parseJson(raw);
        const result = parsed.ok
          ? handleAdmin(ctx, connection, { method, path: url.pathname, query: url.searchParams, authorization: headers.authorization, body: parsed.value })
          : { status: 400, body: { error: { code: 'BadRequest', message: 'The body is not valid JSON.' } } };
        send(res, result.status, base, result.body);
        return;
      }
      if (ctx.faults.latencyMs > 0) await sleep(ctx.faults.latencyMs);

      if (url.pathname === '/v1.0' || url.pathname.startsWith('/v1.0/')) {
        const path = url.pathname.slice('/v1.0'.length) || '/';
        const auth = authenticate(ctx, headers, requestId);
        let response: GraphResponse;
        let clientId: string | undefined;
        const parsed = parseJson(raw);
        if ('response' in auth) {
          response = auth.response;
        } else if (!parsed.ok) {
          clientId = auth.caller.appId;
          response = { status: 400, body: graphErrorBody(new GraphError(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.'), requestId) };
        } else {
          clientId = auth.caller.appId;
          if (path.replace(/\/+$/, '') === '/$batch' && method === 'POST') {
            // A forced fault may hit the batch as a whole; random faults and throttling apply per sub-request.
            const fault = ctx.faults.forced(method, '/v1.0/$batch');
            response = fault ? faultResponse(fault, requestId) : handleBatch(ctx, auth.caller, auth.tenant, parsed.value, requestId);
          } else {
            response = executeGraph(ctx, auth.caller, auth.tenant, { method, path, query: url.searchParams, headers, body: parsed.value }, requestId);
          }
        }
        const retryAfter = response.headers?.['Retry-After'];
        logged = { clientId, status: response.status, retryAfter: retryAfter ? Number(retryAfter) : undefined };
        const contentType = typeof response.body === 'string' ? 'text/plain' : GRAPH_JSON;
        send(res, response.status, { ...base, ...(response.headers ?? {}) }, response.body, contentType);
        return;
      }

      // Graph beta: only the service principal sign-in log (sandbox/graph/sign-ins.ts).
      if (url.pathname.startsWith('/beta/')) {
        const auth = authenticate(ctx, headers, requestId);
        let response: GraphResponse;
        if ('response' in auth) response = auth.response;
        else if (method === 'GET' && url.pathname.replace(/\/+$/, '') === '/beta/auditLogs/signIns') {
          try {
            response = handleSignIns(ctx.baseUrl, auth.caller, auth.tenant, url.searchParams);
          } catch (error) {
            if (!(error instanceof GraphError)) throw error;
            response = { status: error.status, body: graphErrorBody(error, requestId) };
          }
        } else response = { status: 400, body: graphErrorBody(new GraphError(400, 'BadRequest', `The sandbox serves beta only for GET /beta/auditLogs/signIns, not ${method} ${url.pathname}.`), requestId) };
        logged = { clientId: 'caller' in auth ? auth.caller.appId : undefined, status: response.status };
        send(res, response.status, base, response.body, GRAPH_JSON);
        return;
      }

      // Identity: /{tenant}/oauth2/v2.0/token, /{tenant}/v2.0/.well-known/openid-configuration, /{tenant}/discovery/v2.0/keys
      const match = /^\/([^/]+)\/(oauth2\/v2\.0\/token|v2\.0\/\.well-known\/openid-configuration|discovery\/v2\.0\/keys)$/.exec(url.pathname);
      if (match) {
        const segment = decodeURIComponent(match[1]);
        const identityHeaders = { ...base, 'x-ms-request-id': requestId, 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' };
        if (match[2] === 'oauth2/v2.0/token') {
          if (method !== 'POST') {
            send(res, 405, identityHeaders, { error: 'invalid_request', error_description: 'The token endpoint only accepts POST.' });
            logged = { status: 405 };
            return;
          }
          const result = handleTokenRequest(ctx, segment, new URLSearchParams(raw));
          if ('error' in result) {
            const body = aadstsBody(result.error, { authorityHost: ctx.baseUrl, correlationId: headers['client-request-id'] });
            send(res, result.error.status, identityHeaders, body);
            logged = { clientId: result.clientId, status: result.error.status };
          } else {
            send(res, result.status, identityHeaders, result.body);
            logged = { clientId: result.clientId, status: result.status };
          }
          return;
        }
        try {
          const tenant = resolveTenant(ctx, segment);
          const body = match[2].startsWith('discovery') ? jwks(ctx, tenant) : openIdConfiguration(ctx, tenant);
          send(res, 200, base, body);
          logged = { status: 200 };
        } catch (err) {
          if (!(err instanceof AadstsError)) throw err;
          send(res, 400, base, aadstsBody(err, { authorityHost: ctx.baseUrl, correlationId: headers['client-request-id'] }));
          logged = { status: 400 };
        }
        return;
      }
      if (url.pathname === '/' && method === 'GET') {
        send(res, 200, base, { name: 'authKey Portal sandbox tenant', authorityHost: ctx.baseUrl, graphEndpoint: ctx.baseUrl, docs: 'sandbox/README.md' });
        logged = { status: 200 };
        return;
      }
      send(res, 404, base, { error: { code: 'NotFound', message: `No sandbox endpoint at ${url.pathname}.` } });
      logged = { status: 404 };
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        send(res, 413, base, { error: { code: 'RequestEntityTooLarge', message: 'The request body is too large.' } });
        logged = { status: 413 };
        return;
      }
      log(`${method} ${url.pathname} failed: ${(err as Error).stack ?? err}`);
      if (!res.headersSent) send(res, 500, base, { error: { code: 'InternalServerError', message: 'The sandbox failed to handle this request.' } });
      logged = { status: 500 };
    } finally {
      if (logged) {
        ctx.requestLog.add({ time: Date.now(), method, path: url.pathname, requestId, ...logged });
      }
    }
  };
}
