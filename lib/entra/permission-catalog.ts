// Pure data and logic with nothing secret: shared with the wizard, which recomputes the least
// permissions in the browser as operations are ticked (like lib/validation, no server-only).

/** The Microsoft Graph resource appId (requiredResourceAccess, `az ad app permission add --api`). */
export const GRAPH_RESOURCE_APP_ID = '00000003-0000-0000-c000-000000000000';

export type GraphPermission = { name: string; id: string; description: string };

// Application permissions (app roles) from FACTS.md, with the ids Entra uses.
const PERMISSION_LIST: GraphPermission[] = [
  { name: 'User.Read.All', id: 'df021288-bdef-4463-88db-98f22de89214', description: "Read all users' full profiles." },
  { name: 'User.ReadWrite.All', id: '741f803b-c850-494e-b5df-cde7c675a1ca', description: 'Read and write all users, and create users.' },
  { name: 'User.EnableDisableAccount.All', id: '3011c876-62b7-4ada-afa2-506cbbecc68c', description: 'Enable and disable user accounts.' },
  { name: 'User-PasswordProfile.ReadWrite.All', id: 'cc117bb9-00cf-4eb8-b580-ea2a878fe8f7', description: "Reset users' passwords (passwordProfile)." },
  { name: 'User.DeleteRestore.All', id: 'eccc023d-eccf-4e7b-9683-8813ab36cecc', description: 'Delete and restore users.' },
  { name: 'Group.Read.All', id: '5b567255-7703-4780-807c-7be8301ae99b', description: 'Read all groups and their memberships.' },
  { name: 'Group.ReadWrite.All', id: '62a82d76-70ea-41e2-9197-370581804d09', description: 'Create, update and delete groups and their members.' },
  { name: 'GroupMember.Read.All', id: '98830695-27a2-44f7-8c18-0c3ebc9698f6', description: 'List groups and read their members.' },
  { name: 'GroupMember.ReadWrite.All', id: 'dbaae8cf-10b5-4b86-a4a1-f871c94c6695', description: 'List groups and add or remove their members.' },
  { name: 'Directory.Read.All', id: '7ab1d382-f21e-4acd-a863-ba3e13f7da61', description: 'Read the whole directory.' },
  { name: 'Directory.ReadWrite.All', id: '19dbc75e-c2e2-444c-a770-ec69d8559fc7', description: 'Read and write the directory (no deletes).' },
  { name: 'Application.Read.All', id: '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30', description: 'Read apps and service principals, including when their secrets expire.' },
  { name: 'Application.ReadWrite.OwnedBy', id: '18a4783c-866b-4cc7-a460-3d5e5662c884', description: 'Manage the apps this app owns, including their secrets.' },
  { name: 'Application.ReadWrite.All', id: '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9', description: 'Manage all apps.' },
  { name: 'Organization.Read.All', id: '498476ce-e0fe-48b0-b801-37ba7e2685c6', description: 'Read the organization, its verified domains and subscribed licenses.' },
  { name: 'LicenseAssignment.Read.All', id: 'e2f98668-2877-4f38-a2f4-8202e0717aa1', description: 'Read subscribed licenses and license assignments.' },
  { name: 'LicenseAssignment.ReadWrite.All', id: '5facf0c1-8979-4e95-abcf-ff3d079771c0', description: 'Assign and remove licenses.' },
  { name: 'AuditLog.Read.All', id: 'b0afded3-3588-46d8-8b3d-9842eff778da', description: 'Read sign-in and audit logs.' },
];

export const PERMISSIONS: Readonly<Record<string, GraphPermission>> = Object.fromEntries(PERMISSION_LIST.map((p) => [p.name, p]));

export function permissionInfo(name: string): GraphPermission {
  return PERMISSIONS[name] ?? { name, id: '', description: 'Not in the portal’s catalog.' };
}

export type OperationId =
  | 'users.read'
  | 'users.write'
  | 'users.enable-disable'
  | 'users.reset-password'
  | 'users.delete'
  | 'groups.membership'
  | 'licenses.assign'
  | 'apps.read-expiry'
  | 'apps.rotate-own'
  | 'apps.read-sign-ins';

export type Operation = {
  id: OperationId;
  label: string;
  description: string;
  /**
   * Sets of permissions that each allow the operation: the first is the least one FACTS.md
   * names, the others are higher permissions that also work (FACTS.md notes).
   */
  alternatives: readonly (readonly string[])[];
};

