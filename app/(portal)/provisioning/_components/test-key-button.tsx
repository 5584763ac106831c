'use client';

import { useActionState } from 'react';
import { testProvisioningKeyAction } from '@/app/(portal)/provisioning/actions';
import { FormStatus } from '@/components/ui/form-status';
import { SubmitButton } from '@/components/ui/submit-button';
import { idle } from '@/lib/validation/action-state';

/** Tests a key from the picker, so that a key fixed in Azure becomes usable without leaving. */
export function TestKeyButton({ keyId, name }: { keyId: string; name: string }) {
  const [state, action] = useActionState(testProvisioningKeyAction, idle);
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="keyId" value={keyId} />
      <SubmitButton variant="secondary" pendingText="Testing…">
        <span>
          Test connection<span className="sr-only"> of {name}</span>
        </span>
      </SubmitButton>
      <FormStatus state={state} />
    </form>
  );
}
