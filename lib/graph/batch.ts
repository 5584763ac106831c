import 'server-only';
import type { Client } from '@microsoft/microsoft-graph-client';
import { graphSend, problemFromBody, type GraphProblem } from './operations/call';

/** Graph's JSON batching takes at most 20 requests (FACTS.md). */
export const MAX_BATCH = 20;

export type BatchRequest = { id: string; method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; body?: unknown };
export type BatchResponse = { id: string; status: number; headers: Record<string, string>; body: unknown };

export type BatchResult = { ok: true; requestId: string | null; responses: Map<string, BatchResponse> } | ({ ok: false } & GraphProblem);

/** 429, 503 and 504 are worth another try; nothing else is (DESIGN.md). */
export const isRetryable = (status: number) => status === 429 || status === 503 || status === 504;

/**
 * POST /$batch. The batch as a whole goes through the key's client, whose RetryHandler honours
 * Retry-After on a throttled batch; each sub-response is returned by id (Graph may shuffle them),
 * for the caller to retry the throttled ones after their own Retry-After.
 */
export async function sendBatch(client: Client, requests: BatchRequest[]): Promise<BatchResult> {
  if (requests.length === 0) return { ok: true, requestId: null, responses: new Map() };
  if (requests.length > MAX_BATCH) throw new Error(`A batch takes at most ${MAX_BATCH} requests, got ${requests.length}.`);
  const body = {
    requests: requests.map((r) => ({
      id: r.id,
      method: r.method,
      url: r.url,
      ...(r.body === undefined ? {} : { body: r.body, headers: { 'Content-Type': 'application/json' } }),
    })),
  };
  // Bulk work may ask to be throttled first, so that interactive use of the same tenant is not.
  const r = await graphSend<{ responses: BatchResponse[] }>(client, 'POST', '/$batch', body, { 'x-ms-throttle-priority': 'low' });
  if (!r.ok) return r;
  const responses = new Map<string, BatchResponse>();
  for (const sub of r.data?.responses ?? []) responses.set(String(sub.id), { ...sub, headers: lowerKeys(sub.headers ?? {}) });
  return { ok: true, requestId: r.requestId, responses };
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
}

/** A failed sub-response as a problem, with its own request-id and Retry-After. */
export function subProblem(sub: BatchResponse): GraphProblem {
  return problemFromBody(sub.status, sub.body, sub.headers['request-id'] ?? null, sub.headers['retry-after'] ?? null);
}

export const subRequestId = (sub: BatchResponse): string | null => sub.headers['request-id'] ?? null;
