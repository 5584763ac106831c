import 'server-only';
import { cache } from 'react';
import { eq } from 'drizzle-orm';
import { forbidden, redirect } from 'next/navigation';
import { getDb } from '@/db';
import { accounts, revokedSessions } from '@/db/schema';
import { type Role } from '@/contracts/enums';
import { writeAudit } from '@/lib/dal/audit-write';
import { logger } from '@/lib/log/logger';
import { requestClientAddress } from '@/lib/security/client-address';
import { noteAnonymousDenial } from './anonymous-denials';
import { currentApiActor } from './api-actor';
import { auth, SESSION_MAX_AGE_SECONDS } from './auth';

export type Actor = { id: string; email: string; name: string; role: Role; mustChangePassword: boolean };

export class UnauthenticatedError extends Error {
  constructor() {
    super('Sign in to continue.');
    this.name = 'UnauthenticatedError';
  }
}

// What Next.js's forbidden() throws carries this digest, and Next answers any error carrying it
// with app/forbidden.tsx and status 403. A refusal that escapes into a page, layout or route
// handler is therefore the refusal, never a 500; actions turn it into their error state.
const FORBIDDEN_DIGEST = 'NEXT_HTTP_ERROR_FALLBACK;403';

export class ForbiddenError extends Error {
  readonly digest = FORBIDDEN_DIGEST;
  constructor(message = 'Your role does not allow this.') {
    super(message);
    this.name = 'ForbiddenError';
  }
}

/**
 * The signed-in account, re-read from the database on every request: a disabled account, a
 * changed role or a bumped session version takes effect on the very next request.
 */
export const getActor = cache(async (): Promise<Actor | null> => {
  // Inside an /api/v1 call (lib/api/pipeline.ts): the token's administrator, checked already.
  const viaToken = currentApiActor();
  if (viaToken) return viaToken;
  const session = await auth();
  const user = session?.user;
  if (!user?.id) return null;
  if (Date.now() - user.signedInAt > SESSION_MAX_AGE_SECONDS * 1000) return null;
  // A session without an id cannot be revoked by Sign out, so it is not accepted at all.
  if (!user.sessionId) return null;
  const db = getDb();
  const [revoked] = await db.select({ id: revokedSessions.sessionId }).from(revokedSessions).where(eq(revokedSessions.sessionId, user.sessionId)).limit(1);
  if (revoked) return null;
  const [account] = await db.select().from(accounts).where(eq(accounts.id, user.id)).limit(1);
  if (!account || account.disabled || account.sessionVersion !== user.sessionVersion) return null;
  return { id: account.id, email: account.email, name: account.name, role: account.role, mustChangePassword: account.mustChangePassword };
});

/** Where an account whose password was set by an administrator must go before anything else. */
export const CHANGE_PASSWORD_PATH = '/change-password';

/**
 * For pages and actions: no valid session sends the browser to sign-in, and a password set by
 * an administrator must be changed first (only the change-password page and action opt out).
 */
export async function requireSession(opts: { allowPendingPasswordChange?: boolean } = {}): Promise<Actor> {
  const actor = await getActor();
  if (!actor) redirect('/sign-in');
  if (actor.mustChangePassword && !opts.allowPendingPasswordChange) redirect(CHANGE_PASSWORD_PATH);
  return actor;
}

/** Deny by default: the account must hold one of `roles`. A refusal is audited. */
export async function requireRole(roles: readonly Role[], what: string): Promise<Actor> {
  const actor = await getActor();
  if (!actor) {
    await noteAnonymousDenial(getDb(), what, await requestClientAddress());
    redirect('/sign-in');
  }
  if (actor.mustChangePassword) redirect(CHANGE_PASSWORD_PATH);
  if (!roles.includes(actor.role)) {
    await writeAudit(getDb(), { action: 'access.denied', outcome: 'denied', actor, detail: { what, role: actor.role } });
    logger().warn({ what, actorId: actor.id, role: actor.role }, 'access denied');
    throw new ForbiddenError();
  }
  return actor;
}

/** For route handlers, which answer with a status instead of a redirect. */
export async function requireApiRole(roles: readonly Role[], what: string): Promise<Actor | Response> {
  const actor = await getActor();
  if (!actor) {
    const noted = await noteAnonymousDenial(getDb(), what, await requestClientAddress());
    if (noted.limited) {
      return Response.json({ error: 'too_many_requests', message: 'Too many requests without a valid session. Wait a minute.' }, { status: 429, headers: { 'Retry-After': String(noted.retryAfterSeconds) } });
    }
    return Response.json({ error: 'unauthenticated', message: 'Sign in to continue.' }, { status: 401 });
  }
  if (actor.mustChangePassword) {
    return Response.json({ error: 'password_change_required', message: 'Change your password first.' }, { status: 403 });
  }
  if (!roles.includes(actor.role)) {
    await writeAudit(getDb(), { action: 'access.denied', outcome: 'denied', actor, detail: { what, role: actor.role } });
    return Response.json({ error: 'forbidden', message: 'Your role does not allow this.' }, { status: 403 });
  }
  return actor;
}

/** For pages: like requireRole; a refused role sees the 403 page (app/forbidden.tsx). */
export async function requirePageRole(roles: readonly Role[], what: string): Promise<Actor> {
  try {
    return await requireRole(roles, what);
  } catch (error) {
    if (error instanceof ForbiddenError) forbidden();
    throw error;
  }
}
