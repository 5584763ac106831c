'use client';

import { useActionState, useState } from 'react';
import { resetSandboxAction } from '@/app/(portal)/sandbox/actions';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { SubmitButton } from '@/components/ui/submit-button';
import { idle } from '@/lib/validation/action-state';

export function ResetSandboxForm() {
  const [state, action] = useActionState(resetSandboxAction, idle);
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="space-y-3">
      {state.status !== 'idle' && state.message ? <Alert tone={state.status === 'error' ? 'error' : 'success'}>{state.message}</Alert> : null}
      {confirming ? (
        <form action={action} onSubmit={() => setConfirming(false)} className="flex flex-wrap items-center gap-2">
          <p className="text-sm">Users, groups, licenses and secrets created in the sandbox will be lost.</p>
          <SubmitButton variant="danger" pendingText="Resetting…">
            Reset the sandbox
          </SubmitButton>
          <Button variant="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
        </form>
      ) : (
        <Button variant="secondary" onClick={() => setConfirming(true)}>
          Reset…
        </Button>
      )}
    </div>
  );
}
