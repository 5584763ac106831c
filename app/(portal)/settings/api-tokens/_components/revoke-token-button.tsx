'use client';

import { useActionState, useState } from 'react';
import { revokeApiTokenAction } from '@/app/(portal)/settings/api-tokens/actions';
import { Button } from '@/components/ui/button';
import { FormStatus } from '@/components/ui/form-status';
import { SubmitButton } from '@/components/ui/submit-button';
import { idle } from '@/lib/validation/action-state';

export function RevokeTokenButton({ tokenId, name }: { tokenId: string; name: string }) {
  const [state, action] = useActionState(revokeApiTokenAction, idle);
  const [asking, setAsking] = useState(false);
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="tokenId" value={tokenId} />
      {asking ? (
        <div role="alertdialog" aria-label={`Revoke ${name}`} className="flex flex-wrap items-center gap-2 text-sm">
          <span>Revoke “{name}”? Every request with it is refused from now on.</span>
          <SubmitButton variant="danger" pendingText="Revoking…">
            Yes, revoke
          </SubmitButton>
          <Button variant="secondary" onClick={() => setAsking(false)}>
            Cancel
          </Button>
        </div>
      ) : (
        <Button variant="ghost" onClick={() => setAsking(true)}>
          <span aria-label={`Revoke ${name}`}>Revoke</span>
        </Button>
      )}
      <FormStatus state={state} />
    </form>
  );
}
