import 'server-only';
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { trustedFetch } from '@/lib/net/https-fetch';

export const GRAPH_TIMEOUT_MS = 30_000;

function headersOf(context: Context): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (h: HeadersInit | undefined) => {
    if (!h) return;
    new Headers(h).forEach((value, name) => (out[name] = value));
  };
  if (typeof context.request !== 'string') add(context.request.headers);
  add(context.options?.headers as HeadersInit | undefined);
  return out;
}

/**
 * The last link of the Graph client's middleware chain: it sends the request through
 * trustedFetch (per-call CA, hard timeout, classified network failures) instead of global fetch.
 */
export class TrustedHttpHandler implements Middleware {
  constructor(private readonly ca: string | undefined, private readonly timeoutMs = GRAPH_TIMEOUT_MS) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const method = (typeof context.request === 'string' ? context.options?.method : context.request.method) ?? 'GET';
    const body = context.options?.body;
    context.response = await trustedFetch(url, {
      method,
      headers: headersOf(context),
      body: typeof body === 'string' || Buffer.isBuffer(body) ? body : body === undefined || body === null ? undefined : String(body),
      ca: this.ca,
      timeoutMs: this.timeoutMs,
    });
  }
}
