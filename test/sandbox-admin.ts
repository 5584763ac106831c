import { trustedFetch } from '@/lib/net/https-fetch';
import { readSandboxConnection } from '@/lib/sandbox/connection';

/** A call to the running sandbox's admin API over HTTPS, as tests set up and inspect it. An empty answer is `{}`. */
export async function sandboxAdmin<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const { connection, ca } = readSandboxConnection()!;
  const response = await trustedFetch(`${connection.authorityHost}/_sandbox/${path}`, {
    method,
    ca,
    headers: { authorization: `Bearer ${connection.adminToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
}
