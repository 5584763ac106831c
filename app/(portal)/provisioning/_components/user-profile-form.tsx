'use client';

import { useActionState } from 'react';
import { updateUserAction } from '@/app/(portal)/provisioning/actions';
import { FormStatus } from '@/components/ui/form-status';
import { SubmitButton } from '@/components/ui/submit-button';
import { idle } from '@/lib/validation/action-state';
import { ProfileFields } from '@/components/provisioning/profile-fields';

type Props = { keyId: string; userId: string; values: Record<string, string | null>; countries: { value: string; label: string }[]; disabled: boolean; noteId?: string };

export function UserProfileForm({ keyId, userId, values, countries, disabled, noteId }: Props) {
  const [state, action] = useActionState(updateUserAction, idle);
  return (
    <form action={action} className="space-y-4">
      <input type="hidden" name="keyId" value={keyId} />
      <input type="hidden" name="userId" value={userId} />
      <fieldset disabled={disabled} aria-describedby={disabled ? noteId : undefined} className="space-y-4">
        <legend className="sr-only">Profile</legend>
        <ProfileFields values={values} errors={state.fieldErrors ?? {}} countries={countries} />
        <SubmitButton pendingText="Saving…">Save profile</SubmitButton>
      </fieldset>
      <FormStatus state={state} />
    </form>
  );
}