export const OPERATIONS: readonly Operation[] = [
  {
    id: 'users.read',
    label: 'Read users',
    description: 'Look up users by ID or user principal name, and list them.',
    alternatives: [['User.Read.All'], ['User.ReadWrite.All'], ['Directory.Read.All'], ['Directory.ReadWrite.All']],
  },
  {
    id: 'users.write',
    label: 'Create and update users',
    description: 'Create users and change their properties.',
    alternatives: [['User.ReadWrite.All'], ['Directory.ReadWrite.All']],
  },
  {
    id: 'users.enable-disable',
    label: 'Enable and disable users',
    description: 'Block or allow sign-in (accountEnabled).',
    alternatives: [
      ['User.EnableDisableAccount.All', 'User.Read.All'],
      ['User.EnableDisableAccount.All', 'Directory.Read.All'],
      ['User.ReadWrite.All'],
      ['Directory.ReadWrite.All'],
    ],
  },
  {
    id: 'users.reset-password',
    label: 'Reset passwords',
    description: "Set a new password on a user's password profile.",
    alternatives: [['User-PasswordProfile.ReadWrite.All'], ['User.ReadWrite.All'], ['Directory.ReadWrite.All']],
  },
  {
    id: 'users.delete',
    label: 'Delete users',
    description: 'Delete users (they stay restorable for 30 days).',
    // Directory.ReadWrite.All cannot delete.
    alternatives: [['User.ReadWrite.All'], ['User.DeleteRestore.All']],
  },
  {
    id: 'groups.membership',
    label: 'Manage group membership',
    description: 'List groups and add or remove their members.',
    alternatives: [['GroupMember.ReadWrite.All'], ['Group.ReadWrite.All'], ['Directory.ReadWrite.All']],
  },
  {
    id: 'licenses.assign',
    label: 'Assign licenses',
    description: 'Read the tenant’s licenses and free seats, and assign or remove them.',
    alternatives: [['LicenseAssignment.ReadWrite.All'], ['User.ReadWrite.All', 'Organization.Read.All'], ['Directory.ReadWrite.All']],
  },
  {
    id: 'apps.read-expiry',
    label: 'Read secret expiry automatically',
    description: 'Read this app registration, so the portal learns when its secrets really expire.',
    alternatives: [['Application.Read.All'], ['Application.ReadWrite.All'], ['Directory.Read.All'], ['Directory.ReadWrite.All']],
  },
  {
    id: 'apps.rotate-own',
    label: 'Rotate its own credentials automatically',
    description: 'Add a new secret or certificate to this app and remove the old one (addPassword, addKey). With Application.ReadWrite.OwnedBy the app must also be an owner of itself.',
    // FACTS.md "Certificates on an app registration": OwnedBy is the least for an app on itself.
    alternatives: [['Application.ReadWrite.OwnedBy'], ['Application.ReadWrite.All']],
  },
  {
    id: 'apps.read-sign-ins',
    label: 'See which secret the app signs in with',
    description: 'Read the service principal sign-in log, so that after a rotation the portal shows whether a consumer still uses the previous secret (optional).',
    alternatives: [['AuditLog.Read.All']],
  },
];

export const OPERATION_IDS = OPERATIONS.map((o) => o.id);

/** Past this many permissions the seed warns that granting admin consent may fail. */
export const LARGE_PERMISSION_COUNT = 6;

export function operation(id: string): Operation | undefined {
  return OPERATIONS.find((o) => o.id === id);
}

const lower = (names: Iterable<string>) => new Set([...names].map((n) => n.toLowerCase()));

/** Whether `grantedRoles` allow `operationId`, and, when not, the least permissions still missing. */
export function permissionsAllow(grantedRoles: readonly string[], operationId: string): { allowed: boolean; missing: string[] } {
  const op = operation(operationId);
  if (!op) return { allowed: false, missing: [] };
  const held = lower(grantedRoles);
  if (op.alternatives.some((alt) => alt.every((p) => held.has(p.toLowerCase())))) return { allowed: true, missing: [] };
  return { allowed: false, missing: op.alternatives[0].filter((p) => !held.has(p.toLowerCase())) };
}

// Catalog order runs from narrow to broad, so the narrow ones are offered for removal first.
const RANK = new Map(PERMISSION_LIST.map((p, i) => [p.name, i]));

/**
 * The smallest set of application permissions that covers every operation: the union of each
 * operation's least set, then without any permission that others in the set already imply
 * (User.Read.All goes when User.ReadWrite.All is there).
 */
export function leastPermissions(operationIds: readonly string[]): GraphPermission[] {
  const ops = operationIds.map(operation).filter((o): o is Operation => Boolean(o));
  const set = new Set(ops.flatMap((o) => o.alternatives[0]));
  const ordered = [...set].sort((a, b) => (RANK.get(a) ?? 99) - (RANK.get(b) ?? 99));
  for (const candidate of ordered) {
    const without = [...set].filter((p) => p !== candidate);
    if (ops.every((o) => permissionsAllow(without, o.id).allowed)) set.delete(candidate);
  }
  return [...set].sort((a, b) => (RANK.get(a) ?? 99) - (RANK.get(b) ?? 99)).map(permissionInfo);
}

export type PermissionComparison = { needed: string[]; granted: string[]; missing: string[]; extra: string[]; unmet: OperationId[] };

/** Granted roles against what the key's operations need: missing ones block, extra ones are more than needed. */
export function comparePermissions(grantedRoles: readonly string[], operationIds: readonly string[]): PermissionComparison {
  const needed = leastPermissions(operationIds).map((p) => p.name);
  const unmet = operationIds.filter((id) => !permissionsAllow(grantedRoles, id).allowed) as OperationId[];
  const missing = [...new Set(unmet.flatMap((id) => permissionsAllow(grantedRoles, id).missing))];
  const neededLower = lower(needed);
  const extra = grantedRoles.filter((r) => !neededLower.has(r.toLowerCase()));
  return { needed, granted: [...grantedRoles], missing, extra, unmet };
}
