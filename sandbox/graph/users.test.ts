import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../test-utils/fixture';
import { httpsCall } from '../test-utils/https-client';
import { USER_DEFAULT_SELECT } from './schema';

let sbx: TestSandbox;
let token: string; // Pliant Automation: User.ReadWrite.All and friends
beforeAll(async () => {
  sbx = await startTestSandbox();
  token = await sbx.appToken('Pliant Automation');
});
afterAll(async () => { await sbx?.close(); });

const domain = 'contoso-sandbox.onmicrosoft.com';
const newUser = (nick: string, extra: Record<string, unknown> = {}) => ({
  accountEnabled: true, displayName: `Test ${nick}`, mailNickname: nick, userPrincipalName: `${nick}@${domain}`,
  passwordProfile: { forceChangePasswordNextSignIn: false, password: 'Str0ng-Passw0rd!' }, ...extra,
});

describe('GET /users', () => {
  it('returns Graph\'s default property set, with an OData context', async () => {
    const res = await sbx.graph(token, 'GET', '/users?$top=5');
    expect(res.status).toBe(200);
    expect(res.json['@odata.context']).toBe(`${sbx.url}/v1.0/$metadata#users`);
    expect(res.json.value).toHaveLength(5);
    expect(Object.keys(res.json.value[0]).sort()).toEqual([...USER_DEFAULT_SELECT].sort());
    expect(res.json.value[0]).not.toHaveProperty('passwordProfile');
  });

  it('pages with @odata.nextLink until every user has been seen once', async () => {
    const ids: string[] = [];
    let url: string | undefined = `${sbx.url}/v1.0/users?$top=7&$select=id,displayName`;
    let pages = 0;
    while (url) {
      const page = await httpsCall(sbx.ca, 'GET', url, { headers: { Authorization: `Bearer ${token}` } });
      expect(page.status).toBe(200);
      expect(page.json.value.length).toBeLessThanOrEqual(7);
      for (const u of page.json.value) expect(Object.keys(u).sort()).toEqual(['displayName', 'id']);
      ids.push(...page.json.value.map((u: { id: string }) => u.id));
      url = page.json['@odata.nextLink'];
      pages++;
    }
    const count = await sbx.graph(token, 'GET', '/users/$count', undefined, { ConsistencyLevel: 'eventual' });
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(Number(count.text));
    expect(pages).toBe(Math.ceil(ids.length / 7));
  });

  it('filters with eq and startswith on userPrincipalName, mail, displayName and accountEnabled', async () => {
    const get = async (filter: string) => (await sbx.graph(token, 'GET', `/users?$filter=${encodeURIComponent(filter)}&$select=displayName,accountEnabled,mail`)).json.value;
    expect(await get(`userPrincipalName eq 'MEGAN.BOWEN@${domain}'`)).toEqual([{ displayName: 'Megan Bowen', accountEnabled: true, mail: `megan.bowen@${domain}` }]);
    expect((await get(`mail eq 'lee.gu@${domain}'`)).map((u: { displayName: string }) => u.displayName)).toEqual(['Lee Gu']);
    expect((await get('accountEnabled eq false')).map((u: { displayName: string }) => u.displayName)).toEqual(['Adele Vance']);
    const a = await get("startswith(displayName,'A')");
    expect(a.length).toBeGreaterThan(1);
    expect(a.every((u: { displayName: string }) => u.displayName.startsWith('A'))).toBe(true);
    expect(await get(`startswith(userPrincipalName,'al') and accountEnabled eq true`)).toEqual(
      a.filter((u: { displayName: string; accountEnabled: boolean }) => u.displayName.startsWith('Al') && u.accountEnabled),
    );
  });

  it('rejects unsupported filters, unknown $select properties and bad page sizes with 400', async () => {
    const filter = await sbx.graph(token, 'GET', `/users?$filter=${encodeURIComponent("jobTitle eq 'Director'")}`);
    expect(filter.status).toBe(400);
    expect(filter.json.error.code).toBe('Request_UnsupportedQuery');
    const select = await sbx.graph(token, 'GET', '/users?$select=displayName,shoeSize');
    expect(select.status).toBe(400);
    expect(select.json.error.message).toContain("'shoeSize'");
    expect((await sbx.graph(token, 'GET', '/users?$top=1000')).status).toBe(400);
  });

  it('needs ConsistencyLevel: eventual for $count', async () => {
    const without = await sbx.graph(token, 'GET', '/users?$count=true&$top=1');
    expect(without.status).toBe(400);
    const withHeader = await sbx.graph(token, 'GET', `/users?$count=true&$top=1&$filter=${encodeURIComponent('accountEnabled eq true')}`, undefined, { ConsistencyLevel: 'eventual' });
    expect(withHeader.status).toBe(200);
    const all = await sbx.graph(token, 'GET', '/users/$count', undefined, { ConsistencyLevel: 'eventual' });
    expect(withHeader.json['@odata.count']).toBe(Number(all.text) - 1); // Adele is disabled
    expect((await sbx.graph(token, 'GET', '/users/$count')).status).toBe(400);
  });

  it('gets a user by id and by UPN, and 404s an unknown one', async () => {
    const byUpn = await sbx.graph(token, 'GET', `/users/lee.gu@${domain}?$select=id,usageLocation,assignedLicenses`);
    expect(byUpn.status).toBe(200);
    const byId = await sbx.graph(token, 'GET', `/users/${byUpn.json.id}?$select=id,userPrincipalName`);
    expect(byId.json.userPrincipalName).toBe(`lee.gu@${domain}`);
    expect(byUpn.json.assignedLicenses[0].skuId).toMatch(/^[0-9a-f-]{36}$/);
    const missing = await sbx.graph(token, 'GET', `/users/nobody@${domain}`);
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('Request_ResourceNotFound');
  });
});

