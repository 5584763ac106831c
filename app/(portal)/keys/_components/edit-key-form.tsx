'use client';

import { startTransition, useActionState, useMemo, useState } from 'react';
import { updateKeyAction } from '@/app/(portal)/keys/actions';
import { Button } from '@/components/ui/button';
import { FieldMessages } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import type { ActionState } from '@/lib/validation/action-state';
import { KeyFields } from '@/components/keys/key-fields';
import { repointedFields } from '@/lib/validation/key-rules';
import { keyWarnings, toFormData, useKeySchemas, validateKeyValues, type KeyValues } from '@/components/keys/key-values';

type Props = {
  keyId: string;
  initial: KeyValues;
  cloudOptions: readonly { id: string; label: string }[];
  operations: readonly { id: string; label: string; description: string }[];
  storedSecretHint: string | null;
  passwordStored: boolean;
};

/** Editing a key: the same fields and checks as the wizard; a blank secret keeps the stored one. */
export function EditKeyForm({ keyId, initial, cloudOptions, operations, storedSecretHint, passwordStored }: Props) {
  const [values, setValues] = useState(initial);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [state, save, saving] = useActionState(updateKeyAction, { status: 'idle' } as ActionState);
  const schemas = useKeySchemas();
  const clientErrors = useMemo(() => validateKeyValues(schemas, values, 'edit', initial), [schemas, values, initial]);
  const repointed = repointedFields(initial, values).length > 0;
  // The server's field errors are shown until the next save, but only the browser's own checks
  // block that save: the server may know more (a Password the key does not have yet).
  const errors = useMemo(() => ({ ...(state.fieldErrors ?? {}), ...clientErrors }), [clientErrors, state.fieldErrors]);
  const visible = Object.fromEntries(Object.entries(errors).filter(([f]) => submitted || touched.has(f)));
  const change = (patch: Partial<KeyValues>) => setValues((v) => ({ ...v, ...patch }));
  return (
    <form
      noValidate
      aria-label="Edit authKey"
      onSubmit={(e) => {
        e.preventDefault();
        setSubmitted(true);
        if (Object.keys(clientErrors).length > 0) {
          requestAnimationFrame(() => (document.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus());
          return;
        }
        startTransition(() => save(toFormData(values, { keyId })));
      }}
      className="space-y-6"
    >
      <KeyFields
        values={values}
        onChange={change}
        onBlur={(f) => setTouched((t) => new Set(t).add(f))}
        errors={visible}
        warnings={keyWarnings(values)}
        cloudOptions={cloudOptions}
        mode="edit"
        storedSecretHint={repointed ? null : storedSecretHint}
        passwordStored={passwordStored && !repointed}
        secretRequiredBecause={repointed ? 'The cloud, authority host, Graph endpoint or tenant changed: enter the Client Secret again, so the stored one is not sent to the new destination.' : undefined}
      />
      <fieldset aria-describedby={visible.operations ? 'operations-error' : undefined}>
        <legend className="text-sm font-medium">Operations</legend>
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {operations.map((op) => (
            <label key={op.id} className="flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                checked={values.operations.includes(op.id)}
                onChange={(e) => change({ operations: e.target.checked ? [...values.operations, op.id] : values.operations.filter((o) => o !== op.id) })}
                className="mt-1"
              />
              <span>{op.label}</span>
            </label>
          ))}
        </div>
        <FieldMessages id="operations-error" errors={visible.operations} />
      </fieldset>
      <FormStatus state={state} />
      <Button type="submit" disabled={saving} aria-disabled={saving}>
        {saving ? 'Saving…' : 'Save changes'}
      </Button>
    </form>
  );
}
