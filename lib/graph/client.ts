import 'server-only';
import { AuthenticationHandler, Client, GraphError, RetryHandler, RetryHandlerOptions, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import { getDb } from '@/db';
import { writeAudit } from '@/lib/dal/audit-write';
import type { ResolvedCloud } from '@/lib/entra/clouds';
import { NetworkError } from '@/lib/net/https-fetch';
import { TrustedHttpHandler } from './trusted-http';

export type GraphCaller = { actor?: { id: string; email: string } | null; authKeyId?: string | null };

/** What went wrong with a Graph call, without its body (which may echo what was sent). */
export type GraphFailure = { status: number; code: string; message: string; requestId: string | null; networkKind?: string };

/** Reads a failed call's status, Graph error code and request-id. Branch on `code`, never on `message`. */
export function graphFailure(error: unknown): GraphFailure {
  if (error instanceof NetworkError) return { status: 0, code: `network.${error.kind}`, message: error.message, requestId: null, networkKind: error.kind };
  if (error instanceof GraphError) {
    const requestId = error.requestId ?? error.headers?.get('request-id') ?? null;
    return { status: error.statusCode, code: error.code ?? 'unknown', message: error.message, requestId };
  }
  return { status: 0, code: 'unknown', message: error instanceof Error ? error.message : String(error), requestId: null };
}

// Query strings can carry user names ($filter): the audit keeps the path only.
function pathOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname);
  } catch {
    return url.split('?')[0];
  }
}

/** First link: one 'graph.request' audit row per call (after its retries), never with bodies. */
class AuditHandler implements Middleware {
  private next?: Middleware;
  constructor(private readonly caller: GraphCaller) {}
  setNext(next: Middleware) {
    this.next = next;
  }
  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const method = (typeof context.request === 'string' ? context.options?.method : context.request.method) ?? 'GET';
    const started = Date.now();
    const record = (outcome: 'success' | 'failure', status: number, requestId: string | null, extra: Record<string, unknown> = {}) =>
      writeAudit(getDb(), {
        action: 'graph.request',
        outcome,
        actor: this.caller.actor ?? null,
        actorEmail: this.caller.actor ? undefined : 'system',
        targetType: 'graph',
        targetId: `${method} ${pathOf(url)}`,
        authKeyId: this.caller.authKeyId ?? undefined,
        requestId: requestId ?? undefined,
        detail: { method, path: pathOf(url), status, latencyMs: Date.now() - started, ...extra },
      });
    try {
      await this.next!.execute(context);
    } catch (error) {
      await record('failure', 0, null, { network: error instanceof NetworkError ? error.kind : 'other' });
      throw error;
    }
    const status = context.response?.status ?? 0;
    await record(status >= 200 && status < 400 ? 'success' : 'failure', status, context.response?.headers.get('request-id') ?? null);
  }
}

export type GraphTarget = { cloud: ResolvedCloud; accessToken: () => Promise<string> };

/**
 * A Graph v1.0 client: Microsoft's client library with its RetryHandler (429, 503 and 504 only,
 * honouring Retry-After), our audit first and trustedFetch last. Never call it inside a
 * database transaction.
 */
export function graphClient(target: GraphTarget, caller: GraphCaller = {}, options: { maxRetries?: number; timeoutMs?: number } = {}): Client {
  const audit = new AuditHandler(caller);
  const auth = new AuthenticationHandler({ getAccessToken: target.accessToken });
  const retry = new RetryHandler(new RetryHandlerOptions(3, options.maxRetries ?? 3));
  const http = new TrustedHttpHandler(target.cloud.ca, options.timeoutMs);
  audit.setNext(auth);
  auth.setNext(retry);
  retry.setNext(http);
  return Client.initWithMiddleware({
    middleware: audit,
    baseUrl: `${target.cloud.graphRoot}/`,
    defaultVersion: 'v1.0',
    // The client adds the token only for Microsoft's Graph hosts unless told about others.
    customHosts: new Set([new URL(target.cloud.graphRoot).hostname]),
  });
}

/**
 * A Graph client signed in as a stored authKey (tokens from MSAL's cache, one client
 * application per key and credential). The caller authorizes: check the role first.
 */
export async function graphForKey(keyId: string, caller: Omit<GraphCaller, 'authKeyId'> = {}): Promise<Client> {
  // Imported lazily: token.ts imports the key tables, and this module should stay light.
  const { acquireGraphToken, keyCloud } = await import('@/lib/entra/token');
  const cloud = await keyCloud(keyId);
  return graphClient({ cloud, accessToken: async () => (await acquireGraphToken(keyId, caller)).accessToken }, { ...caller, authKeyId: keyId });
}

export { GraphError };
