'use client';

import { useActionState, useState } from 'react';
import { replaceSecretAction, type TestActionState } from '@/app/(portal)/keys/actions';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { SubmitButton } from '@/components/ui/submit-button';
import { useKeySchemas } from '@/components/keys/key-values';
import { TestResultView } from '@/components/keys/lazy-test-result';

/** Replaces the stored secret with a new Value (the old one is erased), then tests the key. */
export function ReplaceSecretForm({ keyId }: { keyId: string }) {
  const [secret, setSecret] = useState('');
  const [touched, setTouched] = useState(false);
  const [state, action] = useActionState(replaceSecretAction, { status: 'idle' } as TestActionState);
  // The form stays open until a submit succeeds: it remembers the state it was opened on.
  const [openedOn, setOpenedOn] = useState<TestActionState | null>(null);
  const open = openedOn !== null && (state === openedOn || state.status === 'error');
  const schemas = useKeySchemas();
  const live = touched && secret && schemas ? schemas.clientSecretSchema.safeParse(secret) : null;
  const errors = live && !live.success ? [live.error.issues[0].message] : state.fieldErrors?.clientSecret;
  if (!open) {
    return (
      <div className="space-y-3">
        <Button
          variant="secondary"
          onClick={() => {
            setSecret('');
            setTouched(false);
            setOpenedOn(state);
          }}
        >
          Replace secret
        </Button>
        {state.status === 'success' ? <FormStatus state={state} /> : null}
        {state.result ? <TestResultView result={state.result} /> : null}
      </div>
    );
  }
  return (
    <form
      action={action}
      className="space-y-4"
      aria-label="Replace secret"
    >
      <input type="hidden" name="keyId" value={keyId} />
      <Field
        label="Client Secret"
        name="clientSecret"
        type="password"
        autoComplete="off"
        value={secret}
        onChange={(e) => setSecret(e.target.value)}
        onBlur={() => setTouched(true)}
        errors={errors}
        hint="The new secret's Value, from Certificates & secrets (steps 13–16). The stored secret is erased."
        required
      />
      <Field label="Secret expires" name="secretExpiresAt" type="date" errors={state.fieldErrors?.secretExpiresAt} />
      <FormStatus state={state} />
      <div className="flex gap-2">
        <SubmitButton pendingText="Replacing…">Replace and test</SubmitButton>
        <Button variant="ghost" onClick={() => setOpenedOn(null)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
