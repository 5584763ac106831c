import 'server-only';
import type { Client } from '@microsoft/microsoft-graph-client';
import { graphSend, odataString, type GraphResult } from './operations/call';

export type GraphUserRow = {
  id: string;
  displayName: string | null;
  userPrincipalName: string;
  accountEnabled: boolean | null;
  jobTitle: string | null;
  department: string | null;
};

export type GraphUser = GraphUserRow & {
  givenName: string | null;
  surname: string | null;
  mailNickname: string | null;
  mail: string | null;
  usageLocation: string | null;
  officeLocation: string | null;
  mobilePhone: string | null;
  createdDateTime: string | null;
  assignedLicenses: { skuId: string; disabledPlans: string[] }[];
};

// $select only what the table shows, and what the detail page shows.
export const USER_ROW_SELECT = ['id', 'displayName', 'userPrincipalName', 'accountEnabled', 'jobTitle', 'department'] as const;
export const USER_DETAIL_SELECT = [
  ...USER_ROW_SELECT,
  'givenName',
  'surname',
  'mailNickname',
  'mail',
  'usageLocation',
  'officeLocation',
  'mobilePhone',
  'createdDateTime',
  'assignedLicenses',
] as const;

export type UserQuery = { search?: string; status?: 'enabled' | 'disabled'; top: number; skipToken?: string };

/**
 * The $filter for a search box: names and UPNs that start with what was typed, optionally only
 * enabled or disabled accounts. Written without parentheses ("and" binds tighter than "or"),
 * which Graph and the sandbox both read the same way.
 */
export function userFilter(q: UserQuery): string | undefined {
  const s = q.search?.trim();
  const status = q.status ? `accountEnabled eq ${q.status === 'enabled'}` : null;
  if (!s) return status ?? undefined;
  return ['displayName', 'userPrincipalName'].map((p) => [`startswith(${p},${odataString(s)})`, status].filter(Boolean).join(' and ')).join(' or ');
}

/**
 * One page of users. The browser only ever gets the opaque $skiptoken back, never a URL, so a
 * crafted "next page" cannot send the key's token anywhere else.
 */
export async function listUsers(client: Client, q: UserQuery): Promise<GraphResult<{ users: GraphUserRow[]; skipToken: string | null }>> {
  const params = new URLSearchParams({ $select: USER_ROW_SELECT.join(','), $top: String(q.top) });
  const filter = userFilter(q);
  if (filter) params.set('$filter', filter);
  if (q.skipToken) params.set('$skiptoken', q.skipToken);
  const r = await graphSend<{ value: GraphUserRow[]; '@odata.nextLink'?: string }>(client, 'GET', `/users?${params}`);
  if (!r.ok) return r;
  const next = r.data['@odata.nextLink'];
  const skipToken = next ? new URL(next).searchParams.get('$skiptoken') : null;
  return { ...r, data: { users: r.data.value, skipToken } };
}

export function getUser(client: Client, idOrUpn: string, select: readonly string[] = USER_DETAIL_SELECT) {
  return graphSend<GraphUser>(client, 'GET', `/users/${encodeURIComponent(idOrUpn)}?$select=${select.join(',')}`);
}

export type NewUser = {
  accountEnabled: boolean;
  displayName: string;
  mailNickname: string;
  userPrincipalName: string;
  passwordProfile: { password: string; forceChangePasswordNextSignIn: boolean };
  givenName?: string;
  surname?: string;
  jobTitle?: string;
  department?: string;
  usageLocation?: string;
  officeLocation?: string;
  mobilePhone?: string;
  businessPhones?: string[];
  streetAddress?: string;
  city?: string;
  state?: string;
  country?: string;
  postalCode?: string;
};

export function createUser(client: Client, user: NewUser) {
  return graphSend<GraphUser>(client, 'POST', '/users', user);
}

/** PATCH answers 204; only the properties given change. */
export function updateUser(client: Client, id: string, patch: Record<string, unknown>) {
  return graphSend<undefined>(client, 'PATCH', `/users/${encodeURIComponent(id)}`, patch);
}

export function deleteUser(client: Client, id: string) {
  return graphSend<undefined>(client, 'DELETE', `/users/${encodeURIComponent(id)}`);
}

export type DirectoryGroup = { id: string; displayName: string | null; description?: string | null };

export async function listMemberOf(client: Client, id: string): Promise<GraphResult<DirectoryGroup[]>> {
  const r = await graphSend<{ value: (DirectoryGroup & { '@odata.type'?: string })[] }>(client, 'GET', `/users/${encodeURIComponent(id)}/memberOf?$select=id,displayName`);
  if (!r.ok) return r;
  return { ...r, data: r.data.value.filter((g) => !g['@odata.type'] || g['@odata.type'] === '#microsoft.graph.group').map(({ id: gid, displayName }) => ({ id: gid, displayName })) };
}

/** The organization's verified domains, the default one first: the UPN domain picker. */
export async function listVerifiedDomains(client: Client): Promise<GraphResult<string[]>> {
  const r = await graphSend<{ value: { verifiedDomains: { name: string; isDefault?: boolean }[] }[] }>(client, 'GET', '/organization?$select=verifiedDomains');
  if (!r.ok) return r;
  const domains = r.data.value.flatMap((o) => o.verifiedDomains);
  domains.sort((a, b) => Number(Boolean(b.isDefault)) - Number(Boolean(a.isDefault)) || a.name.localeCompare(b.name));
  return { ...r, data: domains.map((d) => d.name) };
}

/**
 * How long to wait before each further try of a call about a user created moments ago. Graph is
 * eventually consistent: a brand-new user can be missing (404) for a short while (FACTS.md).
 */
export const NEW_USER_RETRY_DELAYS_MS: readonly number[] = [500, 1000, 2000];

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends a follow-up call about a user just created (a group membership, a license) again while
 * Graph answers 404, after each delay in turn; any other answer, or the last 404, is returned.
 * Only the follow-up is repeated: the user is never created again.
 */
export async function retryWhileNotFound<T>(call: () => Promise<GraphResult<T>>, delaysMs: readonly number[] = NEW_USER_RETRY_DELAYS_MS): Promise<GraphResult<T>> {
  let result = await call();
  for (const delay of delaysMs) {
    if (result.ok || result.status !== 404) return result;
    await pause(delay);
    result = await call();
  }
  return result;
}
