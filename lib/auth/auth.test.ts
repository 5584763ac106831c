import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NextAuthConfig } from 'next-auth';

// Captures the configuration lib/auth/auth.ts hands to NextAuth, so its callbacks can be called directly.
const captured = vi.hoisted(() => ({ factory: null as null | ((request: Request | undefined) => Promise<NextAuthConfig>) }));
vi.mock('next-auth', () => ({
  default: (factory: (request: Request | undefined) => Promise<NextAuthConfig>) => {
    captured.factory = factory;
    return { handlers: {}, auth: async () => null, signIn: async () => undefined, signOut: async () => undefined };
  },
  CredentialsSignin: class extends Error {},
}));
vi.mock('next-auth/providers/credentials', () => ({ default: (options: unknown) => options }));
vi.mock('next/headers', () => ({
  headers: async () => {
    throw new Error('outside a request');
  },
}));

const { SESSION_MAX_AGE_SECONDS, cookieOptions } = await import('./auth');

type JwtCallback = (params: { token: Record<string, unknown>; user?: Record<string, unknown> }) => Record<string, unknown> | null;

async function config(request?: Request) {
  return captured.factory!(request);
}
async function jwt() {
  return (await config()).callbacks!.jwt as unknown as JwtCallback;
}

afterEach(() => vi.useRealTimers());

describe('session lifetime', () => {
  it('is 12 hours, as a JWT', async () => {
    expect(SESSION_MAX_AGE_SECONDS).toBe(12 * 60 * 60);
    expect((await config()).session).toEqual({ strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS });
  });

  it('counts from sign-in, not from the last request: a token in use for 12 hours ends', async () => {
    vi.useFakeTimers({ now: new Date('2030-01-01T08:00:00.000Z') });
    const callback = await jwt();
    const signedIn = callback({ token: {}, user: { id: 'a1', role: 'admin', sessionVersion: 3 } })!;
    expect(signedIn).toMatchObject({ sub: 'a1', role: 'admin', sessionVersion: 3, signedInAt: Date.now() });

    // Every request refreshes the cookie, but the sign-in time it carries never moves.
    let token = signedIn;
    for (let hour = 1; hour < 12; hour++) {
      vi.setSystemTime(new Date(`2030-01-01T${String(8 + hour).padStart(2, '0')}:00:00.000Z`));
      token = callback({ token: { ...token } })!;
      expect(token, `hour ${hour}`).not.toBeNull();
      expect(token.signedInAt).toBe(signedIn.signedInAt);
    }
    vi.setSystemTime(new Date('2030-01-01T20:00:00.001Z'));
    expect(callback({ token: { ...token } })).toBeNull();
  });

  it('refuses a token that carries no sign-in time', async () => {
    expect((await jwt())({ token: { sub: 'a1', role: 'admin', sessionVersion: 1 } })).toBeNull();
  });
});

describe('cookies', () => {
  it('are HttpOnly and SameSite=Lax always, and Secure with the __Host- prefix over https', () => {
    const http = cookieOptions(false)!;
    expect(http.sessionToken).toEqual({ name: 'authjs.session-token', options: { httpOnly: true, sameSite: 'lax', path: '/', secure: false } });
    const https = cookieOptions(true)!;
    expect(https.sessionToken).toEqual({ name: '__Host-authjs.session-token', options: { httpOnly: true, sameSite: 'lax', path: '/', secure: true } });
    expect(https.csrfToken?.name).toBe('__Host-authjs.csrf-token');
  });
});
