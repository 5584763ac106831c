import 'server-only';
import { ResponseType, type Client } from '@microsoft/microsoft-graph-client';
import { TokenError } from '@/lib/entra/token';
import { graphFailure } from '../client';

/** One Graph answer, success or not: what the provisioning code branches on. */
export type GraphProblem = {
  status: number;
  /** Graph's error code ('Request_BadRequest'), 'network.timeout', or 'token.<AADSTS…>'. */
  code: string;
  message: string;
  requestId: string | null;
  /** error.details[].code, e.g. 'ObjectConflict' for a duplicate user principal name. */
  detailCodes: string[];
  retryAfterSeconds?: number;
};

export type GraphResult<T> = { ok: true; status: number; data: T; requestId: string | null } | ({ ok: false } & GraphProblem);

type ErrorBody = { error?: { code?: string; message?: string; details?: { code?: string }[]; innerError?: { 'request-id'?: string } } };

/** Reads a Graph error body (a whole response or a $batch sub-response). */
export function problemFromBody(status: number, body: unknown, requestId: string | null, retryAfter?: string | null): GraphProblem {
  const error = (body as ErrorBody | null)?.error;
  const retry = retryAfter ? Number(retryAfter) : undefined;
  return {
    status,
    code: error?.code ?? `http.${status}`,
    message: error?.message ?? `Microsoft Graph answered ${status}.`,
    requestId: error?.innerError?.['request-id'] ?? requestId,
    detailCodes: (error?.details ?? []).map((d) => d.code ?? '').filter(Boolean),
    ...(retry !== undefined && Number.isFinite(retry) ? { retryAfterSeconds: retry } : {}),
  };
}

/** A thrown failure (no token, no network, an error the client library raised) as a problem. */
export function problemFromError(error: unknown): GraphProblem {
  if (error instanceof TokenError) {
    const d = error.diagnosis;
    return { status: 0, code: `token.${d.code}`, message: `${d.title}. ${d.explanation}`, requestId: d.traceId, detailCodes: [] };
  }
  const f = graphFailure(error);
  return { status: f.status, code: f.code, message: f.message, requestId: f.requestId, detailCodes: [] };
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/**
 * Sends one request through the key's Graph client (retries, timeouts and audit included) and
 * returns the answer without throwing: RAW responses keep the request-id of successes too.
 */
export async function graphSend<T = unknown>(client: Client, method: Method, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<GraphResult<T>> {
  let response: Response;
  try {
    const request = client.api(path).responseType(ResponseType.RAW).headers(headers);
    // A Graph request, not a SQLite statement.
    // eslint-disable-next-line no-restricted-syntax
    if (method === 'GET') response = await request.get();
    else if (method === 'POST') response = await request.post(body ?? {});
    else if (method === 'PATCH') response = await request.patch(body ?? {});
    else response = await request.delete();
  } catch (error) {
    return { ok: false, ...problemFromError(error) };
  }
  const requestId = response.headers.get('request-id');
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (response.ok) return { ok: true, status: response.status, data: parsed as T, requestId };
  return { ok: false, ...problemFromBody(response.status, parsed, requestId, response.headers.get('retry-after')) };
}

/** Single quotes double inside an OData string literal. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
