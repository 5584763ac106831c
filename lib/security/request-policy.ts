// Pure request and response policy used by proxy.ts. No `server-only` here on purpose: the proxy
// is bundled on its own, and nothing in this file is secret or reaches for the database.

/** Methods that change state: they must come from a page of the portal itself. */
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type RequestFacts = { method: string; url: string; headers: Headers };

/**
 * TRUST_PROXY: how many reverse proxies stand in front of the portal (unset, 0 or "off": none;
 * "1", "on" or "true": one; N: a chain of N). Forwarded headers are believed only from them.
 */
export function trustedProxyHops(value: string | undefined = process.env.TRUST_PROXY): number {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || v === '0' || v === 'off' || v === 'false' || v === 'no') return 0;
  if (v === 'on' || v === 'true' || v === 'yes') return 1;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 10) throw new Error(`TRUST_PROXY must be off, on, or the number of proxies in front of the portal (got "${value}").`);
  return n;
}

/** Headers a client could send to claim another host, scheme or address. */
export const FORWARDED_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'x-real-ip'] as const;

/** Set by the portal's own server (lib/http/front-door.ts) on every request: the client's address. */
export const CLIENT_ADDRESS_HEADER = 'x-authkey-client-address';

/** http or https as the browser saw it: a trusted TLS-terminating proxy says so in X-Forwarded-Proto. */
export function isHttps({ url, headers }: Pick<RequestFacts, 'url' | 'headers'>, trustProxy = trustedProxyHops() > 0): boolean {
  const forwarded = trustProxy ? headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() : undefined;
  return forwarded ? forwarded === 'https' : new URL(url).protocol === 'https:';
}

/** ALLOWED_ORIGINS: comma-separated origins (https://portal.example.com) a reverse proxy serves us from. */
export function parseAllowedOrigins(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((o) => o.trim().replace(/\/+$/, '').toLowerCase())
    .filter(Boolean);
}

/**
 * Why a state-changing request is refused, or null. Browsers send Origin on every POST, so a
 * missing one means a non-browser client or a stripped header: both refused (Next only warns).
 * The portal's own origin is the host the request was addressed to (X-Forwarded-Host only from a
 * trusted proxy: without TRUST_PROXY anyone could send it).
 */
export function originProblem(req: RequestFacts, allowed: string[], trustProxy = trustedProxyHops() > 0): string | null {
  if (!UNSAFE_METHODS.has(req.method.toUpperCase())) return null;
  const origin = req.headers.get('origin');
  if (!origin || origin === 'null') return 'missing Origin';
  let originUrl: URL;
  try {
    originUrl = new URL(origin);
  } catch {
    return 'malformed Origin';
  }
  const forwardedHost = trustProxy ? req.headers.get('x-forwarded-host')?.split(',')[0] : undefined;
  const host = (forwardedHost ?? req.headers.get('host') ?? new URL(req.url).host).trim().toLowerCase();
  const proto = isHttps(req, trustProxy) ? 'https:' : 'http:';
  if (originUrl.host.toLowerCase() === host && originUrl.protocol === proto) return null;
  if (allowed.includes(originUrl.origin.toLowerCase())) return null;
  return `foreign Origin ${originUrl.origin}`;
}

export const FORM_BODY_LIMIT = 1024 * 1024;
export const CSV_BODY_LIMIT = 2 * 1024 * 1024;
// Pages whose forms upload a bulk CSV file; every other form stays under 1 MB.
const CSV_UPLOAD_PATHS = [/^\/provisioning\/([^/]+\/)?bulk(\/|$)/, /^\/api\/v1\/authkeys\/[^/]+\/bulk-jobs\/?$/];

/** The most bytes a state-changing request to `pathname` may carry, counted as they arrive. */
export function bodyLimitFor(pathname: string): number {
  return CSV_UPLOAD_PATHS.some((re) => re.test(pathname)) ? CSV_BODY_LIMIT : FORM_BODY_LIMIT;
}

// The automation API answers JSON and CSV that nothing should render or frame. Its handlers set
// these themselves: the proxy (and its per-request CSP nonce) does not run for /api/v1.
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

export function withApiSecurityHeaders(response: Response, request: Pick<RequestFacts, 'url' | 'headers'>): Response {
  for (const [name, value] of Object.entries(securityHeaders({ csp: API_CSP, https: isHttps(request), html: false }))) response.headers.set(name, value);
  return response;
}

export function contentSecurityPolicy(nonce: string, https: boolean, dev = false): string {
  return [
    "default-src 'self'",
    // strict-dynamic: Next's own scripts carry the nonce and may load the chunks they need.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // React renders style attributes; styles cannot run code, so inline styles stay allowed.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** Headers on every response the proxy sees. `html`: a page (not an API answer or a file). */
export function securityHeaders(opts: { csp: string; https: boolean; html: boolean }): Record<string, string> {
  return {
    'Content-Security-Policy': opts.csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    ...(opts.https ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
    // Every page shows account or key data (or the sign-in form): keep it out of every cache.
    ...(opts.html ? { 'Cache-Control': 'no-store' } : {}),
  };
}
