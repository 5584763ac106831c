import type { Actor } from '@/lib/auth/session';

// A stand-in for lib/auth/session in integration tests, where there is no request to read a
// session from: the test decides who is calling by setting `who.actor`. Use it with
//   vi.mock('@/lib/auth/session', () => import('@/test/fake-session'));
export const who: { actor: Actor | null } = { actor: null };

export class ForbiddenError extends Error {}

export async function requireRole(roles: readonly string[]): Promise<Actor> {
  if (!who.actor) throw new Error('NEXT_REDIRECT /sign-in');
  if (!roles.includes(who.actor.role)) throw new ForbiddenError('Your role does not allow this.');
  return who.actor;
}
