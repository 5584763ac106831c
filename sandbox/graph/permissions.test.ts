import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../test-utils/fixture';

// Every Graph operation, with the least permission from FACTS.md that must allow it and a
// near-miss that must not. Targets are looked up once; destructive operations use their own users.

let sbx: TestSandbox;
const ids: Record<string, string> = {};
beforeAll(async () => {
  sbx = await startTestSandbox();
  const token = await sbx.appToken('Pliant Automation');
  const id = async (upn: string) => (await sbx.graph(token, 'GET', `/users/${upn}@contoso-sandbox.onmicrosoft.com?$select=id`)).json.id;
  ids.reader = await id('megan.bowen');
  ids.patch = await id('alex.wilber');
  ids.delete = await id('diego.siciliani');
  ids.deleteRestore = await id('grady.archie');
  ids.license = await id('ivan.novak');
  ids.member = await id('kenji.tanaka');
  const groups = (await sbx.graph(token, 'GET', '/groups')).json.value;
  ids.group = groups[5].id;
  ids.groupWithMember = groups[3].id; // Engineering, which includes Kenji
  ids.e3 = '6fd2c87f-b296-42f0-b197-1e91e994b900';
});
afterAll(async () => { await sbx?.close(); });

interface Operation {
  name: string;
  method: string;
  path: () => string;
  body?: () => unknown;
  least: string[];
  nearMiss: string[];
  status: number;
}

const operations: Operation[] = [
  { name: 'list users', method: 'GET', path: () => '/users', least: ['User.Read.All'], nearMiss: ['GroupMember.Read.All'], status: 200 },
  { name: 'get user', method: 'GET', path: () => `/users/${ids.reader}`, least: ['User.Read.All'], nearMiss: ['User.EnableDisableAccount.All'], status: 200 },
  {
    name: 'create user', method: 'POST', path: () => '/users', least: ['User.ReadWrite.All'], nearMiss: ['User.Read.All'], status: 201,
    body: () => ({ accountEnabled: true, displayName: 'Perm Test', mailNickname: 'perm.test', userPrincipalName: 'perm.test@contoso-sandbox.onmicrosoft.com', passwordProfile: { password: 'Perm-Test-123!' } }),
  },
  { name: 'update user', method: 'PATCH', path: () => `/users/${ids.patch}`, body: () => ({ jobTitle: 'Updated' }), least: ['User.ReadWrite.All'], nearMiss: ['User.Read.All'], status: 204 },
  { name: 'enable/disable', method: 'PATCH', path: () => `/users/${ids.patch}`, body: () => ({ accountEnabled: false }), least: ['User.EnableDisableAccount.All', 'User.Read.All'], nearMiss: ['User.Read.All'], status: 204 },
  { name: 'reset password', method: 'PATCH', path: () => `/users/${ids.patch}`, body: () => ({ passwordProfile: { password: 'Reset-Pass-123!' } }), least: ['User-PasswordProfile.ReadWrite.All'], nearMiss: ['User.EnableDisableAccount.All', 'User.Read.All'], status: 204 },
  { name: 'delete user', method: 'DELETE', path: () => `/users/${ids.delete}`, least: ['User.ReadWrite.All'], nearMiss: ['Directory.ReadWrite.All'], status: 204 },
  { name: 'delete user (DeleteRestore)', method: 'DELETE', path: () => `/users/${ids.deleteRestore}`, least: ['User.DeleteRestore.All'], nearMiss: ['User.Read.All'], status: 204 },
  { name: 'assign license', method: 'POST', path: () => `/users/${ids.license}/assignLicense`, body: () => ({ addLicenses: [{ skuId: ids.e3, disabledPlans: [] }], removeLicenses: [] }), least: ['LicenseAssignment.ReadWrite.All'], nearMiss: ['LicenseAssignment.Read.All'], status: 200 },
  { name: 'license details', method: 'GET', path: () => `/users/${ids.reader}/licenseDetails`, least: ['LicenseAssignment.Read.All'], nearMiss: ['Organization.Read.All'], status: 200 },
  { name: 'subscribed SKUs', method: 'GET', path: () => '/subscribedSkus', least: ['LicenseAssignment.Read.All'], nearMiss: ['User.Read.All'], status: 200 },
  { name: 'subscribed SKUs (Organization)', method: 'GET', path: () => '/subscribedSkus', least: ['Organization.Read.All'], nearMiss: ['Application.Read.All'], status: 200 },
  { name: 'list groups', method: 'GET', path: () => '/groups', least: ['GroupMember.Read.All'], nearMiss: ['User.Read.All'], status: 200 },
  { name: 'list members', method: 'GET', path: () => `/groups/${ids.group}/members`, least: ['GroupMember.Read.All'], nearMiss: ['User.ReadWrite.All'], status: 200 },
  { name: 'add member', method: 'POST', path: () => `/groups/${ids.group}/members/$ref`, body: () => ({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${ids.reader}` }), least: ['GroupMember.ReadWrite.All'], nearMiss: ['GroupMember.Read.All'], status: 204 },
  { name: 'remove member', method: 'DELETE', path: () => `/groups/${ids.groupWithMember}/members/${ids.member}/$ref`, least: ['GroupMember.ReadWrite.All'], nearMiss: ['GroupMember.Read.All'], status: 204 },
  { name: 'get application', method: 'GET', path: () => `/applications(appId='${sbx.app('Pliant Automation').clientId}')`, least: ['Application.Read.All'], nearMiss: ['Application.ReadWrite.OwnedBy'], status: 200 },
  { name: 'organization', method: 'GET', path: () => '/organization', least: ['Organization.Read.All'], nearMiss: ['User.Read.All'], status: 200 },
];

describe('permission enforcement per operation', () => {
  it.each(operations.map((o) => [o.name, o] as const))('%s: 403 without consent, 403 with a near miss, allowed with the least permission', async (_name, op) => {
    for (const permissions of [[], op.nearMiss]) {
      const token = await sbx.tokenWith(permissions);
      const denied = await sbx.graph(token, op.method, op.path(), op.body?.());
      expect(denied.status, `with [${permissions.join(', ')}]`).toBe(403);
      expect(denied.json.error.code).toBe('Authorization_RequestDenied');
      expect(denied.json.error.message).toBe('Insufficient privileges to complete the operation.');
      expect(denied.json.error.innerError['request-id']).toBe(denied.headers['request-id']);
      expect(denied.json.error.innerError.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    }
    const allowed = await sbx.graph(await sbx.tokenWith(op.least), op.method, op.path(), op.body?.());
    expect(allowed.status, allowed.text).toBe(op.status);
  });

  it('accepts higher permissions too (Directory.Read.All reads users, Group.ReadWrite.All manages members)', async () => {
    expect((await sbx.graph(await sbx.tokenWith(['Directory.Read.All']), 'GET', '/users?$top=1')).status).toBe(200);
    const groupAdmin = await sbx.tokenWith(['Group.ReadWrite.All']);
    const res = await sbx.graph(groupAdmin, 'POST', `/groups/${ids.group}/members/$ref`, { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${ids.patch}` });
    expect(res.status).toBe(204);
  });
});
