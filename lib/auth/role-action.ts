import 'server-only';
import type { Role } from '@/contracts/enums';
import { failure, type ActionState } from '@/lib/validation/action-state';
import { ForbiddenError, requireRole, type Actor } from './session';

/**
 * Every server action that needs a role is built with this: the session and the role are checked
 * before anything is read from the form (no session: to sign-in; a refused role: the audited
 * refusal as the action's error state, never a crash), and a refusal from deeper down (a data
 * access function asking for more) ends the same way. Other errors, redirects included, pass.
 */
export function roleAction<S extends ActionState>(roles: readonly Role[], what: string, run: (form: FormData, actor: Actor, previous: S) => Promise<S>) {
  return async (previous: S, form: FormData): Promise<S> => {
    try {
      const actor = await requireRole(roles, what);
      return await run(form instanceof FormData ? form : new FormData(), actor, previous);
    } catch (error) {
      if (error instanceof ForbiddenError) return failure(error.message) as S;
      throw error;
    }
  };
}

/** A form field as a string ('' when absent or a file). */
export function field(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
}
