'use client';

import { useActionState } from 'react';
import { rotateNowAction } from '@/app/(portal)/keys/[keyId]/actions';
import { FormStatus } from '@/components/ui/form-status';
import { SubmitButton } from '@/components/ui/submit-button';
import { idle } from '@/lib/validation/action-state';

/** Starts the rotation now instead of waiting for the window (the old credential stays valid for the overlap). */
export function RotateNowButton({ keyId, kind }: { keyId: string; kind: 'secret' | 'certificate' }) {
  const [state, action] = useActionState(rotateNowAction, idle);
  return (
    <form action={action} className="space-y-2" aria-label="Rotate now">
      <input type="hidden" name="keyId" value={keyId} />
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton variant="secondary" pendingText="Starting…">
          Rotate now
        </SubmitButton>
        <span className="text-xs text-slate-600 dark:text-slate-400">Creates a new {kind === 'certificate' ? 'certificate' : 'secret'} in Azure, swaps once it signs in, and keeps the current one valid for the overlap.</span>
      </div>
      <FormStatus state={state} />
    </form>
  );
}
