'use client';

import { useActionState, useState } from 'react';
import { addPasswordAction, removeOldSecretAction, rollbackAction, rotateSecretAction } from '@/app/(portal)/keys/[keyId]/rotate/actions';
import { ConfirmActionForm } from '@/components/ui/confirm-action-form';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Select } from '@/components/ui/select';
import { SubmitButton } from '@/components/ui/submit-button';
import type { RotateState } from '@/lib/server/rotation';
import { idle } from '@/lib/validation/action-state';

/**
 * Asks once when the new secret would expire before the current one. The confirming button sends
 * the same form again with confirmShorter=yes (the pasted value is still in the field: the form's
 * inputs are controlled, so React does not clear them after the first answer).
 */
function ShorterConfirmation({ state }: { state: RotateState }) {
  if (!state.shorter) return null;
  return (
    <div role="alertdialog" aria-labelledby="shorter-title" aria-describedby="shorter-text" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950">
      <p id="shorter-title" className="font-semibold">
        The new secret expires {state.shorter.days} day{state.shorter.days === 1 ? '' : 's'} sooner
      </p>
      <p id="shorter-text">
        It expires on {state.shorter.newExpiresAt.slice(0, 10)}; the current one on {state.shorter.currentExpiresAt.slice(0, 10)}. Swapping shortens this key’s life, and deleting the current secret later
        would throw away the longer-lived one.
      </p>
      <SubmitButton name="confirmShorter" value="yes" variant="danger" pendingText="Swapping…">
        Use the shorter-lived secret anyway
      </SubmitButton>
    </div>
  );
}

export function PasteSecretForm({ keyId, windowSeconds }: { keyId: string; windowSeconds: number }) {
  const [state, action] = useActionState<RotateState, FormData>(rotateSecretAction, idle);
  const [value, setValue] = useState('');
  const [expires, setExpires] = useState('');
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="keyId" value={keyId} />
      <Field label="New client secret Value" name="clientSecret" type="password" autoComplete="off" required value={value} onChange={(e) => setValue(e.target.value)} errors={state.fieldErrors?.clientSecret} hint="The Value column, shown once when the secret is created; not the Secret ID." />
      <Field label="Secret expires" name="expiresAt" type="date" value={expires} onChange={(e) => setExpires(e.target.value)} errors={state.fieldErrors?.expiresAt} hint="Read from Microsoft Graph instead when the key may read its app." />
      {state.shorter ? null : <SubmitButton pendingText={`Testing the new secret (up to ${windowSeconds} s)…`}>Test and swap</SubmitButton>}
      <ShorterConfirmation state={state} />
      {state.shorter ? null : <FormStatus state={state} />}
    </form>
  );
}

export function AddPasswordForm({ keyId, days }: { keyId: string; days: readonly number[] }) {
  const [state, action] = useActionState<RotateState, FormData>(addPasswordAction, idle);
  const [name, setName] = useState(`authKey Portal ${new Date().toISOString().slice(0, 7)}`);
  const [lifetime, setLifetime] = useState('180');
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="keyId" value={keyId} />
      <Field label="Secret description" name="displayName" value={name} onChange={(e) => setName(e.target.value)} errors={state.fieldErrors?.displayName} />
      <Select label="Expires after" name="days" id="add-password-days" value={lifetime} onChange={(e) => setLifetime(e.target.value)} options={days.map((d) => ({ value: String(d), label: d === 730 ? '24 months' : `${d} days` }))} errors={state.fieldErrors?.days} />
      {state.shorter ? null : <SubmitButton pendingText="Creating and testing the secret…">Create a new secret in Azure</SubmitButton>}
      <ShorterConfirmation state={state} />
      {state.shorter ? null : <FormStatus state={state} />}
    </form>
  );
}

export function RollbackForm({ keyId }: { keyId: string }) {
  return (
    <ConfirmActionForm
      action={rollbackAction}
      fields={{ keyId }}
      label="Roll back"
      trigger="Roll back"
      triggerVariant="secondary"
      tone="panel"
      question="Make the previous secret active again? The new one is erased from the portal (it stays in Azure)."
      confirm="Yes, roll back"
      pending="Rolling back…"
    />
  );
}

type SecretDates = { hint: string | null; expiresAt: string | null };
const secretWords = (s: SecretDates) => `starts with ${s.hint ?? '?'}…, ${s.expiresAt ? `expires ${s.expiresAt.slice(0, 10)}` : 'no end date known'}`;

/** Names both end dates: deleting the one that lives longer is a mistake worth seeing. */
export function RemoveOldSecretForm({ keyId, previous, current }: { keyId: string; previous: SecretDates; current: SecretDates | null }) {
  const longer = previous.expiresAt && current?.expiresAt && previous.expiresAt > current.expiresAt;
  const question = `Delete the previous secret (${secretWords(previous)}) in Azure with removePassword? The current one ${current ? `(${secretWords(current)})` : ''} stays.${longer ? ' The previous secret lives longer than the current one.' : ''} Anything still using the previous one stops working, and rollback is no longer possible.`;
  return (
    <ConfirmActionForm
      action={removeOldSecretAction}
      fields={{ keyId }}
      label="Delete the old secret in Azure"
      trigger="Delete the old secret in Azure"
      triggerVariant="secondary"
      tone="panel"
      question={question}
      confirm="Yes, delete it in Azure"
      pending="Deleting it in Azure…"
    />
  );
}
