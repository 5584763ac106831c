'use client';

import { useActionState, useEffect, useRef, useState, type ReactNode } from 'react';
import { Button, type ButtonVariant } from '@/components/ui/button';
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
  /** The trigger's accessible name, when its text alone does not say which row it acts on. */
  triggerLabel?: string;
  question: ReactNode;
  confirm: string;
  pending: string;
  triggerVariant?: ButtonVariant;
  confirmVariant?: ButtonVariant;
  /** `panel` frames the question in an amber box, for steps that change a credential. */
  tone?: 'inline' | 'panel';
};

const frames = {
  inline: 'flex flex-wrap items-center gap-2 text-sm',
  panel: 'space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950',
};

/**
 * A destructive action that asks first. The question takes the focus on its confirming button, so
 * Enter confirms and Escape (or Cancel) gives the focus back to the trigger. The question closes
 * when the server answers, leaving the outcome in view.
 */
export function ConfirmActionForm({ action, fields, label, trigger, triggerLabel, question, confirm, pending, triggerVariant = 'ghost', confirmVariant = 'danger', tone = 'inline' }: Props) {
  const [state, submit] = useActionState(action, idle);
  // The question stays open only for the answer it was asked at: a new answer closes it.
  const [askedAt, setAskedAt] = useState<ActionState | null>(null);
  const asking = askedAt === state;
  const dialog = useRef<HTMLDivElement>(null);
  const triggerButton = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);

  useEffect(() => {
    if (asking) dialog.current?.querySelector<HTMLButtonElement>('button[type="submit"]')?.focus();
    else if (wasAsking.current) triggerButton.current?.focus(); // Gone when the row was deleted.
    wasAsking.current = asking;
  }, [asking]);

  const buttons = (
    <>
      <SubmitButton variant={confirmVariant} pendingText={pending}>
        {confirm}
      </SubmitButton>
      <Button variant="secondary" onClick={() => setAskedAt(null)}>
        Cancel
      </Button>
    </>
  );
  return (
    <form action={submit} className="space-y-2">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {asking ? (
        <div
          role="alertdialog"
          aria-label={label}
          ref={dialog}
          className={frames[tone]}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setAskedAt(null);
          }}
        >
          {tone === 'panel' ? (
            <>
              <p>{question}</p>
              <div className="flex gap-2">{buttons}</div>
            </>
          ) : (
            <>
              <span>{question}</span>
              {buttons}
            </>
          )}
        </div>
      ) : (
        <Button ref={triggerButton} variant={triggerVariant} aria-label={triggerLabel} onClick={() => setAskedAt(state)}>
          {trigger}
        </Button>
      )}
      <FormStatus state={state} />
    </form>
  );
}
