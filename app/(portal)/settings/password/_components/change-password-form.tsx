'use client';

import { useActionState } from 'react';
import { changeOwnPasswordAction } from '@/app/(portal)/settings/password/actions';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { SubmitButton } from '@/components/ui/submit-button';
import { idle } from '@/lib/validation/action-state';

export function ChangePasswordForm({ forced = false }: { forced?: boolean }) {
  const [state, action] = useActionState(changeOwnPasswordAction, idle);
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormStatus state={state} />
      {forced ? <input type="hidden" name="forced" value="1" /> : null}
      <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" required errors={state.fieldErrors?.currentPassword} />
      <Field
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        maxLength={128}
        hint="12 to 128 characters. Common passwords are refused; a few unrelated words make a good one."
        errors={state.fieldErrors?.newPassword}
      />
      <Field label="Confirm new password" name="confirm" type="password" autoComplete="new-password" required maxLength={128} errors={state.fieldErrors?.confirm} />
      <SubmitButton pendingText="Changing…">Change password</SubmitButton>
    </form>
  );
}
