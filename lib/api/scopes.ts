// The scopes an API token can hold. Pure data, shared by the token form and the API itself.

export const API_SCOPES = [
  { id: 'keys:read', label: 'Read authKeys', text: 'List and read authKeys (never their credentials).', perKey: false },
  { id: 'keys:test', label: 'Test authKeys', text: 'Run Test connection on an authKey.', perKey: false },
  { id: 'tokens:issue', label: 'Issue Graph tokens', text: 'Get Microsoft Graph access tokens for the chosen authKeys (the token broker).', perKey: true },
  { id: 'provisioning:write', label: 'Provision users', text: 'Create and change users, groups and licenses, and run bulk jobs, through the chosen authKeys.', perKey: true },
  { id: 'expiry:read', label: 'Read expiry', text: 'Read the expiry dashboard and its CSV.', perKey: false },
  { id: 'audit:read', label: 'Read the audit log', text: 'Read the audit log.', perKey: false },
] as const;

export type ApiScope = (typeof API_SCOPES)[number]['id'];
export const API_SCOPE_IDS = API_SCOPES.map((s) => s.id) as [ApiScope, ...ApiScope[]];
export const PER_KEY_SCOPES: readonly ApiScope[] = API_SCOPES.filter((s) => s.perKey).map((s) => s.id);

/** One scope a token holds; a per-key scope names the authKeys it covers. */
export type Grant = { scope: ApiScope; keyIds?: string[] };

/** Whether `grants` allow `scope`, for `keyId` when the scope is per key. */
export function grantsAllow(grants: readonly { scope: string; keyIds?: string[] }[], scope: ApiScope, keyId?: string): boolean {
  const grant = grants.find((g) => g.scope === scope);
  if (!grant) return false;
  if (!PER_KEY_SCOPES.includes(scope)) return true;
  return keyId !== undefined && (grant.keyIds ?? []).includes(keyId);
}

/** "tokens:issue (2 authKeys)" for lists and audit rows. */
export function describeGrant(grant: { scope: string; keyIds?: string[] }): string {
  return grant.keyIds ? `${grant.scope} (${grant.keyIds.length} authKey${grant.keyIds.length === 1 ? '' : 's'})` : grant.scope;
}

// Recognisable for secret scanners: akp_ then 43 base64url characters (256 random bits).
export const API_TOKEN_PATTERN = /^akp_[A-Za-z0-9_-]{43}$/;
export const API_TOKEN_DAYS = { default: 90, max: 365 } as const;
export const API_TOKEN_RATE = { default: 600, max: 10_000 } as const;
