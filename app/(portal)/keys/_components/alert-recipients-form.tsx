'use client';

import { useActionState } from 'react';
import { saveAlertRecipientsAction } from '@/app/(portal)/keys/[keyId]/actions';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { SubmitButton } from '@/components/ui/submit-button';
import { idle } from '@/lib/validation/action-state';

// An invalid address is reported at its index ("recipients.2"): show them all beside the field.
function recipientErrors(fieldErrors: Record<string, string[]> | undefined): string[] | undefined {
  const errors = Object.entries(fieldErrors ?? {})
    .filter(([name]) => name === 'recipients' || name.startsWith('recipients.'))
    .flatMap(([, messages]) => messages);
  return errors.length ? [...new Set(errors)] : undefined;
}

export function AlertRecipientsForm({ keyId, recipients }: { keyId: string; recipients: string[] }) {
  const [state, action] = useActionState(saveAlertRecipientsAction, idle);
  return (
    <form action={action} className="space-y-3" noValidate>
      <FormStatus state={state} />
      <input type="hidden" name="keyId" value={keyId} />
      <Field
        label="Alert recipients"
        name="recipients"
        defaultValue={state.values?.recipients ?? recipients.join(', ')}
        placeholder="app-owner@example.com"
        hint="E-mail addresses (for example the app's owner) that receive this key's expiry and health alerts, besides each e-mail channel's own recipients. Separate them with commas."
        errors={recipientErrors(state.fieldErrors)}
      />
      <SubmitButton variant="secondary" pendingText="Saving…">
        Save recipients
      </SubmitButton>
    </form>
  );
}
