import { z } from 'zod';

// Shared by the wizard and the authKey forms (while typing) and by the server actions (on save).
// No server-only import: this module runs in the browser too.

export const CLOUD_IDS = ['global', 'usgov', 'dod', 'china', 'sandbox', 'custom'] as const;
export const ACCESS_TYPE_IDS = ['app', 'delegated'] as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const UPN = /^[^\s@]+@([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const SECRET_ID_MESSAGE = "This looks like the Secret ID. Paste the secret's Value (step 16).";

export const isGuid = (value: string) => GUID.test(value);

/** Pasted values often carry spaces, line breaks or the quotes of a copied JSON string. */
export function cleanPasted(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return value.trim().replace(/^["'`“”‘’]+|["'`“”‘’]+$/g, '').trim();
}

const pasted = <T extends z.ZodType>(schema: T) => z.preprocess(cleanPasted, schema);
const optionalText = (max: number, message: string) => z.preprocess((v) => (typeof v === 'string' ? v.trim() : v ?? ''), z.string().max(max, message));

const httpsUrl = (label: string) =>
  pasted(z.string().max(500)).refine((v) => v === '' || /^https:\/\/[^\s/?#]+(\/[^\s?#]*)?$/i.test(v), `The ${label} must be an https:// address.`);

/** Today as YYYY-MM-DD in UTC: expiry dates are whole days. */
export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

function addMonths(day: string, months: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

export const clientSecretSchema = pasted(
  z
    .string()
    .min(1, 'Enter the Client Secret: the Value of the secret you created (step 16).')
    .refine((v) => !GUID.test(v), SECRET_ID_MESSAGE)
    .refine((v) => v.length >= 16, 'A client secret Value is at least 16 characters long. Copy the whole Value (step 16).')
    .refine((v) => v.length <= 1024, 'A client secret is at most 1024 characters long.'),
);

const expirySchema = pasted(z.string())
  .refine((v) => v === '' || (DATE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))), 'Enter the date as YYYY-MM-DD.')
  .refine((v) => v === '' || !DATE.test(v) || v >= todayUtc(), 'This date is in the past: a secret that has expired cannot sign in. Create a new one (steps 13–14).');

/** Every authKey field. The wizard validates a stage with `.pick()`; the server parses it all. */
export const keyFields = z.object({
  name: pasted(z.string().min(1, 'Enter a name.').max(100, 'Keep the name under 100 characters.')),
  description: optionalText(500, 'Keep the description under 500 characters.'),
  accessType: z.enum(ACCESS_TYPE_IDS, 'Choose an Access Type.'),
  cloud: z.enum(CLOUD_IDS, 'Choose a Cloud.'),
  authorityHost: httpsUrl('Authority host'),
  graphEndpoint: httpsUrl('Graph endpoint'),
  tenantId: pasted(
    z
      .string()
      .min(1, 'Enter the Tenant ID: the Directory (tenant) ID on the app’s Overview page (step 18).')
      .refine((v) => GUID.test(v) || DOMAIN.test(v), 'The Tenant ID is a GUID (the Directory (tenant) ID) or a domain such as contoso.onmicrosoft.com.'),
  ),
  clientId: pasted(
    z
      .string()
      .min(1, 'Enter the Client ID: the Application (client) ID on the app’s Overview page (step 18).')
      .refine((v) => GUID.test(v), 'The Client ID is a GUID: the Application (client) ID on the app’s Overview page (step 18).'),
  ),
  clientSecret: z.string(),
  secretExpiresAt: expirySchema,
  username: pasted(z.string().max(256)),
  password: z.string().max(256, 'A password is at most 256 characters long.'),
  operations: z.array(z.string().max(64)).max(20),
});

export type KeyFields = z.infer<typeof keyFields>;

type Mode = { secretOptional: boolean };

function crossChecks(mode: Mode) {
  return (v: KeyFields, ctx: z.RefinementCtx) => {
    if (v.cloud === 'custom') {
      if (!v.authorityHost) ctx.addIssue({ code: 'custom', path: ['authorityHost'], message: 'A Custom cloud needs its Authority host (https://…).' });
      if (!v.graphEndpoint) ctx.addIssue({ code: 'custom', path: ['graphEndpoint'], message: 'A Custom cloud needs its Graph endpoint (https://…).' });
    }
    const secret = cleanPasted(v.clientSecret) as string;
    if (!(mode.secretOptional && secret === '')) {
      const result = clientSecretSchema.safeParse(secret);
      if (!result.success) ctx.addIssue({ code: 'custom', path: ['clientSecret'], message: result.error.issues[0].message });
    }
    // The server refuses a key without operations too: the wizard's Next button is not a check.
    if (v.operations.length === 0) ctx.addIssue({ code: 'custom', path: ['operations'], message: 'Pick at least one operation this key serves: its least permissions come from them (stage 2).' });
    if (v.accessType === 'delegated') {
      if (!UPN.test(v.username)) ctx.addIssue({ code: 'custom', path: ['username'], message: 'Enter the user principal name, such as svc-pliant@contoso.com.' });
      if (!v.password && !mode.secretOptional) ctx.addIssue({ code: 'custom', path: ['password'], message: 'Enter the password of that account.' });
    } else {
      if (v.username) ctx.addIssue({ code: 'custom', path: ['username'], message: 'Leave Username blank for an Enterprise App key (step 19).' });
      if (v.password) ctx.addIssue({ code: 'custom', path: ['password'], message: 'Leave Password blank for an Enterprise App key (step 19).' });
    }
  };
}

/** Where a key's credential is sent: changing any of these must not take the stored secret along. */
export const TARGET_FIELDS = ['cloud', 'authorityHost', 'graphEndpoint', 'tenantId'] as const;
type Target = Partial<Record<(typeof TARGET_FIELDS)[number], string | null>>;

export const REPOINT_SECRET_MESSAGE =
  'Enter the Client Secret again: a stored secret is never sent to a changed cloud, authority host, Graph endpoint or tenant.';
export const REPOINT_PASSWORD_MESSAGE = 'Enter the password again: a stored password is never sent to a changed cloud, authority host or tenant.';

/** The target fields that differ between the stored key and the edit (URLs only count for Custom). */
export function repointedFields(stored: Target, next: Target): string[] {
  const norm = (t: Target, f: (typeof TARGET_FIELDS)[number]) => {
    if ((f === 'authorityHost' || f === 'graphEndpoint') && t.cloud !== 'custom') return '';
    return String(cleanPasted(t[f] ?? '')).toLowerCase().replace(/\/+$/, '');
  };
  return TARGET_FIELDS.filter((f) => norm(stored, f) !== norm(next, f));
}

/** A new key: every field, secret required. */
export const createKeySchema = keyFields.superRefine(crossChecks({ secretOptional: false }));
/** Editing: a blank Client Secret (or Password) keeps the stored one. */
export const updateKeySchema = keyFields.extend({ keyId: z.string().uuid() }).superRefine(crossChecks({ secretOptional: true }));

export const replaceSecretSchema = z.object({
  keyId: z.string().uuid(),
  clientSecret: clientSecretSchema,
  secretExpiresAt: expirySchema,
});

export const deleteKeySchema = z.object({ keyId: z.string().uuid(), confirm: z.string() });
export const keyIdSchema = z.object({ keyId: z.string().uuid() });

export type KeyInput = z.infer<typeof createKeySchema>;

/** Things worth a second look that do not block saving. */
export function keyWarnings(v: Partial<Record<keyof KeyFields, unknown>>, now = new Date()): Record<string, string> {
  const out: Record<string, string> = {};
  const tenant = String(cleanPasted(v.tenantId ?? '')).toLowerCase();
  const client = String(cleanPasted(v.clientId ?? '')).toLowerCase();
  if (tenant && tenant === client) out.clientId = 'The Client ID equals the Tenant ID. The Overview page shows both: check you copied the Application (client) ID here.';
  const expiry = String(v.secretExpiresAt ?? '');
  if (DATE.test(expiry)) {
    const today = todayUtc(now);
    if (expiry > addMonths(today, 24)) out.secretExpiresAt = 'Azure caps client secrets at 24 months: check the date shown beside the secret.';
    else if (expiry > addMonths(today, 12)) out.secretExpiresAt = 'Microsoft recommends secrets that expire within 12 months.';
  }
  if (v.accessType === 'delegated') out.accessType = 'Delegated keys sign in with a password: no MFA, and Microsoft discourages this grant. Prefer Enterprise App.';
  return out;
}

/** Field errors from a zod error, keyed by field name (the ActionState shape). */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) (out[issue.path.join('.') || 'form'] ??= []).push(issue.message);
  return out;
}
