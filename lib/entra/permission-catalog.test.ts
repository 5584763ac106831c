import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { comparePermissions, leastPermissions, OPERATION_IDS, PERMISSIONS, permissionsAllow } from './permission-catalog';

// FACTS.md "The least permission for each operation", as the operations the wizard offers.
const LEAST: Record<string, string[]> = {
  'users.read': ['User.Read.All'],
  'users.write': ['User.ReadWrite.All'],
  'users.enable-disable': ['User.EnableDisableAccount.All', 'User.Read.All'],
  'users.reset-password': ['User-PasswordProfile.ReadWrite.All'],
  'users.delete': ['User.ReadWrite.All'],
  'groups.membership': ['GroupMember.ReadWrite.All'],
  'licenses.assign': ['LicenseAssignment.ReadWrite.All'],
  'apps.read-expiry': ['Application.Read.All'],
  // FACTS.md "Certificates on an app registration": the least for an app on itself.
  'apps.rotate-own': ['Application.ReadWrite.OwnedBy'],
  'apps.read-sign-ins': ['AuditLog.Read.All'],
};

// FACTS.md's permission table: name → app role id.
const IDS: Record<string, string> = {
  'User.Read.All': 'df021288-bdef-4463-88db-98f22de89214',
  'User.ReadWrite.All': '741f803b-c850-494e-b5df-cde7c675a1ca',
  'User.EnableDisableAccount.All': '3011c876-62b7-4ada-afa2-506cbbecc68c',
  'User-PasswordProfile.ReadWrite.All': 'cc117bb9-00cf-4eb8-b580-ea2a878fe8f7',
  'User.DeleteRestore.All': 'eccc023d-eccf-4e7b-9683-8813ab36cecc',
  'Group.Read.All': '5b567255-7703-4780-807c-7be8301ae99b',
  'Group.ReadWrite.All': '62a82d76-70ea-41e2-9197-370581804d09',
  'GroupMember.Read.All': '98830695-27a2-44f7-8c18-0c3ebc9698f6',
  'GroupMember.ReadWrite.All': 'dbaae8cf-10b5-4b86-a4a1-f871c94c6695',
  'Directory.Read.All': '7ab1d382-f21e-4acd-a863-ba3e13f7da61',
  'Directory.ReadWrite.All': '19dbc75e-c2e2-444c-a770-ec69d8559fc7',
  'Application.Read.All': '9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30',
  'Application.ReadWrite.OwnedBy': '18a4783c-866b-4cc7-a460-3d5e5662c884',
  'Application.ReadWrite.All': '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9',
  'Organization.Read.All': '498476ce-e0fe-48b0-b801-37ba7e2685c6',
  'LicenseAssignment.Read.All': 'e2f98668-2877-4f38-a2f4-8202e0717aa1',
  'LicenseAssignment.ReadWrite.All': '5facf0c1-8979-4e95-abcf-ff3d079771c0',
  'AuditLog.Read.All': 'b0afded3-3588-46d8-8b3d-9842eff778da',
};

const names = (ops: string[]) => leastPermissions(ops).map((p) => p.name).sort();

/** Every subset of the operations: 2^10 = 1024 combinations. */
function* subsets<T>(items: readonly T[]): Generator<T[]> {
  for (let mask = 0; mask < 1 << items.length; mask++) yield items.filter((_, i) => mask & (1 << i));
}

