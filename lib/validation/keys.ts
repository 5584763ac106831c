import * as z from 'zod/mini';
import { ACCESS_TYPE_IDS, cleanPasted, CLOUD_IDS, DATE, DOMAIN, GUID, SECRET_ID_MESSAGE, todayUtc, UPN } from './key-rules';

export * from './key-rules';

// Shared by the wizard and the authKey forms (while typing) and by the server actions (on save).
// No server-only import: the browser loads this module too (lazily, see components/keys/
// key-values.ts), which is why it uses zod/mini: the same schemas, a fraction of the bundle.

const pasted = <T extends z.ZodMiniType>(schema: T) => z.pipe(z.transform(cleanPasted), schema);
const optionalText = (max: number, message: string) => z.pipe(z.transform((v: unknown) => (typeof v === 'string' ? v.trim() : (v ?? ''))), z.string().check(z.maxLength(max, message)));

const httpsUrl = (label: string) =>
  pasted(z.string().check(z.maxLength(500), z.refine((v) => v === '' || /^https:\/\/[^\s/?#]+(\/[^\s?#]*)?$/i.test(v), `The ${label} must be an https:// address.`)));

export const clientSecretSchema = pasted(
  z.string().check(
    z.minLength(1, 'Enter the Client Secret: the Value of the secret you created (step 16).'),
    z.refine((v) => !GUID.test(v), SECRET_ID_MESSAGE),
    z.refine((v) => v.length >= 16, 'A client secret Value is at least 16 characters long. Copy the whole Value (step 16).'),
    z.refine((v) => v.length <= 1024, 'A client secret is at most 1024 characters long.'),
  ),
);

const expirySchema = pasted(
  z.string().check(
    z.refine((v) => v === '' || (DATE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))), 'Enter the date as YYYY-MM-DD.'),
    z.refine((v) => v === '' || !DATE.test(v) || v >= todayUtc(), 'This date is in the past: a secret that has expired cannot sign in. Create a new one (steps 13–14).'),
  ),
);

/** Every authKey field. The wizard validates a stage with `.pick()`; the server parses it all. */
export const keyFields = z.object({
  name: pasted(z.string().check(z.minLength(1, 'Enter a name.'), z.maxLength(100, 'Keep the name under 100 characters.'))),
  description: optionalText(500, 'Keep the description under 500 characters.'),
  accessType: z.enum(ACCESS_TYPE_IDS, 'Choose an Access Type.'),
  cloud: z.enum(CLOUD_IDS, 'Choose a Cloud.'),
  authorityHost: httpsUrl('Authority host'),
  graphEndpoint: httpsUrl('Graph endpoint'),
  tenantId: pasted(
    z.string().check(
      z.minLength(1, 'Enter the Tenant ID: the Directory (tenant) ID on the app’s Overview page (step 18).'),
      z.refine((v) => v === '' || GUID.test(v) || DOMAIN.test(v), 'The Tenant ID is a GUID (the Directory (tenant) ID) or a domain such as contoso.onmicrosoft.com.'),
    ),
  ),
  clientId: pasted(
    z.string().check(
      z.minLength(1, 'Enter the Client ID: the Application (client) ID on the app’s Overview page (step 18).'),
      z.refine((v) => v === '' || GUID.test(v), 'The Client ID is a GUID: the Application (client) ID on the app’s Overview page (step 18).'),
    ),
  ),
  clientSecret: z.string(),
  /** What the app signs in with; absent means a client secret (older forms, scripts). */
  credentialType: z.optional(z.enum(['secret', 'certificate'], 'Choose a certificate or a client secret.')),
  /** The certificate prepared in stage 3 (its private key waits on the server). */
  certificateId: z.optional(z.string().check(z.maxLength(64))),
  /** Who uses the credential; absent means a Pliant authKey named like the key. */
  consumerKind: z.optional(z.enum(['pliant', 'copy', 'broker'], 'Choose who uses this key’s credential.')),
  consumerName: z.optional(z.string().check(z.maxLength(100, 'Keep the name under 100 characters.'))),
  secretExpiresAt: expirySchema,
  username: pasted(z.string().check(z.maxLength(256))),
  password: z.string().check(z.maxLength(256, 'A password is at most 256 characters long.')),
  operations: z.array(z.string().check(z.maxLength(64))).check(z.maxLength(20)),
});

export type KeyFields = z.infer<typeof keyFields>;

type Mode = { secretOptional: boolean };

type Issue = { path: string; message: string };

function crossChecks(mode: Mode) {
  return (v: KeyFields): Issue[] => {
    const issues: Issue[] = [];
    const ctx = { addIssue: (i: { path: string[]; message: string }) => void issues.push({ path: i.path[0], message: i.message }) };
    if (v.cloud === 'custom') {
      if (!v.authorityHost) ctx.addIssue({ path: ['authorityHost'], message: 'A Custom cloud needs its Authority host (https://…).' });
      if (!v.graphEndpoint) ctx.addIssue({ path: ['graphEndpoint'], message: 'A Custom cloud needs its Graph endpoint (https://…).' });
    }
    const secret = cleanPasted(v.clientSecret) as string;
    if (v.credentialType === 'certificate') {
      if (!mode.secretOptional && !GUID.test(v.certificateId ?? '')) ctx.addIssue({ path: ['certificateId'], message: 'Generate or import the certificate first (stage 3).' });
      if (secret) ctx.addIssue({ path: ['clientSecret'], message: 'A certificate key has no client secret: leave it blank, or choose Client secret in stage 3.' });
    } else if (!(mode.secretOptional && secret === '')) {
      const result = clientSecretSchema.safeParse(secret);
      if (!result.success) ctx.addIssue({ path: ['clientSecret'], message: result.error.issues[0].message });
    }
    if (v.consumerKind === 'copy' && !(v.consumerName ?? '').trim()) ctx.addIssue({ path: ['consumerName'], message: 'Say what holds the copy (a script, a pipeline), so the hand-off after a rotation names it.' });
    // The server refuses a key without operations too: the wizard's Next button is not a check.
    if (v.operations.length === 0) ctx.addIssue({ path: ['operations'], message: 'Pick at least one operation this key serves: its least permissions come from them (stage 2).' });
    if (v.accessType === 'delegated') {
      if (!UPN.test(v.username)) ctx.addIssue({ path: ['username'], message: 'Enter the user principal name, such as svc-pliant@contoso.com.' });
      if (!v.password && !mode.secretOptional) ctx.addIssue({ path: ['password'], message: 'Enter the password of that account.' });
    } else {
      if (v.username) ctx.addIssue({ path: ['username'], message: 'Leave Username blank for an Enterprise App key (step 19).' });
      if (v.password) ctx.addIssue({ path: ['password'], message: 'Leave Password blank for an Enterprise App key (step 19).' });
    }
    return issues;
  };
}

/** The checks across fields, as issues of the whole schema. */
const across = <T extends KeyFields>(mode: Mode) =>
  z.superRefine<T>((v, ctx) => {
    for (const issue of crossChecks(mode)(v)) ctx.issues.push({ code: 'custom', path: [issue.path], message: issue.message, input: v });
  });

/** A new key: every field, secret required. */
export const createKeySchema = keyFields.check(across({ secretOptional: false }));
/** Editing: a blank Client Secret (or Password) keeps the stored one. */
export const updateKeySchema = z.extend(keyFields, { keyId: z.uuid() }).check(across({ secretOptional: true }));

export const replaceSecretSchema = z.object({
  keyId: z.uuid(),
  clientSecret: clientSecretSchema,
  secretExpiresAt: expirySchema,
});

export const deleteKeySchema = z.object({ keyId: z.uuid(), confirm: z.string() });
export const keyIdSchema = z.object({ keyId: z.uuid() });

export type KeyInput = z.infer<typeof createKeySchema>;

