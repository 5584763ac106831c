'use client';

import { useActionState } from 'react';
import { createAccountAction } from '@/app/(portal)/settings/accounts/actions';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Select } from '@/components/ui/select';
import { SubmitButton } from '@/components/ui/submit-button';
import { idle } from '@/lib/validation/action-state';
import { ROLE_OPTIONS } from '@/components/accounts/roles';

export function CreateAccountForm() {
  const [state, action] = useActionState(createAccountAction, idle);
  // A new key per success empties the form for the next account.
  const formKey = state.status === 'success' ? state.message : 'form';
  return (
    <form key={formKey} action={action} className="grid gap-4 md:grid-cols-2" noValidate>
      <div className="md:col-span-2">
        <FormStatus state={state} />
      </div>
      <Field label="Name" name="name" id="new-name" autoComplete="off" required maxLength={120} defaultValue={state.values?.name} errors={state.fieldErrors?.name} />
      <Field label="Email" name="email" id="new-email" type="email" autoComplete="off" required maxLength={320} defaultValue={state.values?.email} errors={state.fieldErrors?.email} />
      <Select label="Role" name="role" id="new-role" options={ROLE_OPTIONS} defaultValue={state.values?.role || 'operator'} errors={state.fieldErrors?.role} />
      <Field
        label="Initial password"
        name="password"
        id="new-password"
        type="password"
        autoComplete="new-password"
        required
        maxLength={128}
        hint="12 to 128 characters. They must change it when they first sign in."
        errors={state.fieldErrors?.password}
      />
      <div className="md:col-span-2">
        <SubmitButton pendingText="Creating…">Create account</SubmitButton>
      </div>
    </form>
  );
}
