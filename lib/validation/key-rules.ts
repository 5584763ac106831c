// The authKey form's plain rules, without zod: the browser loads them with the page, and the
// zod schemas of keys.ts (which build on them) only once it needs to check a whole form.

export const CLOUD_IDS = ['global', 'usgov', 'dod', 'china', 'sandbox', 'custom'] as const;
export const ACCESS_TYPE_IDS = ['app', 'delegated'] as const;

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const DOMAIN = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
export const UPN = /^[^\s@]+@([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
export const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const SECRET_ID_MESSAGE = "This looks like the Secret ID. Paste the secret's Value (step 16).";

export const isGuid = (value: string) => GUID.test(value);

/** Pasted values often carry spaces, line breaks or the quotes of a copied JSON string. */
export function cleanPasted(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return value.trim().replace(/^["'`“”‘’]+|["'`“”‘’]+$/g, '').trim();
}

/** Today as YYYY-MM-DD in UTC: expiry dates are whole days. */
export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

function addMonths(day: string, months: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
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

/** Things worth a second look that do not block saving. */
export function keyWarnings(v: Partial<Record<'tenantId' | 'clientId' | 'secretExpiresAt' | 'accessType', unknown>>, now = new Date()): Record<string, string> {
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
export function fieldErrorsOf(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) (out[issue.path.join('.') || 'form'] ??= []).push(issue.message);
  return out;
}
