'use client';

import { useActionState } from 'react';
import { createFirstAdminAction } from '@/app/(auth)/actions';
import { Alert } from '@/components/ui/alert';
import { Field } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { idle } from '@/lib/validation/action-state';

export function FirstAdminForm() {
  const [state, action] = useActionState(createFirstAdminAction, idle);
  return (
    <form action={action} className="space-y-4" noValidate>
      {state.status === 'error' && state.message ? <Alert tone="error">{state.message}</Alert> : null}
      <Field label="Name" name="name" autoComplete="name" required defaultValue={state.values?.name} errors={state.fieldErrors?.name} />
      <Field label="Email" name="email" type="email" autoComplete="username" required defaultValue={state.values?.email} errors={state.fieldErrors?.email} />
      <Field label="Password" name="password" type="password" autoComplete="new-password" required hint="At least 12 characters." errors={state.fieldErrors?.password} />
      <Field label="Confirm password" name="confirm" type="password" autoComplete="new-password" required errors={state.fieldErrors?.confirm} />
      <SubmitButton className="w-full" pendingText="Creating…">
        Create the first administrator
      </SubmitButton>
    </form>
  );
}
