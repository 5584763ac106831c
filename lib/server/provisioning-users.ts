import 'server-only';
import type { Client } from '@microsoft/microsoft-graph-client';
import { listGroups, addMember } from '@/lib/graph/groups';
import { changeLicenses, listSkus, type Sku } from '@/lib/graph/licenses';
import type { GraphResult } from '@/lib/graph/operations/call';
import { explainProblem } from '@/lib/graph/operations/explain';
import { createUser, deleteUser, getUser, listMemberOf, listUsers, listVerifiedDomains, NEW_USER_RETRY_DELAYS_MS, retryWhileNotFound, updateUser, type DirectoryGroup, type GraphUser, type GraphUserRow, type UserQuery } from '@/lib/graph/users';
import { generatePassword, mailNicknameFrom, type CreateUserInput, type UpdateUserInput } from '@/lib/validation/provisioning';
import { withKey, type Outcome } from '@/lib/server/provisioning';

export type UsersPage = { users: GraphUserRow[]; skipToken: string | null };

export function listUsersPage(keyId: string, query: UserQuery): Promise<Outcome<UsersPage>> {
  return withKey(keyId, 'users.read', null, ({ client }) => listUsers(client, query));
}

export type UserDetail = { user: GraphUser; groups: DirectoryGroup[]; licenses: { skuId: string; skuPartNumber: string | null }[] };

export function getUserDetail(keyId: string, userId: string): Promise<Outcome<UserDetail>> {
  return withKey(keyId, 'users.read', null, async ({ client }): Promise<GraphResult<UserDetail>> => {
    const user = await getUser(client, userId);
    if (!user.ok) return user;
    const groups = await listMemberOf(client, user.data.id);
    const skus = await listSkus(client);
    const names = new Map((skus.ok ? skus.data : []).map((s) => [s.skuId.toLowerCase(), s.skuPartNumber]));
    const licenses = (user.data.assignedLicenses ?? []).map((l) => ({ skuId: l.skuId, skuPartNumber: names.get(l.skuId.toLowerCase()) ?? null }));
    return { ...user, data: { user: user.data, groups: groups.ok ? groups.data : [], licenses } };
  });
}

export type Pickers = { domains: string[] | null; groups: DirectoryGroup[] | null; skus: Sku[] | null; problems: string[] };

/** The domain, group and license pickers. Each may be unavailable (a permission the key lacks). */
export async function loadPickers(keyId: string, want: { domains?: boolean; groups?: boolean; skus?: boolean }): Promise<Pickers> {
  const problems: string[] = [];
  const pick = async <T>(on: boolean | undefined, op: Parameters<typeof withKey>[1], run: (c: Client) => Promise<GraphResult<T>>, what: string): Promise<T | null> => {
    if (!on) return null;
    const r = await withKey(keyId, op, null, ({ client }) => run(client));
    if (r.status === 'success') return r.data;
    problems.push(`${what}: ${r.message}`);
    return null;
  };
  const [domains, groups, skus] = await Promise.all([
    pick(want.domains, 'users.read', listVerifiedDomains, 'Verified domains'),
    pick(want.groups, 'groups.membership', listGroups, 'Groups'),
    pick(want.skus, 'licenses.assign', listSkus, 'Licenses'),
  ]);
  return { domains, groups, skus, problems };
}

export type CreatedUser = { user: GraphUser; password: string | null; warnings: string[] };

const optionalProfile = (v: Pick<CreateUserInput, 'givenName' | 'surname' | 'jobTitle' | 'department' | 'usageLocation'>) =>
  Object.fromEntries(Object.entries({ givenName: v.givenName, surname: v.surname, jobTitle: v.jobTitle, department: v.department, usageLocation: v.usageLocation }).filter(([, x]) => x !== undefined));

/**
 * Creates a user like Entra's "New user", then adds the chosen groups and license. Those extras
 * need their own permissions; when one fails the user stays created and the warning says so.
 * A brand-new user can be missing for a moment (404): those two calls are tried again after
 * `retryDelaysMs`, and the create itself never is.
 */
