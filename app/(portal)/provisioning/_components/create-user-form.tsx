'use client';

import Link from 'next/link';
import { useActionState, useState } from 'react';
import { createUserAction, type SecretActionState } from '@/app/(portal)/provisioning/actions';
import { SearchableMultiSelect } from '@/components/ui/searchable-select';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Select } from '@/components/ui/select';
import { SubmitButton } from '@/components/ui/submit-button';
import { mailNicknameFrom } from '@/lib/validation/provisioning-rules';
import { ProfileFields } from '@/components/provisioning/profile-fields';
import { SecretOnce } from '@/components/provisioning/secret-once';

type Props = {
  keyId: string;
  domains: string[];
  countries: { value: string; label: string }[];
  groups: { id: string; displayName: string | null }[] | null;
  skus: { skuId: string; skuPartNumber: string; free: number; enabled: number }[] | null;
  groupsNote: React.ReactNode;
  licensesNote: React.ReactNode;
};

/** Entra's "New user" form: identity, password, account settings, profile, then groups and a license. */
export function CreateUserForm({ keyId, domains, countries, groups, skus, groupsNote, licensesNote }: Props) {
  const [state, action] = useActionState<SecretActionState, FormData>(createUserAction, { status: 'idle' });
  const [userName, setUserName] = useState('');
  const [mode, setMode] = useState<'generate' | 'type'>('generate');
  const e = state.fieldErrors ?? {};
  const v = state.values ?? {};
  if (state.status === 'success' && state.upn) {
    return (
      <div className="space-y-4">
        <FormStatus state={state} />
        {state.secret ? <SecretOnce value={state.secret} label={`Initial password for ${state.upn}`} /> : null}
        <div className="flex gap-3">
          <Link className="text-sm font-medium text-blue-700 underline dark:text-blue-300" href={`/provisioning/${keyId}/users/${encodeURIComponent(state.userId ?? state.upn)}`}>
            Open {state.upn}
          </Link>
          <Link className="text-sm font-medium text-blue-700 underline dark:text-blue-300" href={`/provisioning/${keyId}`}>
            Back to users
          </Link>
        </div>
      </div>
    );
  }
  return (
    <form action={action} className="space-y-6" noValidate>
      <input type="hidden" name="keyId" value={keyId} />
      <FormStatus state={state} />
      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold">Identity</legend>
        <div className="grid gap-4 sm:grid-cols-[1fr_auto_1fr] sm:items-start">
          <Field label="User name" name="userName" required autoComplete="off" defaultValue={v.userName} onChange={(ev) => setUserName(ev.target.value)} errors={e.userName} hint="The part before @ of the user principal name." />
          <span aria-hidden className="hidden pt-8 text-slate-600 dark:text-slate-400 sm:block">@</span>
          <Select label="Domain" name="domain" options={domains.map((d) => ({ value: d, label: d }))} defaultValue={v.domain || domains[0]} errors={e.domain} />
        </div>
        <Field label="Display name" name="displayName" required defaultValue={v.displayName} errors={e.displayName} />
        <Field label="Mail nickname" name="mailNickname" defaultValue={v.mailNickname} placeholder={userName ? mailNicknameFrom(userName) : undefined} errors={e.mailNickname} hint="Derived from the user name when left blank." />
      </fieldset>
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold">Password</legend>
        <div className="flex flex-wrap gap-4 text-sm">
          <label className="flex items-center gap-2">
            <input type="radio" name="passwordMode" value="generate" checked={mode === 'generate'} onChange={() => setMode('generate')} /> Auto-generate password
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="passwordMode" value="type" checked={mode === 'type'} onChange={() => setMode('type')} /> Let me create the password
          </label>
        </div>
        {mode === 'type' ? <Field label="Password" name="password" type="password" autoComplete="new-password" errors={e.password} hint="At least 8 characters from three of: upper case, lower case, digits, symbols." /> : null}
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="forceChangePassword" defaultChecked /> Require a password change at next sign-in
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="accountEnabled" defaultChecked /> Account enabled
        </label>
      </fieldset>
      <fieldset className="space-y-4">
        <legend className="text-sm font-semibold">Properties</legend>
        <ProfileFields values={v} errors={e} countries={countries} hideDisplayName />
      </fieldset>
      <fieldset className="space-y-2" disabled={!groups} aria-describedby={groups ? undefined : 'groups-note'}>
        <legend className="text-sm font-semibold">Groups (optional)</legend>
        {groupsNote}
        <SearchableMultiSelect
          label="Add to groups"
          name="groupIds"
          options={(groups ?? []).map((g) => ({ value: g.id, label: g.displayName ?? g.id }))}
          errors={e.groupIds}
          disabled={!groups}
          hint="Type part of a group's name and press Enter; pick as many as you need."
        />
      </fieldset>
      <fieldset className="space-y-2" disabled={!skus} aria-describedby={skus ? undefined : 'licenses-note'}>
        <legend className="text-sm font-semibold">License (optional)</legend>
        {licensesNote}
        <Select
          label="License"
          name="skuId"
          options={[{ value: '', label: 'No license' }, ...(skus ?? []).map((s) => ({ value: s.skuId, label: `${s.skuPartNumber} (${s.free} of ${s.enabled} free)` }))]}
          errors={e.skuId}
        />
        <p className="text-xs text-slate-600 dark:text-slate-400">A license needs a usage location.</p>
      </fieldset>
      <SubmitButton pendingText="Creating…">Create user</SubmitButton>
    </form>
  );
}
