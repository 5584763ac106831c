'use client';

import { useActionState } from 'react';
import { testKeyAction, type TestActionState } from '@/app/(portal)/keys/actions';
import { Alert } from '@/components/ui/alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { TestResultView } from '@/components/keys/lazy-test-result';

/** "Test connection" on a saved key; the page re-renders with the stored result afterwards. */
export function TestKeyButton({ keyId }: { keyId: string }) {
  const [state, action] = useActionState(testKeyAction, { status: 'idle' } as TestActionState);
  return (
    <div className="space-y-4">
      <form action={action}>
        <input type="hidden" name="keyId" value={keyId} />
        <SubmitButton pendingText="Testing…">Test connection</SubmitButton>
      </form>
      <div aria-live="polite">
        {state.result ? <TestResultView result={state.result} fixHref={() => `/keys/${keyId}/edit`} /> : null}
        {!state.result && state.status === 'error' && state.message ? <Alert tone="error">{state.message}</Alert> : null}
      </div>
    </div>
  );
}
