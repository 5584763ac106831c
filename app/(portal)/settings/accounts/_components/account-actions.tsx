'use client';

import { useActionState, useState } from 'react';
import { changeRoleAction, resetPasswordAction, setAccountDisabledAction } from '@/app/(portal)/settings/accounts/actions';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Select } from '@/components/ui/select';
import { SubmitButton } from '@/components/ui/submit-button';
import type { Role } from '@/contracts/enums';
import { idle } from '@/lib/validation/action-state';
import { ROLE_OPTIONS } from '@/components/accounts/roles';

type Props = { account: { id: string; email: string; role: Role; disabled: boolean }; isSelf: boolean };

/** The changes an administrator can make to one account, each a small form of its own. */
export function AccountActions({ account, isSelf }: Props) {
  const [roleState, roleAction] = useActionState(changeRoleAction, idle);
  const [disableState, disableAction] = useActionState(setAccountDisabledAction, idle);
  const [resetState, resetAction] = useActionState(resetPasswordAction, idle);
  // The status shows the outcome of the form used last, not of whichever ran first.
  const [last, setLast] = useState<'role' | 'disable' | 'reset'>('role');
  const current = { role: roleState, disable: disableState, reset: resetState }[last];
  const prefix = `account-${account.id}`;
  return (
    <div className="space-y-3">
      <FormStatus state={current} />
      <div className="flex flex-wrap items-end gap-3">
        <form action={(data) => { setLast('role'); roleAction(data); }} className="flex items-end gap-2">
          <input type="hidden" name="accountId" value={account.id} />
          <Select label={`Role of ${account.email}`} hideLabel name="role" id={`${prefix}-role`} options={ROLE_OPTIONS} defaultValue={account.role} />
          <SubmitButton variant="secondary" pendingText="Saving…">
            Change role
          </SubmitButton>
        </form>
        {isSelf ? null : (
          <form action={(data) => { setLast('disable'); disableAction(data); }}>
            <input type="hidden" name="accountId" value={account.id} />
            <input type="hidden" name="disabled" value={account.disabled ? 'false' : 'true'} />
            <SubmitButton variant={account.disabled ? 'secondary' : 'danger'} pendingText="Saving…">
              {account.disabled ? 'Enable' : 'Disable'}
            </SubmitButton>
          </form>
        )}
      </div>
      <details>
        <summary className="cursor-pointer text-sm font-medium text-blue-700 dark:text-blue-300">Reset password</summary>
        <form action={(data) => { setLast('reset'); resetAction(data); }} className="mt-2 flex flex-wrap items-end gap-2">
          <input type="hidden" name="accountId" value={account.id} />
          <Field
            label={`New password for ${account.email}`}
            name="password"
            id={`${prefix}-password`}
            type="password"
            autoComplete="new-password"
            required
            maxLength={128}
            errors={resetState.fieldErrors?.password}
          />
          <SubmitButton variant="secondary" pendingText="Saving…">
            Set password
          </SubmitButton>
        </form>
      </details>
    </div>
  );
}
