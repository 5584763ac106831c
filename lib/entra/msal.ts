import 'server-only';
import { ConfidentialClientApplication, LogLevel, type Configuration, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';
import { NetworkError, trustedFetch } from '@/lib/net/https-fetch';
import type { ResolvedCloud } from './clouds';

/** FACTS.md: a hard limit on every token call. */
export const TOKEN_TIMEOUT_MS = 15_000;

export type TrackedNetworkClient = INetworkModule & { lastFailure(): NetworkError | null };

/**
 * MSAL's HTTP client on trustedFetch: the sandbox CA for this call only, a hard timeout, and
 * the real network failure kept, because MSAL replaces it with a generic "network_error".
 */
export function networkClientFor(ca: string | undefined, timeoutMs = TOKEN_TIMEOUT_MS): TrackedNetworkClient {
  let failure: NetworkError | null = null;
  async function send<T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    try {
      const response = await trustedFetch(url, { method, headers: options?.headers, body: options?.body, ca, timeoutMs });
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => (headers[name] = value));
      const text = await response.text();
      let body: unknown = {};
      try {
        body = text ? JSON.parse(text) : {};
      } catch {
        // A non-JSON answer (a proxy's HTML page): MSAL reports it from the status.
        body = { error: 'invalid_response', error_description: `The authority answered ${response.status} without JSON.` };
      }
      return { headers, body: body as T, status: response.status };
    } catch (error) {
      if (error instanceof NetworkError) failure = error;
      throw error;
    }
  }
  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => send<T>('GET', url, options),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => send<T>('POST', url, options),
    lastFailure: () => failure,
  };
}

/**
 * What the app signs in with: a client secret's value, or a certificate (MSAL signs a
 * client_assertion with the private key, PS256 with the SHA-256 thumbprint in `x5t#S256`).
 */
export type ClientCredential = string | { thumbprintSha256: string; privateKey: string };

/**
 * The MSAL configuration for one app in one tenant. Non-Microsoft hosts (Sandbox, Custom) get
 * knownAuthorities and authorityMetadata, so MSAL makes no discovery call to the public cloud.
 */
export function msalConfig(cloud: ResolvedCloud, tenantId: string, clientId: string, credential: ClientCredential, networkClient: INetworkModule): Configuration {
  const authority = `${cloud.authorityHost}/${tenantId}`;
  const host = new URL(cloud.authorityHost).host;
  return {
    auth: {
      clientId,
      ...(typeof credential === 'string' ? { clientSecret: credential } : { clientCertificate: credential }),
      authority,
      ...(cloud.knownAuthority
        ? {
            knownAuthorities: [host],
            authorityMetadata: JSON.stringify({
              token_endpoint: `${authority}/oauth2/v2.0/token`,
              issuer: `${authority}/v2.0`,
              authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
              jwks_uri: `${authority}/discovery/v2.0/keys`,
            }),
          }
        : {}),
    },
    system: {
      networkClient,
      // MSAL's own log lines could carry request details: keep them out of the portal's logs.
      loggerOptions: { piiLoggingEnabled: false, logLevel: LogLevel.Error, loggerCallback: () => undefined },
    },
  };
}

export function newConfidentialClient(cloud: ResolvedCloud, tenantId: string, clientId: string, credential: ClientCredential, networkClient: INetworkModule): ConfidentialClientApplication {
  return new ConfidentialClientApplication(msalConfig(cloud, tenantId, clientId, credential, networkClient));
}

/** Rejects after `ms`, so a stuck exchange cannot hold a page. */
export function withTimeout<T>(promise: Promise<T>, ms = TOKEN_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NetworkError('timeout', `No answer within ${Math.round(ms / 1000)} s.`)), ms);
  });
  return Promise.race<T>([promise, timeout]).finally(() => clearTimeout(timer));
}

export type TokenClaims = { roles: string[]; scp: string[]; tid: string | null; appid: string | null; oid: string | null; idtyp: string | null; upn: string | null };

/** Reads the claims worth showing. Graph tokens are opaque: this is for diagnosis, never for access decisions. */
export function readClaims(accessToken: string): TokenClaims {
  let payload: Record<string, unknown> = {};
  try {
    payload = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    // Not a JWT (some clouds issue opaque tokens): nothing to show.
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    roles: Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [],
    scp: typeof payload.scp === 'string' ? payload.scp.split(' ').filter(Boolean) : [],
    tid: str(payload.tid),
    appid: str(payload.appid) ?? str(payload.azp),
    oid: str(payload.oid),
    idtyp: str(payload.idtyp),
    // Delegated tokens: who signed in (v1 tokens say upn, v2 tokens preferred_username).
    upn: str(payload.upn) ?? str(payload.preferred_username),
  };
}
