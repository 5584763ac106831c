'use client';

import { useActionState } from 'react';
import { saveThresholdsAction } from '@/app/(portal)/settings/thresholds/actions';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { SubmitButton } from '@/components/ui/submit-button';
import type { ExpirySettings } from '@/lib/dal/expiry-settings';
import { idle } from '@/lib/validation/action-state';

export function ThresholdsForm({ settings, readOnly }: { settings: ExpirySettings; readOnly: boolean }) {
  const [state, action] = useActionState(saveThresholdsAction, idle);
  const v = (name: string, fallback: string | number) => state.values?.[name] ?? String(fallback);
  const e = (name: string) => state.fieldErrors?.[name];
  return (
    <form action={action} className="space-y-6">
      <FormStatus state={state} />
      <fieldset disabled={readOnly} className="space-y-6">
        <fieldset className="grid gap-4 sm:grid-cols-3">
          <legend className="mb-2 text-sm font-semibold">Dashboard bands (days left)</legend>
          <Field label="Critical at or under" name="critical" type="number" min={1} defaultValue={v('critical', settings.thresholds.critical)} errors={e('critical')} />
          <Field label="Warning at or under" name="warning" type="number" min={1} defaultValue={v('warning', settings.thresholds.warning)} errors={e('warning')} />
          <Field label="Notice at or under" name="notice" type="number" min={1} defaultValue={v('notice', settings.thresholds.notice)} errors={e('notice')} />
        </fieldset>
        <fieldset className="space-y-3">
          <legend className="mb-2 text-sm font-semibold">Alerts</legend>
          <Field label="Alert when a secret has this many days left" name="alertDays" defaultValue={v('alertDays', settings.alerts.thresholds.join(', '))} errors={e('alertDays')} hint="Comma-separated, e.g. 30, 14, 7, 1. Each sends one alert per secret, once." />
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="onExpired" defaultChecked={settings.alerts.onExpired} /> Alert when a secret has expired
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="onFailedCheck" defaultChecked={settings.alerts.onFailedCheck} /> Alert when a scheduled health check fails
          </label>
        </fieldset>
        <fieldset className="grid gap-4 sm:grid-cols-3">
          <legend className="mb-2 text-sm font-semibold">Health checks and rotation</legend>
          <Field label="Check every key every (hours)" name="intervalHours" type="number" min={1} defaultValue={v('intervalHours', settings.scheduler.intervalHours)} errors={e('intervalHours')} />
          <Field label="Keep testing a new secret for (seconds)" name="testWindowSeconds" type="number" min={0} defaultValue={v('testWindowSeconds', settings.rotation.testWindowSeconds)} errors={e('testWindowSeconds')} hint="New secrets can take a minute to work in Entra ID." />
          <Field label="Keep the previous secret for rollback (days)" name="graceDays" type="number" min={0} defaultValue={v('graceDays', settings.rotation.graceDays)} errors={e('graceDays')} />
        </fieldset>
      </fieldset>
      {readOnly ? null : <SubmitButton pendingText="Saving…">Save thresholds</SubmitButton>}
    </form>
  );
}