export function createUserWithExtras(
  input: CreateUserInput,
  can: { groups: boolean; licenses: boolean },
  options: { retryDelaysMs?: readonly number[] } = {},
): Promise<Outcome<CreatedUser>> {
  const delays = options.retryDelaysMs ?? NEW_USER_RETRY_DELAYS_MS;
  const upn = `${input.userName}@${input.domain}`;
  const password = input.passwordMode === 'generate' ? generatePassword() : (input.password ?? '');
  return withKey(input.keyId, 'users.write', { action: 'user.create', targetId: upn, detail: { groups: input.groupIds.length, license: input.skuId || null } }, async ({ client, graphRoot }) => {
    const created = await createUser(client, {
      accountEnabled: input.accountEnabled,
      displayName: input.displayName,
      mailNickname: input.mailNickname || mailNicknameFrom(upn),
      userPrincipalName: upn,
      passwordProfile: { password, forceChangePasswordNextSignIn: input.forceChangePassword },
      ...optionalProfile(input),
    });
    if (!created.ok) return created;
    const warnings: string[] = [];
    for (const groupId of input.groupIds) {
      if (!can.groups) break;
      const r = await retryWhileNotFound(() => addMember(client, graphRoot, groupId, created.data.id), delays);
      if (!r.ok) warnings.push(`Adding to group ${groupId} failed. ${explainProblem(r, 'groups.membership')}`);
    }
    const skuId = input.skuId;
    if (skuId && can.licenses) {
      const r = await retryWhileNotFound(() => changeLicenses(client, created.data.id, [skuId], []), delays);
      if (!r.ok) warnings.push(`Assigning the license failed. ${explainProblem(r, 'licenses.assign')}`);
    }
    if (input.groupIds.length && !can.groups) warnings.push('Groups were not added: the key lacks GroupMember.ReadWrite.All.');
    if (input.skuId && !can.licenses) warnings.push('The license was not assigned: the key lacks LicenseAssignment.ReadWrite.All.');
    return { ...created, data: { user: created.data, password: input.passwordMode === 'generate' ? password : null, warnings } };
  });
}

export function updateUserProfile(input: UpdateUserInput): Promise<Outcome<undefined>> {
  const patch = {
    displayName: input.displayName,
    givenName: input.givenName ?? null,
    surname: input.surname ?? null,
    jobTitle: input.jobTitle ?? null,
    department: input.department ?? null,
    usageLocation: input.usageLocation ?? null,
  };
  return withKey(input.keyId, 'users.write', { action: 'user.update', targetId: input.userId, detail: { changed: Object.keys(patch) } }, ({ client }) => updateUser(client, input.userId, patch));
}

export function setUserEnabled(input: { keyId: string; userId: string; enabled: boolean }): Promise<Outcome<undefined>> {
  return withKey(input.keyId, 'users.enable-disable', { action: input.enabled ? 'user.enable' : 'user.disable', targetId: input.userId }, ({ client }) =>
    updateUser(client, input.userId, { accountEnabled: input.enabled }),
  );
}

/** A new generated password, returned once to be shown once. */
export async function resetUserPassword(input: { keyId: string; userId: string; forceChangePassword: boolean }): Promise<Outcome<{ password: string }>> {
  const password = generatePassword();
  const r = await withKey(input.keyId, 'users.reset-password', { action: 'user.reset_password', targetId: input.userId, detail: { forceChange: input.forceChangePassword } }, ({ client }) =>
    updateUser(client, input.userId, { passwordProfile: { password, forceChangePasswordNextSignIn: input.forceChangePassword } }),
  );
  return r.status === 'success' ? { ...r, data: { password } } : r;
}

/** Deleting needs the user principal name typed back, checked against Graph's current value. */
export function deleteUserConfirmed(input: { keyId: string; userId: string; confirm: string }): Promise<Outcome<{ userPrincipalName: string }>> {
  return withKey(input.keyId, 'users.delete', { action: 'user.delete', targetId: input.userId }, async ({ client }) => {
    const user = await getUser(client, input.userId, ['id', 'userPrincipalName']);
    if (!user.ok) return user;
    if (input.confirm.trim().toLowerCase() !== user.data.userPrincipalName.toLowerCase()) {
      return { ok: false, status: 0, code: 'confirm_mismatch', message: 'The typed name does not match.', requestId: null, detailCodes: [] };
    }
    const r = await deleteUser(client, user.data.id);
    return r.ok ? { ...r, data: { userPrincipalName: user.data.userPrincipalName } } : r;
  });
}