describe('permission catalog', () => {
  it('carries the app role ids FACTS.md lists', () => {
    for (const [name, id] of Object.entries(IDS)) expect(PERMISSIONS[name]?.id, name).toBe(id);
    expect(Object.keys(PERMISSIONS).sort()).toEqual(Object.keys(IDS).sort());
  });

  it('agrees with FACTS.md itself when the shared copy is present', (ctx) => {
    const file = path.resolve(__dirname, '../../../shared/graph/FACTS.md');
    if (!fs.existsSync(file)) ctx.skip();
    const text = fs.readFileSync(file, 'utf8');
    const rows = [...text.matchAll(/^\| ([A-Za-z.-]+\.[A-Za-z.]+) \| ([0-9a-f-]{36}) \|/gm)];
    expect(rows.length).toBeGreaterThanOrEqual(18);
    for (const [, name, id] of rows) expect(PERMISSIONS[name]?.id, name).toBe(id);
  });

  it.each(Object.entries(LEAST))('maps %s to its least permission', (op, expected) => {
    expect(names([op])).toEqual([...expected].sort());
  });

  it('offers exactly the operations of the issue', () => {
    expect([...OPERATION_IDS].sort()).toEqual(Object.keys(LEAST).sort());
  });

  it('drops permissions another one in the set already implies', () => {
    expect(names(['users.read', 'users.write'])).toEqual(['User.ReadWrite.All']);
    expect(names(['users.enable-disable', 'users.write'])).toEqual(['User.ReadWrite.All']);
    expect(names(['users.reset-password', 'users.delete'])).toEqual(['User.ReadWrite.All']);
    expect(names(['users.read', 'users.enable-disable'])).toEqual(['User.EnableDisableAccount.All', 'User.Read.All']);
    expect(names(['users.write', 'licenses.assign', 'groups.membership', 'apps.read-expiry'])).toEqual(
      ['Application.Read.All', 'GroupMember.ReadWrite.All', 'LicenseAssignment.ReadWrite.All', 'User.ReadWrite.All'].sort(),
    );
    expect(names([])).toEqual([]);
  });

  it('covers every combination, with nothing removable and nothing delegated', () => {
    for (const ops of subsets(OPERATION_IDS)) {
      const set = names(ops);
      for (const op of ops) expect(permissionsAllow(set, op).allowed, `${ops.join('+')} → ${op}`).toBe(true);
      // Minimal: dropping any single permission breaks some operation.
      for (const p of set) {
        const without = set.filter((x) => x !== p);
        expect(ops.some((op) => !permissionsAllow(without, op).allowed), `${p} is redundant for ${ops.join('+')}`).toBe(true);
      }
      // Never more than the union of each operation's own least set.
      const union = new Set(ops.flatMap((op) => LEAST[op]));
      for (const p of set) expect(union.has(p), `${p} for ${ops.join('+')}`).toBe(true);
      for (const p of set) expect(PERMISSIONS[p].id).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('lets higher permissions satisfy lower ones (FACTS.md notes)', () => {
    expect(permissionsAllow(['User.ReadWrite.All'], 'users.read')).toEqual({ allowed: true, missing: [] });
    expect(permissionsAllow(['Directory.Read.All'], 'users.read').allowed).toBe(true);
    expect(permissionsAllow(['User.ReadWrite.All'], 'users.enable-disable').allowed).toBe(true);
    expect(permissionsAllow(['User.DeleteRestore.All'], 'users.delete').allowed).toBe(true);
    expect(permissionsAllow(['Directory.ReadWrite.All'], 'users.delete').allowed).toBe(false);
    expect(permissionsAllow(['Group.ReadWrite.All'], 'groups.membership').allowed).toBe(true);
    expect(permissionsAllow(['GroupMember.Read.All'], 'groups.membership')).toEqual({ allowed: false, missing: ['GroupMember.ReadWrite.All'] });
    expect(permissionsAllow(['User.EnableDisableAccount.All'], 'users.enable-disable')).toEqual({ allowed: false, missing: ['User.Read.All'] });
    expect(permissionsAllow(['user.readwrite.all'], 'users.write').allowed).toBe(true);
    expect(permissionsAllow([], 'no.such-operation')).toEqual({ allowed: false, missing: [] });
  });

  it('compares granted roles with what the operations need', () => {
    const granted = ['User.ReadWrite.All', 'GroupMember.ReadWrite.All', 'LicenseAssignment.ReadWrite.All', 'Organization.Read.All', 'Application.Read.All'];
    const cmp = comparePermissions(granted, ['users.write', 'groups.membership', 'apps.read-expiry']);
    expect(cmp.missing).toEqual([]);
    expect(cmp.extra.sort()).toEqual(['LicenseAssignment.ReadWrite.All', 'Organization.Read.All']);
    const none = comparePermissions([], ['users.read', 'licenses.assign']);
    expect(none.missing.sort()).toEqual(['LicenseAssignment.ReadWrite.All', 'User.Read.All']);
    expect(none.unmet).toEqual(['users.read', 'licenses.assign']);
  });
});
