import 'server-only';
import { ForbiddenError } from '@/lib/auth/session';
import { failure, type ActionState } from '@/lib/validation/action-state';

/**
 * Runs a data-access call for a server action and turns a role refusal into the shared
 * action-state shape. Redirect errors (no session) pass through untouched.
 */
export async function guarded<T>(run: () => Promise<T>): Promise<T | ActionState> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ForbiddenError) return failure(error.message);
    throw error;
  }
}

export function isActionState(value: unknown): value is ActionState {
  return typeof value === 'object' && value !== null && 'status' in value && typeof (value as ActionState).status === 'string';
}
