import type { SandboxContext } from '../context';
import type { GraphCaller } from '../identity/tokens';
import type { TenantState } from '../state/types';
import { GraphError, graphErrorBody, graphErrors } from './errors';
import { executeGraph, newRequestId } from './router';
import { json, type GraphResponse } from './types';

const MAX_REQUESTS = 20;
const METHODS = new Set(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']);

interface SubRequest {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  dependsOn: string[];
}

/** Whole-batch validation: any problem here fails the entire batch with 400, as Graph does. */
function parseBatch(body: unknown): SubRequest[] {
  const requests = (body as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests)) throw graphErrors.badRequest('Invalid batch payload format.', 'BadRequest');
  if (requests.length === 0) throw graphErrors.badRequest('The batch request must contain at least one request.', 'BadRequest');
  if (requests.length > MAX_REQUESTS) {
    throw graphErrors.badRequest(`The number of requests in a batch cannot exceed ${MAX_REQUESTS}. This batch contains ${requests.length}.`, 'BadRequest');
  }
  const seen = new Set<string>();
  return requests.map((raw: Record<string, unknown>) => {
    const id = typeof raw?.id === 'string' || typeof raw?.id === 'number' ? String(raw.id) : '';
    if (!id) throw graphErrors.badRequest('Each request in a batch needs an id.', 'BadRequest');
    if (seen.has(id)) throw graphErrors.badRequest(`Request id '${id}' is duplicated in the batch. Request ids must be unique.`, 'BadRequest');
    const method = String(raw.method ?? '').toUpperCase();
    if (!METHODS.has(method)) throw graphErrors.badRequest(`Request id '${id}' has an invalid method '${raw.method}'.`, 'BadRequest');
    const url = typeof raw.url === 'string' ? raw.url : '';
    if (!url || /^[a-z][a-z0-9+.-]*:/i.test(url)) {
      throw graphErrors.badRequest(`Request id '${id}' has an invalid url '${url}': it must be relative, e.g. "/users".`, 'BadRequest');
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries((raw.headers ?? {}) as Record<string, unknown>)) headers[k.toLowerCase()] = String(v);
    if (raw.body !== undefined && raw.body !== null && !headers['content-type']) {
      throw graphErrors.badRequest(`Write request id : ${id} does not contain Content-Type header or body.`, 'BadRequest');
    }
    const dependsOn = raw.dependsOn === undefined ? [] : raw.dependsOn;
    if (!Array.isArray(dependsOn) || dependsOn.some((d) => !seen.has(String(d)))) {
      throw graphErrors.badRequest(`Request id '${id}' depends on a request that is not earlier in the batch.`, 'BadRequest');
    }
    seen.add(id);
    return { id, method, url, headers, body: raw.body ?? undefined, dependsOn: dependsOn.map(String) };
  });
}

function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * POST /$batch. Sub-requests run in order (so dependsOn holds), each faulted and throttled on
 * its own; a request whose dependency failed gets 424. Responses come back shuffled, because
 * Graph does not promise request order either: clients must match them by id.
 */
export function handleBatch(ctx: SandboxContext, caller: GraphCaller, tenant: TenantState, body: unknown, batchRequestId: string): GraphResponse {
  let requests: SubRequest[];
  try {
    requests = parseBatch(body);
  } catch (err) {
    if (err instanceof GraphError) return { status: err.status, body: graphErrorBody(err, batchRequestId) };
    throw err;
  }
  const statuses = new Map<string, number>();
  const responses = requests.map((sub) => {
    const requestId = newRequestId();
    let response: GraphResponse;
    const failed = sub.dependsOn.find((d) => (statuses.get(d) ?? 0) >= 400);
    const [pathPart, queryPart = ''] = (sub.url.startsWith('/') ? sub.url : `/${sub.url}`).split(/\?(.*)/s);
    if (failed !== undefined) {
      const err = new GraphError(424, 'FailedDependency', `The request was not executed because request '${failed}', which it depends on, failed.`);
      response = { status: 424, body: graphErrorBody(err, requestId) };
    } else if (pathPart.split('/').filter(Boolean)[0] === '$batch') {
      response = { status: 400, body: graphErrorBody(graphErrors.badRequest('A batch cannot contain another batch.', 'BadRequest'), requestId) };
    } else {
      response = executeGraph(ctx, caller, tenant, {
        method: sub.method, path: pathPart, query: new URLSearchParams(queryPart), headers: sub.headers, body: sub.body,
      }, requestId);
    }
    statuses.set(sub.id, response.status);
    const headers: Record<string, string> = { 'request-id': requestId, ...(response.headers ?? {}) };
    if (response.body !== undefined) headers['Content-Type'] ??= typeof response.body === 'string' ? 'text/plain' : 'application/json';
    ctx.requestLog.add({
      time: Date.now(), method: sub.method, path: `/v1.0${pathPart}`, clientId: caller.appId, status: response.status,
      retryAfter: headers['Retry-After'] ? Number(headers['Retry-After']) : undefined, requestId, batchRequestId,
    });
    return { id: sub.id, status: response.status, headers, ...(response.body !== undefined ? { body: response.body } : {}) };
  });
  return json(200, { responses: shuffled(responses) });
}
