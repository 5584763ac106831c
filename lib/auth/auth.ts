import 'server-only';
import { randomUUID } from 'node:crypto';
import NextAuth, { CredentialsSignin, type NextAuthConfig } from 'next-auth';
import { headers } from 'next/headers';
import Credentials from 'next-auth/providers/credentials';
import { z } from 'zod';
import { verifyCredentials } from './sign-in';
import type { Role } from '@/contracts/enums';
import { logger } from '@/lib/log/logger';
import { clientAddressFrom } from '@/lib/security/client-address';
import { isHttps } from '@/lib/security/request-policy';

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

class LockedSignin extends CredentialsSignin {
  code = 'locked';
}
class InvalidSignin extends CredentialsSignin {
  code = 'invalid';
}

const credentialsSchema = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1024) });

declare module 'next-auth' {
  interface User {
    role?: Role;
    sessionVersion?: number;
  }
  interface Session {
    user: { id: string; email: string; name: string; role: Role; sessionVersion: number; signedInAt: number; sessionId: string };
  }
}

/**
 * Cookies are HttpOnly and SameSite=Lax always; over https they are also Secure and carry the
 * __Host- prefix (which pins them to this host and path /). Plain http keeps working for
 * localhost, where browsers would drop Secure cookies.
 */
export function cookieOptions(https: boolean): NextAuthConfig['cookies'] {
  const options = { httpOnly: true, sameSite: 'lax' as const, path: '/', secure: https };
  const name = (base: string) => (https ? `__Host-${base}` : base);
  return {
    sessionToken: { name: name('authjs.session-token'), options },
    csrfToken: { name: name('authjs.csrf-token'), options },
    callbackUrl: { name: name('authjs.callback-url'), options },
  };
}

/** Whether the current request came over https: from the request when Auth.js has one, else from headers(). */
async function requestIsHttps(request: Request | undefined): Promise<boolean> {
  if (request) return isHttps(request);
  try {
    const h = await headers();
    return isHttps({ url: `http://${h.get('host') ?? 'localhost'}/`, headers: h });
  } catch {
    // Outside a request (scripts, tests): nothing is sent to a browser, so either answer is safe.
    return false;
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth(async (request) => ({
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
  useSecureCookies: await requestIsHttps(request),
  cookies: cookieOptions(await requestIsHttps(request)),
  pages: { signIn: '/sign-in' },
  trustHost: true,
  // Auth.js's own messages go to the portal's log. A cookie that does not decode (expired, forged,
  // from another AUTH_SECRET) is an ordinary anonymous request: counted, not shouted about.
  logger: {
    error(error) {
      const name = (error as { type?: string }).type ?? error.name;
      if (name === 'JWTSessionError' || name === 'CredentialsSignin') logger().debug({ auth: name }, 'session cookie refused');
      else logger().warn({ auth: name, message: error.message }, 'Auth.js error');
    },
    warn(code) {
      logger().warn({ auth: code }, 'Auth.js warning');
    },
    debug() {},
  },
  providers: [
    Credentials({
      credentials: { email: { label: 'Email' }, password: { label: 'Password', type: 'password' } },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) throw new InvalidSignin();
        const result = await verifyCredentials(parsed.data.email, parsed.data.password, { address: clientAddressFrom(request.headers) });
        if (!result.ok) throw result.reason === 'locked' ? new LockedSignin() : new InvalidSignin();
        const { id, email, name, role, sessionVersion } = result.account;
        return { id, email, name, role, sessionVersion };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.role = user.role;
        token.sessionVersion = user.sessionVersion;
        // The lifetime is absolute: it counts from sign-in, not from the last request.
        token.signedInAt = Date.now();
        // Sign out revokes this id server-side (lib/auth/sign-out.ts), so a copied cookie dies with it.
        token.sid = randomUUID();
      }
      const signedInAt = Number(token.signedInAt ?? 0);
      if (Date.now() - signedInAt > SESSION_MAX_AGE_SECONDS * 1000) return null;
      return token;
    },
    session({ session, token }) {
      session.user = {
        ...session.user,
        id: String(token.sub),
        role: token.role as Role,
        sessionVersion: Number(token.sessionVersion),
        signedInAt: Number(token.signedInAt),
        sessionId: typeof token.sid === 'string' ? token.sid : '',
      };
      return session;
    },
  },
}));
