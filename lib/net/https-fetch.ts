import 'server-only';
import http from 'node:http';
import https from 'node:https';

export type NetworkFailure = 'dns' | 'refused' | 'tls' | 'timeout' | 'reset' | 'other';

/** A call that never got an HTTP answer. `kind` lets callers explain it in plain words. */
export class NetworkError extends Error {
  constructor(
    readonly kind: NetworkFailure,
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

export type TrustedFetchInit = {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Extra CA to trust for this call only (the sandbox tenant's); system CAs otherwise. */
  ca?: string | Buffer;
  /** Hard limit for the whole exchange, response body included. */
  timeoutMs?: number;
};

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|HOSTNAME/;

function classify(error: NodeJS.ErrnoException): NetworkError {
  const code = error.code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new NetworkError('dns', `The host name could not be resolved (${code}).`, code);
  if (code === 'ECONNREFUSED') return new NetworkError('refused', 'The connection was refused: nothing is listening there.', code);
  if (code === 'ECONNRESET' || code === 'EPIPE') return new NetworkError('reset', 'The connection was closed unexpectedly.', code);
  if (TLS_CODES.test(code)) return new NetworkError('tls', `The server's TLS certificate is not trusted (${code}).`, code);
  return new NetworkError('other', error.message, code || undefined);
}

/**
 * fetch() for calls to Entra ID, Graph and the sandbox tenant: a per-call CA (never a global
 * NODE_TLS_REJECT_UNAUTHORIZED), a hard timeout, and failures classified for diagnosis.
 */
export function trustedFetch(url: string, init: TrustedFetchInit = {}): Promise<Response> {
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  const timeoutMs = init.timeoutMs ?? 15_000;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      target,
      { method: init.method ?? 'GET', headers: init.headers, ...(init.ca && target.protocol === 'https:' ? { ca: init.ca } : {}) },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => reject(classify(error)));
        response.on('end', () => {
          clearTimeout(timer);
          const headers = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
            else if (value !== undefined) headers.set(name, String(value));
          }
          const status = response.statusCode ?? 0;
          const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
          resolve(new Response(body, { status, statusText: response.statusMessage, headers }));
        });
      },
    );
    const timer = setTimeout(() => {
      request.destroy();
      reject(new NetworkError('timeout', `No answer within ${Math.round(timeoutMs / 1000)} s.`));
    }, timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(error instanceof NetworkError ? error : classify(error));
    });
    if (init.body !== undefined) request.write(init.body);
    request.end();
  });
}
