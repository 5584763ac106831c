import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, isHttps, originProblem, parseAllowedOrigins, securityHeaders } from '@/lib/security/request-policy';

// Three jobs, none of them authorization (every page, action and route handler checks the
// session and role itself):
//   1. refuse state-changing requests (server actions included) without the portal's own Origin;
//   2. set the security headers, with a fresh CSP nonce per request that Next puts on its scripts;
//   3. as a convenience, send visitors without a session cookie to sign-in.
// Body limits and the client's address belong to the portal's own server in front of Next
// (lib/http/front-door.ts), which counts the bytes actually received.
// The automation API (/api/v1) is not matched at all: it authenticates with Bearer tokens only
// and never reads a cookie, so a forged cross-site request carries nothing it would accept (no
// Origin check, no sign-in redirect), and its handlers set its own security headers
// (withApiSecurityHeaders), which spares every API call the nonce and header work below.
const PUBLIC = [/^\/sign-in$/, /^\/api\/health$/, /^\/api\/auth\//];
const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token', '__Host-authjs.session-token'];
const allowedOrigins = parseAllowedOrigins(process.env.ALLOWED_ORIGINS);

function withHeaders(response: NextResponse, headers: Record<string, string>): NextResponse {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const https = isHttps(request);
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const csp = contentSecurityPolicy(nonce, https, process.env.NODE_ENV === 'development');
  const headers = securityHeaders({ csp, https, html: !pathname.startsWith('/api/') });

  const refused = originProblem(request, allowedOrigins);
  if (refused) {
    return withHeaders(NextResponse.json({ error: 'forbidden', message: `Request refused: ${refused}.` }, { status: 403 }), headers);
  }

  const signedIn = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (!signedIn && !PUBLIC.some((re) => re.test(pathname))) {
    if (pathname.startsWith('/api/')) return withHeaders(NextResponse.json({ error: 'unauthenticated' }, { status: 401 }), headers);
    const url = request.nextUrl.clone();
    url.pathname = '/sign-in';
    url.search = '';
    return withHeaders(NextResponse.redirect(url), headers);
  }

  // Next reads the nonce from the request's CSP header and sets it on the scripts it renders.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('Content-Security-Policy', csp);
  requestHeaders.set('x-nonce', nonce);
  return withHeaders(NextResponse.next({ request: { headers: requestHeaders } }), headers);
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|api/v1/).*)'],
};
