import { ConfidentialClientApplication, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';
import { httpsCall } from './https-client';

/** An MSAL network module that trusts the sandbox CA for its own requests only. */
export function sandboxNetworkClient(ca: string): INetworkModule {
  const send = async <T>(method: string, url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> => {
    const result = await httpsCall(ca, method, url, { headers: options?.headers, body: options?.body, timeoutMs: timeout });
    return { status: result.status, headers: result.headers, body: (result.json ?? {}) as T };
  };
  return {
    sendGetRequestAsync: (url, options, timeout) => send('GET', url, options, timeout),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

export interface SandboxMsalOptions {
  authorityHost: string;
  ca: string;
  tenant: string;
  clientId: string;
  clientSecret?: string;
  clientCertificate?: { thumbprintSha256?: string; thumbprint?: string; privateKey: string; x5c?: string };
}

/**
 * A real ConfidentialClientApplication pointed at the sandbox. MSAL needs https,
 * knownAuthorities and authorityMetadata for a non-Microsoft host (FACTS.md). Create one per test case: MSAL
 * throttles itself per instance after a 429 or 5xx.
 */
export function createSandboxMsalClient(opts: SandboxMsalOptions): ConfidentialClientApplication {
  const host = new URL(opts.authorityHost).host;
  const authority = `${opts.authorityHost}/${opts.tenant}`;
  // Built from the URL pattern, as a portal must for any custom cloud; the sandbox serves the
  // same values at /{tenant}/v2.0/.well-known/openid-configuration.
  const authorityMetadata = JSON.stringify({
    token_endpoint: `${authority}/oauth2/v2.0/token`,
    issuer: `${authority}/v2.0`,
    authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
    jwks_uri: `${authority}/discovery/v2.0/keys`,
  });
  return new ConfidentialClientApplication({
    auth: {
      clientId: opts.clientId,
      authority,
      knownAuthorities: [host],
      authorityMetadata,
      ...(opts.clientSecret !== undefined ? { clientSecret: opts.clientSecret } : {}),
      ...(opts.clientCertificate ? { clientCertificate: opts.clientCertificate } : {}),
    },
    system: { networkClient: sandboxNetworkClient(opts.ca) },
  });
}

/** Decodes a JWT's payload for assertions in tests (never for authorization decisions). */
export function jwtClaims(token: string): Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}