describe('POST /users', () => {
  it('creates a user (201) that can then be read', async () => {
    const res = await sbx.graph(token, 'POST', '/users', newUser('created.one', { jobTitle: 'Tester', usageLocation: 'NL' }));
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ displayName: 'Test created.one', jobTitle: 'Tester', userPrincipalName: `created.one@${domain}` });
    expect(res.json).not.toHaveProperty('passwordProfile');
    const read = await sbx.graph(token, 'GET', `/users/${res.json.id}?$select=usageLocation,accountEnabled`);
    expect(read.json).toMatchObject({ usageLocation: 'NL', accountEnabled: true });
  });

  it.each(['accountEnabled', 'displayName', 'mailNickname', 'userPrincipalName', 'passwordProfile'])('400 naming %s when it is missing', async (property) => {
    const body: Record<string, unknown> = newUser(`missing.${property.toLowerCase()}`);
    delete body[property];
    const res = await sbx.graph(token, 'POST', '/users', body);
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain(`'${property}'`);
  });

  it('400 naming an unknown property', async () => {
    const res = await sbx.graph(token, 'POST', '/users', newUser('unknown.prop', { favouriteColour: 'blue' }));
    expect(res.status).toBe(400);
    expect(res.json.error.message).toBe("Property 'favouriteColour' does not exist as a declared property or extension property.");
  });

  it('400 ObjectConflict for a duplicate userPrincipalName (case-insensitive)', async () => {
    const res = await sbx.graph(token, 'POST', '/users', newUser('dup', { userPrincipalName: `Megan.Bowen@${domain}` }));
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('Request_BadRequest');
    expect(res.json.error.message).toBe('Another object with the same value for property userPrincipalName already exists.');
    expect(res.json.error.details).toEqual([{ target: 'userPrincipalName', code: 'ObjectConflict' }]);
  });

  it('400 for a UPN outside the verified domains, a weak password or a wrongly typed value', async () => {
    const domainRes = await sbx.graph(token, 'POST', '/users', newUser('x', { userPrincipalName: 'x@contoso.com' }));
    expect(domainRes.status).toBe(400);
    expect(domainRes.json.error.message).toContain('verified domain');
    const other = await sbx.graph(token, 'POST', '/users', newUser('y', { userPrincipalName: 'y@contoso-sandbox.example' }));
    expect(other.status).toBe(201);
    const weak = await sbx.graph(token, 'POST', '/users', newUser('weak', { passwordProfile: { password: 'password' } }));
    expect(weak.status).toBe(400);
    expect(weak.json.error.message).toContain('complexity');
    const typed = await sbx.graph(token, 'POST', '/users', newUser('typed', { accountEnabled: 'yes' }));
    expect(typed.status).toBe(400);
    expect(typed.json.error.message).toContain('Edm.Boolean');
  });
});

