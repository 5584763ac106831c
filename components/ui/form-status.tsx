import type { ActionState } from '@/lib/validation/action-state';
import { Alert } from './alert';

/**
 * The outcome of a form, announced to screen readers: the live region is always in the page,
 * so a message that appears in it is read out (a region inserted with its text often is not).
 */
export function FormStatus({ state }: { state: ActionState }) {
  return (
    <div aria-live="polite" aria-atomic="true">
      {state.status === 'error' && state.message ? <Alert tone="error">{state.message}</Alert> : null}
      {state.status === 'success' && state.message ? <Alert tone="success">{state.message}</Alert> : null}
    </div>
  );
}
