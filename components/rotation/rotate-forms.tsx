'use client';

import { useActionState, useRef, useState } from 'react';
import { addPasswordAction, removeOldSecretAction, rollbackAction, rotateSecretAction } from '@/app/(portal)/keys/[keyId]/rotate/actions';
import { Button, type ButtonVariant } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Select } from '@/components/ui/select';
import { SubmitButton } from '@/components/ui/submit-button';
import { idle } from '@/lib/validation/action-state';

export function PasteSecretForm({ keyId, windowSeconds }: { keyId: string; windowSeconds: number }) {
  const [state, action] = useActionState(rotateSecretAction, idle);
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="keyId" value={keyId} />
      <Field label="New client secret Value" name="clientSecret" type="password" autoComplete="off" required errors={state.fieldErrors?.clientSecret} hint="The Value column, shown once when the secret is created; not the Secret ID." />
      <Field label="Secret expires" name="expiresAt" type="date" errors={state.fieldErrors?.expiresAt} hint="Read from Microsoft Graph instead when the key may read its app." />
      <SubmitButton pendingText={`Testing the new secret (up to ${windowSeconds} s)…`}>Test and swap</SubmitButton>
      <FormStatus state={state} />
    </form>
  );
}

export function AddPasswordForm({ keyId, days }: { keyId: string; days: readonly number[] }) {
  const [state, action] = useActionState(addPasswordAction, idle);
  const stamp = new Date().toISOString().slice(0, 7);
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="keyId" value={keyId} />
      <Field label="Secret description" name="displayName" defaultValue={`authKey Portal ${stamp}`} errors={state.fieldErrors?.displayName} />
      <Select label="Expires after" name="days" id="add-password-days" defaultValue="180" options={days.map((d) => ({ value: String(d), label: d === 730 ? '24 months' : `${d} days` }))} errors={state.fieldErrors?.days} />
      <SubmitButton pendingText="Creating and testing the secret…">Create a new secret in Azure</SubmitButton>
      <FormStatus state={state} />
    </form>
  );
}

/** A destructive step asks once more, inline, with the focus on the confirming button. */
function ConfirmForm({ keyId, action, label, question, confirmLabel, variant = 'danger' }: { keyId: string; action: typeof rollbackAction; label: string; question: string; confirmLabel: string; variant?: ButtonVariant }) {
  const [state, formAction] = useActionState(action, idle);
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLDivElement>(null);
  return (
    <form action={formAction} className="space-y-2">
      <input type="hidden" name="keyId" value={keyId} />
      {asking ? (
        <div role="alertdialog" aria-label={label} ref={confirmRef} className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950">
          <p>{question}</p>
          <div className="flex gap-2">
            <SubmitButton variant={variant} pendingText="Working…">
              {confirmLabel}
            </SubmitButton>
            <Button variant="secondary" onClick={() => setAsking(false)}>
              Cancel
            </Button>
          </div>
        </div>
      ) : (
        <Button variant="secondary" onClick={() => setAsking(true)}>
          {label}
        </Button>
      )}
      <FormStatus state={state} />
    </form>
  );
}

export function RollbackForm({ keyId }: { keyId: string }) {
  return <ConfirmForm keyId={keyId} action={rollbackAction} label="Roll back" question="Make the previous secret active again? The new one is erased from the portal (it stays in Azure)." confirmLabel="Yes, roll back" />;
}

export function RemoveOldSecretForm({ keyId }: { keyId: string }) {
  return <ConfirmForm keyId={keyId} action={removeOldSecretAction} label="Delete the old secret in Azure" question="Delete the previous secret in Azure with removePassword? Anything still using it stops working, and rollback is no longer possible." confirmLabel="Yes, delete it in Azure" />;
}
