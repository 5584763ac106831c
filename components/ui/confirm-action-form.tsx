'use client';

import { useActionState, useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { FormStatus } from '@/components/ui/form-status';
import { SubmitButton } from '@/components/ui/submit-button';
import { idle, type ActionState } from '@/lib/validation/action-state';

type Props = {
  action: (state: ActionState, form: FormData) => Promise<ActionState>;
  /** The form's hidden fields: which row the action is for. */
  fields: Record<string, string>;
  /** The accessible name of the question, such as "Revoke CI token". */
  label: string;
  trigger: ReactNode;
  question: ReactNode;
  confirm: string;
  pending: string;
};

/** A destructive action on one row: a ghost button that first asks, then submits. */
export function ConfirmActionForm({ action, fields, label, trigger, question, confirm, pending }: Props) {
  const [state, submit] = useActionState(action, idle);
  const [asking, setAsking] = useState(false);
  return (
    <form action={submit} className="space-y-2">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {asking ? (
        <div role="alertdialog" aria-label={label} className="flex flex-wrap items-center gap-2 text-sm">
          <span>{question}</span>
          <SubmitButton variant="danger" pendingText={pending}>
            {confirm}
          </SubmitButton>
          <Button variant="secondary" onClick={() => setAsking(false)}>
            Cancel
          </Button>
        </div>
      ) : (
        <Button variant="ghost" onClick={() => setAsking(true)}>
          {trigger}
        </Button>
      )}
      <FormStatus state={state} />
    </form>
  );
}
