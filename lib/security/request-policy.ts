// Pure request and response policy used by proxy.ts. No `server-only` here on purpose: the proxy
// is bundled on its own, and nothing in this file is secret or reaches for the database.

/** Methods that change state: they must come from a page of the portal itself. */
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type RequestFacts = { method: string; url: string; headers: Headers };

/** http or https as the browser saw it: a TLS-terminating reverse proxy says so in X-Forwarded-Proto. */
export function isHttps({ url, headers }: Pick<RequestFacts, 'url' | 'headers'>): boolean {
  const forwarded = headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
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
 * The portal's own origin is the host the request was addressed to (or X-Forwarded-Host).
 */
export function originProblem(req: RequestFacts, allowed: string[]): string | null {
  if (!UNSAFE_METHODS.has(req.method.toUpperCase())) return null;
  const origin = req.headers.get('origin');
  if (!origin || origin === 'null') return 'missing Origin';
  let originUrl: URL;
  try {
    originUrl = new URL(origin);
  } catch {
    return 'malformed Origin';
  }
  const host = (req.headers.get('x-forwarded-host')?.split(',')[0] ?? req.headers.get('host') ?? new URL(req.url).host).trim().toLowerCase();
  const proto = isHttps(req) ? 'https:' : 'http:';
  if (originUrl.host.toLowerCase() === host && originUrl.protocol === proto) return null;
  if (allowed.includes(originUrl.origin.toLowerCase())) return null;
  return `foreign Origin ${originUrl.origin}`;
}

export const FORM_BODY_LIMIT = 1024 * 1024;
export const CSV_BODY_LIMIT = 2 * 1024 * 1024;
// Pages whose forms upload a bulk CSV file; every other form stays under 1 MB.
const CSV_UPLOAD_PATHS = [/^\/provisioning\/([^/]+\/)?bulk(\/|$)/];

/**
 * Refuses oversized bodies before they are read, by their declared length. A body without one
 * (chunked) is still cut off by Next's serverActions.bodySizeLimit (2 MB) while it streams.
 */
export function bodyTooLarge(req: RequestFacts, pathname: string): boolean {
  if (!UNSAFE_METHODS.has(req.method.toUpperCase())) return false;
  const length = Number(req.headers.get('content-length') ?? 0);
  const limit = CSV_UPLOAD_PATHS.some((re) => re.test(pathname)) ? CSV_BODY_LIMIT : FORM_BODY_LIMIT;
  return length > limit;
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
