import { useEffect, useState } from 'react';
import { fieldErrorsOf, keyWarnings, REPOINT_PASSWORD_MESSAGE, REPOINT_SECRET_MESSAGE, repointedFields } from '@/lib/validation/key-rules';

/** The zod schemas the server parses with (lib/validation/keys.ts). */
export type KeySchemas = typeof import('@/lib/validation/keys');
let loaded: KeySchemas | null = null;

/**
 * The schemas, loaded once the page is on screen rather than with it: they are most of a form's
 * JavaScript. Until they arrive (a moment after the page), only the server checks, on test and save.
 */
export function useKeySchemas(): KeySchemas | null {
  const [schemas, setSchemas] = useState<KeySchemas | null>(loaded);
  useEffect(() => {
    if (loaded) return;
    void import('@/lib/validation/keys').then((m) => {
      loaded = m;
      setSchemas(m);
    });
  }, []);
  return schemas;
}

/** The authKey form's values as the browser holds them (strings, as typed). */
export type KeyValues = {
  name: string;
  description: string;
  accessType: 'app' | 'delegated';
  cloud: string;
  authorityHost: string;
  graphEndpoint: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** A certificate prepared in the wizard's stage 3 signs in instead of a client secret. */
  credentialType: 'secret' | 'certificate';
  certificateId: string;
  /** Who uses the credential (asked when saving): a Pliant authKey by default. */
  consumerKind: 'pliant' | 'copy' | 'broker';
  consumerName: string;
  secretExpiresAt: string;
  username: string;
  password: string;
  operations: string[];
};

export const EMPTY_KEY: KeyValues = {
  name: '',
  description: '',
  accessType: 'app',
  cloud: 'global',
  authorityHost: '',
  graphEndpoint: '',
  tenantId: '',
  clientId: '',
  clientSecret: '',
  credentialType: 'secret',
  certificateId: '',
  consumerKind: 'pliant',
  consumerName: '',
  secretExpiresAt: '',
  username: '',
  password: '',
  operations: [],
};

const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';

/**
 * The same zod schema the server runs, checked while typing. Editing: `stored` is the key as
 * saved, so that a changed destination asks for the credential again, as the server will.
 */
export function validateKeyValues(schemas: KeySchemas | null, values: KeyValues, mode: 'create' | 'edit', stored?: KeyValues): Record<string, string[]> {
  if (!schemas) return {};
  const result = mode === 'create' ? schemas.createKeySchema.safeParse(values) : schemas.updateKeySchema.safeParse({ ...values, keyId: PLACEHOLDER_ID });
  const errors = result.success ? {} : fieldErrorsOf(result.error);
  if (stored && repointedFields(stored, values).length) {
    if (!values.clientSecret) errors.clientSecret = [REPOINT_SECRET_MESSAGE];
    if (values.accessType === 'delegated' && !values.password) errors.password = [REPOINT_PASSWORD_MESSAGE];
  }
  return errors;
}

export { keyWarnings };

/** FormData for a server action, with every field picked explicitly. */
export function toFormData(values: KeyValues, extra: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(values)) {
    if (k === 'operations') continue;
    form.set(k, String(v));
  }
  for (const op of values.operations) form.append('operations', op);
  for (const [k, v] of Object.entries(extra)) form.set(k, v);
  return form;
}
