'use client';

import { useActionState, useState } from 'react';
import { newSandboxSecretAction, type NewSecretState } from '@/app/(portal)/sandbox/actions';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { SubmitButton } from '@/components/ui/submit-button';
import { idle } from '@/lib/validation/action-state';

/** "New client secret" for one sandbox app, as in Azure's Certificates & secrets. */
export function NewSecretForm({ clientId, appName }: { clientId: string; appName: string }) {
  const [state, action] = useActionState<NewSecretState, FormData>(newSandboxSecretAction, idle);
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <Button variant="secondary" onClick={() => setOpen(true)} aria-label={`New client secret for ${appName}`}>
        New client secret
      </Button>
    );
  }
  return (
    <form action={action} aria-label={`New client secret for ${appName}`} className="space-y-3 rounded-md border border-slate-200 p-3 dark:border-slate-700">
      <input type="hidden" name="clientId" value={clientId} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Description" name="displayName" id={`new-secret-name-${clientId}`} defaultValue="Rotation test" errors={state.fieldErrors?.displayName} />
        <Field label="Expires after (days)" name="days" id={`new-secret-days-${clientId}`} type="number" min={1} max={730} defaultValue="180" errors={state.fieldErrors?.days} />
      </div>
      <div className="flex gap-2">
        <SubmitButton pendingText="Creating…">Add</SubmitButton>
        <Button variant="secondary" onClick={() => setOpen(false)}>
          Close
        </Button>
      </div>
      <FormStatus state={state} />
      {state.secret ? (
        <dl className="space-y-1 text-sm" data-testid="new-sandbox-secret">
          <div className="flex flex-wrap items-center gap-2">
            <dt className="font-medium">Value</dt>
            <dd className="flex items-center gap-2">
              <code className="break-all rounded bg-slate-100 px-1.5 py-0.5 text-xs dark:bg-slate-800">{state.secret.value}</code>
              <CopyButton value={state.secret.value} label="new secret Value" />
            </dd>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <dt className="font-medium">Secret ID</dt>
            <dd>
              <code className="text-xs">{state.secret.secretId}</code> (not the secret)
            </dd>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <dt className="font-medium">Expires</dt>
            <dd>{state.secret.expiresAt.slice(0, 10)}</dd>
          </div>
        </dl>
      ) : null}
    </form>
  );
}
