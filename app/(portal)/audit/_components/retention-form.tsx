'use client';

import { useActionState } from 'react';
import { setAuditRetentionAction } from '@/app/(portal)/audit/actions';
import { FormStatus } from '@/components/ui/form-status';
import { Select } from '@/components/ui/select';
import { SubmitButton } from '@/components/ui/submit-button';
import { idle } from '@/lib/validation/action-state';

const label = (d: number) => (d === 0 ? 'Keep forever' : d % 365 === 0 ? `${d / 365} year${d === 365 ? '' : 's'}` : `${d} days`);

export function RetentionForm({ days, choices }: { days: number; choices: readonly number[] }) {
  const [state, action] = useActionState(setAuditRetentionAction, idle);
  return (
    <form action={action} className="space-y-3">
      <FormStatus state={state} />
      <div className="flex flex-wrap items-end gap-3">
        <Select label="Keep audit rows for" name="days" id="retention-days" defaultValue={String(days)} options={choices.map((d) => ({ value: String(d), label: label(d) }))} errors={state.fieldErrors?.days} />
        <SubmitButton variant="secondary" pendingText="Saving…">
          Save retention
        </SubmitButton>
      </div>
      <p className="text-xs text-slate-600 dark:text-slate-400">Saving removes rows older than the period at once (and at every start). The removal is itself audited.</p>
    </form>
  );
}