describe('PATCH and DELETE /users/{id}', () => {
  it('updates properties (204), disables the account and resets the password', async () => {
    const upn = `patch.me@${domain}`;
    const created = await sbx.graph(token, 'POST', '/users', newUser('patch.me'));
    const id = created.json.id;
    expect((await sbx.graph(token, 'PATCH', `/users/${id}`, { jobTitle: 'Lead', department: 'QA' })).status).toBe(204);
    expect((await sbx.graph(token, 'GET', `/users/${id}?$select=jobTitle,department`)).json).toMatchObject({ jobTitle: 'Lead', department: 'QA' });

    // The new password signs in through the password grant; the old one no longer does.
    const reset = await sbx.graph(token, 'PATCH', `/users/${upn}`, { passwordProfile: { password: 'N3w-Passw0rd!!', forceChangePasswordNextSignIn: false } });
    expect(reset.status).toBe(204);
    const app = sbx.app('Pliant Automation');
    const signIn = (password: string) => sbx.tokenRequest(sbx.contoso.id, {
      client_id: app.clientId, client_secret: sbx.secret(app), grant_type: 'password', scope: `${sbx.url}/User.Read`, username: upn, password,
    });
    expect((await signIn('N3w-Passw0rd!!')).status).toBe(200);
    expect((await signIn('Str0ng-Passw0rd!')).json.error_codes).toEqual([50126]);

    expect((await sbx.graph(token, 'PATCH', `/users/${id}`, { accountEnabled: false })).status).toBe(204);
    const state = await sbx.admin('GET', `/state/users?upn=${encodeURIComponent(upn)}`);
    expect(state.json.accountEnabled).toBe(false);
    expect((await signIn('N3w-Passw0rd!!')).json.error_codes).toEqual([50057]);
  });

  it('400 for unknown or read-only properties and a clash of UPNs on update', async () => {
    const users = (await sbx.graph(token, 'GET', '/users?$top=2&$select=id')).json.value;
    const unknown = await sbx.graph(token, 'PATCH', `/users/${users[0].id}`, { nickName: 'x' });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.message).toContain("'nickName'");
    expect((await sbx.graph(token, 'PATCH', `/users/${users[0].id}`, { createdDateTime: '2020-01-01T00:00:00Z' })).status).toBe(400);
    const clash = await sbx.graph(token, 'PATCH', `/users/${users[0].id}`, { userPrincipalName: `lee.gu@${domain}` });
    expect(clash.json.error.details?.[0]?.code).toBe('ObjectConflict');
  });

  it('needs its own permissions for accountEnabled and passwordProfile', async () => {
    const target = (await sbx.graph(token, 'POST', '/users', newUser('perm.target'))).json.id;
    const enableOnly = await sbx.tokenWith(['User.Read.All', 'User.EnableDisableAccount.All']);
    expect((await sbx.graph(enableOnly, 'PATCH', `/users/${target}`, { accountEnabled: false })).status).toBe(204);
    expect((await sbx.graph(enableOnly, 'PATCH', `/users/${target}`, { jobTitle: 'x' })).status).toBe(403);
    expect((await sbx.graph(enableOnly, 'PATCH', `/users/${target}`, { passwordProfile: { password: 'An0ther-Pass!' } })).status).toBe(403);
    const enableWithoutRead = await sbx.tokenWith(['User.EnableDisableAccount.All']);
    expect((await sbx.graph(enableWithoutRead, 'PATCH', `/users/${target}`, { accountEnabled: true })).status).toBe(403);
    const resetOnly = await sbx.tokenWith(['User-PasswordProfile.ReadWrite.All']);
    expect((await sbx.graph(resetOnly, 'PATCH', `/users/${target}`, { passwordProfile: { password: 'An0ther-Pass!' } })).status).toBe(204);
    const denied = await sbx.graph(resetOnly, 'PATCH', `/users/${target}`, { accountEnabled: true });
    expect(denied.status).toBe(403);
    expect(denied.json.error).toMatchObject({ code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' });
  });

  it('deletes a user (204), removing it from its groups; a second delete is 404', async () => {
    const id = (await sbx.graph(token, 'POST', '/users', newUser('delete.me'))).json.id;
    const group = (await sbx.graph(token, 'GET', '/groups?$top=1')).json.value[0].id;
    expect((await sbx.graph(token, 'POST', `/groups/${group}/members/$ref`, { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` })).status).toBe(204);
    expect((await sbx.graph(token, 'DELETE', `/users/${id}`)).status).toBe(204);
    expect((await sbx.graph(token, 'GET', `/users/${id}`)).status).toBe(404);
    expect((await sbx.graph(token, 'DELETE', `/users/${id}`)).status).toBe(404);
    const members = (await sbx.graph(token, 'GET', `/groups/${group}/members?$select=id&$top=999`)).json.value.map((m: { id: string }) => m.id);
    expect(members).not.toContain(id);
  });
});
