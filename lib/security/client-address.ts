import 'server-only';
import { headers } from 'next/headers';
import { CLIENT_ADDRESS_HEADER } from './request-policy';

/**
 * The client's address, as the portal's own server in front of Next.js decided it (the socket's
 * peer, or X-Forwarded-For from TRUST_PROXY proxies). "unknown" under `next dev`, which has no
 * such server: there every client shares one address for the guessing limits.
 */
export function clientAddressFrom(h: Pick<Headers, 'get'>): string {
  return h.get(CLIENT_ADDRESS_HEADER)?.trim() || 'unknown';
}

export async function requestClientAddress(): Promise<string> {
  try {
    return clientAddressFrom(await headers());
  } catch {
    // Outside a request (scripts, the scheduler): there is no client.
    return 'local';
  }
}
