'use client';

import { useActionState, useState } from 'react';
import { deleteUserAction, resetUserPasswordAction, setEnabledAction, type SecretActionState } from '@/app/(portal)/provisioning/actions';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { SubmitButton } from '@/components/ui/submit-button';
import { idle } from '@/lib/validation/action-state';
import { SecretOnce } from '@/components/provisioning/secret-once';

type Props = { keyId: string; userId: string; upn: string; enabled: boolean; can: { enable: boolean; reset: boolean; remove: boolean }; notes: { enable?: string; reset?: string; remove?: string } };

/** Sign-in, password and deletion: each its own small form, destructive ones confirmed first. */
export function UserAccountActions({ keyId, userId, upn, enabled, can, notes }: Props) {
  const [enableState, enableAction] = useActionState(setEnabledAction, idle);
  const [resetState, resetAction] = useActionState<SecretActionState, FormData>(resetUserPasswordAction, idle);
  const [deleteState, deleteAction] = useActionState(deleteUserAction, idle);
  const [confirming, setConfirming] = useState(false);
  const hidden = (
    <>
      <input type="hidden" name="keyId" value={keyId} />
      <input type="hidden" name="userId" value={userId} />
    </>
  );
  return (
    <div className="space-y-6">
      <section aria-labelledby="signin-heading" className="space-y-2">
        <h3 id="signin-heading" className="text-sm font-semibold">
          Sign-in
        </h3>
        <p className="text-sm">{enabled ? 'This account can sign in.' : 'Sign-in is blocked for this account.'}</p>
        <form action={enableAction}>
          {hidden}
          <input type="hidden" name="enabled" value={enabled ? 'false' : 'true'} />
          <fieldset disabled={!can.enable} aria-describedby={can.enable ? undefined : notes.enable}>
            <SubmitButton variant={enabled ? 'danger' : 'secondary'} pendingText="Saving…">
              {enabled ? 'Block sign-in' : 'Allow sign-in'}
            </SubmitButton>
          </fieldset>
        </form>
        <FormStatus state={enableState} />
      </section>
      <section aria-labelledby="password-heading" className="space-y-2">
        <h3 id="password-heading" className="text-sm font-semibold">
          Password
        </h3>
        <form action={resetAction} className="space-y-2">
          {hidden}
          <fieldset disabled={!can.reset} aria-describedby={can.reset ? undefined : notes.reset} className="space-y-2">
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="forceChangePassword" defaultChecked /> Require a password change at next sign-in
            </label>
            <SubmitButton variant="secondary" pendingText="Resetting…">
              Reset password
            </SubmitButton>
          </fieldset>
        </form>
        {resetState.status === 'success' && resetState.secret ? <SecretOnce value={resetState.secret} label={`New password for ${upn}`} /> : <FormStatus state={resetState} />}
      </section>
      <section aria-labelledby="delete-heading" className="space-y-2">
        <h3 id="delete-heading" className="text-sm font-semibold text-red-700 dark:text-red-400">
          Delete user
        </h3>
        {!confirming ? (
          <Button variant="danger" disabled={!can.remove} aria-describedby={can.remove ? undefined : notes.remove} onClick={() => setConfirming(true)}>
            Delete user…
          </Button>
        ) : (
          <form action={deleteAction} className="space-y-3 rounded-md border border-red-200 p-3 dark:border-red-900">
            {hidden}
            <p className="text-sm">
              The user is moved to deleted users and can be restored in Entra for 30 days. Type <strong>{upn}</strong> to confirm.
            </p>
            <Field label="User principal name" name="confirm" autoComplete="off" autoFocus errors={deleteState.fieldErrors?.confirm} />
            <div className="flex gap-2">
              <SubmitButton variant="danger" pendingText="Deleting…">
                Delete permanently
              </SubmitButton>
              <Button variant="secondary" onClick={() => setConfirming(false)}>
                Cancel
              </Button>
            </div>
            <FormStatus state={deleteState} />
          </form>
        )}
      </section>
    </div>
  );
}
