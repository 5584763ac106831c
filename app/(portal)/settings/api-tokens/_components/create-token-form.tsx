'use client';

import { useActionState, useState } from 'react';
import { createApiTokenAction, type CreateTokenState } from '@/app/(portal)/settings/api-tokens/actions';
import { SecretOnce } from '@/components/provisioning/secret-once';
import { Field, FieldMessages } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { SubmitButton } from '@/components/ui/submit-button';
import { API_SCOPES, API_TOKEN_DAYS, API_TOKEN_RATE, type ApiScope } from '@/lib/api/scopes';

const idle: CreateTokenState = { status: 'idle' };
const PER_KEY_FIELD: Partial<Record<ApiScope, string>> = { 'tokens:issue': 'tokenKeyIds', 'provisioning:write': 'provisioningKeyIds' };

export function CreateTokenForm({ keys }: { keys: { id: string; name: string }[] }) {
  const [state, action] = useActionState(createApiTokenAction, idle);
  const [scopes, setScopes] = useState<Set<string>>(new Set(['keys:read']));
  const errors = state.fieldErrors ?? {};
  const toggle = (id: string, on: boolean) => setScopes((s) => (on ? new Set(s).add(id) : new Set([...s].filter((x) => x !== id))));
  return (
    <div className="space-y-4">
      {state.token ? <SecretOnce value={state.token} label={`API token “${state.name}”`} note="Copy it now: the portal keeps only its hash and cannot show it again. Send it as “Authorization: Bearer …”." /> : null}
      <form action={action} className="space-y-4" key={state.token ?? 'form'}>
        <Field label="Name" name="name" required maxLength={80} defaultValue={state.values?.name} errors={errors.name} hint="Who or what will use it, such as “Nightly onboarding pipeline”." />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Expires after (days)" name="days" type="number" min={1} max={API_TOKEN_DAYS.max} required defaultValue={state.values?.days ?? String(API_TOKEN_DAYS.default)} errors={errors.days} hint={`Default ${API_TOKEN_DAYS.default} days, at most ${API_TOKEN_DAYS.max}.`} />
          <Field label="Requests per minute" name="requestsPerMinute" type="number" min={1} max={API_TOKEN_RATE.max} required defaultValue={state.values?.requestsPerMinute ?? String(API_TOKEN_RATE.default)} errors={errors.requestsPerMinute} hint="Further requests get 429 with Retry-After." />
        </div>
        <fieldset className="space-y-3" aria-describedby={errors.scopes ? 'scopes-error' : undefined}>
          <legend className="text-sm font-medium">Scopes</legend>
          {API_SCOPES.map((s) => (
            <div key={s.id} className="space-y-2">
              <label className="flex items-start gap-2 text-sm">
                <input type="checkbox" name="scopes" value={s.id} checked={scopes.has(s.id)} onChange={(e) => toggle(s.id, e.target.checked)} className="mt-1" />
                <span>
                  <span className="font-medium">{s.label}</span> <code className="text-xs">{s.id}</code>
                  <span className="block text-xs text-slate-600 dark:text-slate-400">{s.text}</span>
                </span>
              </label>
              {s.perKey && scopes.has(s.id) ? (
                <fieldset className="ml-6 space-y-1" aria-describedby={errors[PER_KEY_FIELD[s.id]!] ? `${PER_KEY_FIELD[s.id]}-error` : undefined}>
                  <legend className="text-xs font-medium">authKeys for {s.id}</legend>
                  {keys.length === 0 ? <p className="text-xs text-slate-600">No authKey yet: create one first.</p> : null}
                  {keys.map((k) => (
                    <label key={k.id} className="flex items-center gap-2 text-sm">
                      <input type="checkbox" name={PER_KEY_FIELD[s.id]} value={k.id} aria-label={`${k.name} for ${s.id}`} />
                      {k.name}
                    </label>
                  ))}
                  <FieldMessages id={`${PER_KEY_FIELD[s.id]}-error`} errors={errors[PER_KEY_FIELD[s.id]!]} />
                </fieldset>
              ) : null}
            </div>
          ))}
          <FieldMessages id="scopes-error" errors={errors.scopes} />
        </fieldset>
        <FormStatus state={state.token ? idle : state} />
        <SubmitButton pendingText="Creating…">Create token</SubmitButton>
      </form>
    </div>
  );
}
