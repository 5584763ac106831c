// Issues from classic zod and from zod/mini alike.
type ParseError = { issues: readonly { path: readonly PropertyKey[]; message: string }[] };

// The one shape every server action returns and every form reads with useActionState.
export type ActionState = {
  status: 'idle' | 'success' | 'error';
  message?: string;
  fieldErrors?: Record<string, string[]>;
  /** Echo of what the user typed (never secrets), so a failed submit keeps the form filled. */
  values?: Record<string, string>;
};

export const idle: ActionState = { status: 'idle' };

export function invalid(error: ParseError, message = 'Check the highlighted fields.'): ActionState {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || 'form';
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return { status: 'error', message, fieldErrors };
}

export function failure(message: string, fieldErrors?: Record<string, string[]>): ActionState {
  return { status: 'error', message, fieldErrors };
}
