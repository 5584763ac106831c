import { NextResponse, type NextRequest } from 'next/server';

// A convenience only: it sends visitors without a session cookie to sign-in. Every page,
// action and route handler still checks the session and role itself.
const PUBLIC = [/^\/sign-in$/, /^\/api\/health$/, /^\/api\/auth\//];
const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token', '__Host-authjs.session-token'];

export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (PUBLIC.some((re) => re.test(pathname))) return NextResponse.next();
  if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return NextResponse.next();
  if (pathname.startsWith('/api/')) return NextResponse.json({ error: 'unauthenticated' }, { status: 401 });
  const url = request.nextUrl.clone();
  url.pathname = '/sign-in';
  url.search = '';
  return NextResponse.redirect(url);
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
