'use client';

import { useActionState } from 'react';
import { checkAllNowAction } from '@/app/(portal)/expiry/actions';
import { FormStatus } from '@/components/ui/form-status';
import { SubmitButton } from '@/components/ui/submit-button';
import { idle } from '@/lib/validation/action-state';

export function CheckAllButton() {
  const [state, action] = useActionState(checkAllNowAction, idle);
  return (
    <form action={action} className="flex flex-col items-end gap-2">
      <SubmitButton variant="secondary" pendingText="Asking…">
        Check all now
      </SubmitButton>
      <FormStatus state={state} />
    </form>
  );
}
