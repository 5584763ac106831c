'use client';

import { useActionState, useState } from 'react';
import { saveAutoRotationAction } from '@/app/(portal)/keys/[keyId]/actions';
import { Field, FieldMessages } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { SubmitButton } from '@/components/ui/submit-button';
import { idle } from '@/lib/validation/action-state';

type Props = { keyId: string; kind: 'secret' | 'certificate'; enabled: boolean; daysBefore: number; lifetimeDays: number; overlapDays: number; unavailable: string | null };

/** The key page's automatic rotation settings (administrators). */
export function AutoRotationForm({ keyId, kind, enabled, daysBefore, lifetimeDays, overlapDays, unavailable }: Props) {
  const [state, action] = useActionState(saveAutoRotationAction, idle);
  const v = state.values;
  const [on, setOn] = useState(v ? v.enabled === 'on' : enabled);
  const what = kind === 'certificate' ? 'certificate' : 'secret';
  return (
    <form action={action} className="space-y-4" noValidate aria-label="Automatic rotation settings">
      <input type="hidden" name="keyId" value={keyId} />
      <div>
        <label className="flex items-center gap-2 text-sm font-medium">
          <input type="checkbox" name="enabled" checked={on} onChange={(e) => setOn(e.target.checked)} disabled={Boolean(unavailable) && !on} aria-describedby={state.fieldErrors?.enabled ? 'enabled-error' : undefined} />
          Rotate this key’s {what} automatically
        </label>
        <FieldMessages id="enabled-error" errors={state.fieldErrors?.enabled} />
      </div>
      <div className="grid gap-4 md:grid-cols-3">
        <Field label="Days before expiry" name="daysBefore" type="number" min={1} max={180} defaultValue={v?.daysBefore ?? String(daysBefore)} errors={state.fieldErrors?.daysBefore} hint="When the rotation starts (default 30)." />
        <Field label={`New ${what} lifetime (days)`} name="lifetimeDays" type="number" min={7} max={730} defaultValue={v?.lifetimeDays ?? String(lifetimeDays)} errors={state.fieldErrors?.lifetimeDays} hint="Microsoft recommends 12 months or less." />
        <Field label="Overlap (days)" name="overlapDays" type="number" min={0} max={90} defaultValue={v?.overlapDays ?? String(overlapDays)} errors={state.fieldErrors?.overlapDays} hint={`How long the previous ${what} stays valid in Azure after the swap (default 7).`} />
      </div>
      <div className="flex items-center gap-3">
        <SubmitButton variant="secondary" pendingText="Saving…">
          Save rotation settings
        </SubmitButton>
      </div>
      <FormStatus state={state} />
    </form>
  );
}
