'use client';

import { Field, FieldMessages } from '@/components/ui/field';
import { Select } from '@/components/ui/select';
import type { KeyValues } from './key-values';

type Props = {
  values: KeyValues;
  onChange: (patch: Partial<KeyValues>) => void;
  onBlur: (field: keyof KeyValues) => void;
  /** Errors to show now (touched fields, or all after a submit). */
  errors: Record<string, string[] | undefined>;
  warnings: Record<string, string | undefined>;
  cloudOptions: readonly { id: string; label: string }[];
  mode: 'create' | 'edit';
  /** Edit mode: the stored secret's hint, so "blank keeps it" is concrete. */
  storedSecretHint?: string | null;
  passwordStored?: boolean;
  /** Edit mode: why the stored secret cannot be kept this time. */
  secretRequiredBecause?: string;
  /** The wizard: a secret picked from a sandbox app, filled in by the server. */
  sandboxSecret?: { appName: string; hint: string; onTypeInstead: () => void };
  /** The wizard's certificate (stage 3): shown in place of the Client Secret. */
  certificate?: { thumbprint: string | null; notAfter: string | null; onChange: () => void };
};

/** The authKey fields, labelled like Pliant's authKey (steps 15–19). */
export function KeyFields({ values, onChange, onBlur, errors, warnings, cloudOptions, mode, storedSecretHint, passwordStored, secretRequiredBecause, sandboxSecret, certificate }: Props) {
  const delegated = values.accessType === 'delegated';
  const text = (name: keyof KeyValues) => ({
    name,
    value: values[name] as string,
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => onChange({ [name]: e.target.value } as Partial<KeyValues>),
    onBlur: () => onBlur(name),
    errors: errors[name],
    warning: warnings[name],
  });
  return (
    <div className="space-y-5">
      <Field label="Name" {...text('name')} required maxLength={100} hint="How this key appears in the portal and in Pliant." />
      <Field label="Description" {...text('description')} maxLength={500} hint="Mention the Azure app's name, for reference later (step 15)." />

      <fieldset className="space-y-2" aria-describedby={warnings.accessType ? 'accessType-warning' : undefined}>
        <legend className="text-sm font-medium">Access Type</legend>
        <label className="flex items-start gap-2 text-sm">
          <input type="radio" name="accessType" value="app" checked={!delegated} onChange={() => onChange({ accessType: 'app', username: '', password: '' })} className="mt-1" />
          <span>
            <span className="font-medium">Enterprise App</span> (recommended): the app signs in as itself with its client secret.
          </span>
        </label>
        <label className="flex items-start gap-2 text-sm">
          <input type="radio" name="accessType" value="delegated" checked={delegated} onChange={() => onChange({ accessType: 'delegated' })} className="mt-1" />
          <span>
            <span className="font-medium">Delegated (username and password)</span>: for Pliant’s user-impersonation blocks. Weaker: no MFA, and Microsoft discourages the password grant.
          </span>
        </label>
        {warnings.accessType ? (
          <p id="accessType-warning" className="text-xs text-amber-700 dark:text-amber-400">
            {warnings.accessType}
          </p>
        ) : null}
      </fieldset>

      <Select
        label="Cloud"
        name="cloud"
        value={values.cloud}
        onChange={(e) => onChange({ cloud: e.target.value })}
        onBlur={() => onBlur('cloud')}
        options={cloudOptions.map((c) => ({ value: c.id, label: c.label }))}
        errors={errors.cloud}
      />
      <p className="-mt-4 text-xs text-slate-500 dark:text-slate-400">Where the tenant lives. GCC (not High) uses Global.</p>
      {values.cloud === 'custom' ? (
        <div className="grid gap-4 md:grid-cols-2">
          <Field label="Authority host" {...text('authorityHost')} type="url" placeholder="https://login.example.com" inputMode="url" />
          <Field label="Graph endpoint" {...text('graphEndpoint')} type="url" placeholder="https://graph.example.com" inputMode="url" />
        </div>
      ) : null}

      <div className="grid gap-4 md:grid-cols-2">
        <Field label="Tenant ID" {...text('tenantId')} autoComplete="off" spellCheck={false} hint="Directory (tenant) ID, or a verified domain (step 18)." />
        <Field label="Client ID" {...text('clientId')} autoComplete="off" spellCheck={false} hint="Application (client) ID (step 18)." />
      </div>

      <div className="grid gap-4 md:grid-cols-2">
        {certificate ? (
          <div className="space-y-1 md:col-span-2" data-testid="certificate-summary">
            <p className="text-sm font-medium">Credential: certificate</p>
            <p className="text-sm">
              {certificate.thumbprint ? (
                <>
                  Thumbprint <span className="break-all font-mono text-xs">{certificate.thumbprint}</span>
                  {certificate.notAfter ? `, valid until ${certificate.notAfter.slice(0, 10)}` : ''}. Its private key stays on the server.
                </>
              ) : (
                'The certificate prepared in stage 3. Its private key stays on the server.'
              )}
            </p>
            <FieldMessages id="certificateId-error" errors={errors.certificateId} />
            <button type="button" className="text-sm text-blue-700 underline dark:text-blue-300" onClick={certificate.onChange}>
              Change it in stage 3
            </button>
          </div>
        ) : sandboxSecret ? (
          <div className="space-y-1">
            <p className="text-sm font-medium">Client Secret</p>
            <p className="text-sm" data-testid="sandbox-secret">
              From the sandbox app {sandboxSecret.appName}: the secret starting with “{sandboxSecret.hint}”. The portal looks its value up itself; it never comes to this page.
            </p>
            <button type="button" className="text-sm text-blue-700 underline dark:text-blue-300" onClick={sandboxSecret.onTypeInstead}>
              Type a secret instead
            </button>
          </div>
        ) : (
          <Field
            label="Client Secret"
            {...text('clientSecret')}
            type="password"
            autoComplete="off"
            spellCheck={false}
            hint={
              mode === 'edit'
                ? (secretRequiredBecause ?? `Leave blank to keep the stored secret${storedSecretHint ? ` (starts with “${storedSecretHint}”)` : ''}.`)
                : "The secret's Value, not its Secret ID (step 16)."
            }
          />
        )}
        {certificate ? null : <Field label="Secret expires" {...text('secretExpiresAt')} type="date" hint="As shown beside the secret. Microsoft Graph corrects it when the key can read the app." />}
      </div>

      {delegated ? (
        <div className="grid gap-4 md:grid-cols-2">
          <Field label="Username" {...text('username')} autoComplete="off" placeholder="svc-pliant@contoso.com" hint="The account’s user principal name (step 19)." />
          <Field
            label="Password"
            {...text('password')}
            type="password"
            autoComplete="new-password"
            hint={mode === 'edit' && passwordStored ? 'Leave blank to keep the stored password.' : 'The account’s password.'}
          />
        </div>
      ) : (
        <p className="text-xs text-slate-600 dark:text-slate-400">Username and Password stay blank in Pliant for an Enterprise App key (step 19).</p>
      )}
      <FieldMessages id="form-error" errors={errors.form} />
    </div>
  );
}
