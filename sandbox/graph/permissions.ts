import type { GraphCaller } from '../identity/tokens';
import { graphErrors } from './errors';

// Which permissions let a caller do each operation. Each entry lists alternatives; an
// alternative is satisfied when the token carries all of its permissions. The first
// alternative is the least-privileged one from FACTS.md; the others are the higher
// permissions that also work.

const USER_READERS = ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
const GROUP_READERS = ['GroupMember.Read.All', 'GroupMember.ReadWrite.All', 'Group.Read.All', 'Group.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
const one = (...names: string[]) => names.map((n) => [n]);

export const OPERATION_PERMISSIONS = {
  'users.read': one(...USER_READERS, 'User.ReadBasic.All'),
  'users.create': one('User.ReadWrite.All', 'Directory.ReadWrite.All'),
  'users.update': one('User.ReadWrite.All', 'Directory.ReadWrite.All'),
  'users.enableDisable': [
    ...USER_READERS.filter((r) => !r.includes('Write')).map((r) => ['User.EnableDisableAccount.All', r]),
    ['User.ReadWrite.All'], ['Directory.ReadWrite.All'],
  ],
  'users.resetPassword': one('User-PasswordProfile.ReadWrite.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'),
  'users.delete': one('User.ReadWrite.All', 'User.DeleteRestore.All'),
  'me.read': one('User.Read', 'User.ReadWrite', 'User.ReadBasic.All', ...USER_READERS),
  'licenses.assign': one('LicenseAssignment.ReadWrite.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'),
  'licenses.readUser': one('LicenseAssignment.Read.All', 'LicenseAssignment.ReadWrite.All', ...USER_READERS),
  'skus.read': one('LicenseAssignment.Read.All', 'LicenseAssignment.ReadWrite.All', 'Organization.Read.All', 'Organization.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'),
  'groups.read': one(...GROUP_READERS),
  'groups.writeMembers': one('GroupMember.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'),
  'users.memberOf': one(...USER_READERS, ...GROUP_READERS),
  // Application.ReadWrite.OwnedBy reads and manages only the apps the caller owns; see applications.ts.
  'applications.read': one('Application.Read.All', 'Application.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'),
  'applications.readOwned': one('Application.ReadWrite.OwnedBy'),
  'applications.write': one('Application.ReadWrite.All'),
  'applications.writeOwned': one('Application.ReadWrite.OwnedBy'),
  'auditLogs.read': one('AuditLog.Read.All'),
  'organization.read': one('Organization.Read.All', 'Organization.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'),
} satisfies Record<string, string[][]>;

export type Operation = keyof typeof OPERATION_PERMISSIONS;

export function allows(caller: GraphCaller, operation: Operation): boolean {
  const held = new Set([...caller.permissions].map((p) => p.toLowerCase()));
  return OPERATION_PERMISSIONS[operation].some((alternative) => alternative.every((p) => held.has(p.toLowerCase())));
}

/** 403 Authorization_RequestDenied unless the token's permissions allow the operation. */
export function requirePermission(caller: GraphCaller, operation: Operation): void {
  if (!allows(caller, operation)) throw graphErrors.denied();
}
