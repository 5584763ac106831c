import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxConnection } from '../connection';
import { startTestSandbox, type TestSandbox } from '../test-utils/fixture';
import { httpsCall } from '../test-utils/https-client';

let sbx: TestSandbox;
beforeAll(async () => { sbx = await startTestSandbox(); });
afterAll(async () => { await sbx?.close(); });

const clientCredentials = (clientId: string, secret: string) =>
  sbx.tokenRequest(sbx.contoso.id, { client_id: clientId, client_secret: secret, scope: `${sbx.url}/.default`, grant_type: 'client_credentials' });
const readConnectionFile = (): SandboxConnection => JSON.parse(readFileSync(path.join(sbx.dataDir, 'sandbox', 'connection.json'), 'utf8'));

describe('applications', () => {
  it('reads an app by appId and by object id, with password credential metadata but never the secret', async () => {
    const token = await sbx.appToken('Pliant Automation');
    const app = sbx.app('Pliant Automation');
    const byAppId = await sbx.graph(token, 'GET', `/applications(appId='${app.clientId}')`);
    expect(byAppId.status).toBe(200);
    expect(byAppId.json).toMatchObject({ id: app.objectId, appId: app.clientId, displayName: 'Pliant Automation', keyCredentials: [] });
    expect(byAppId.json.passwordCredentials).toEqual(app.secrets.map((s) => ({
      customKeyIdentifier: null, displayName: s.displayName, endDateTime: s.expiresAt, hint: s.value.slice(0, 3),
      keyId: s.secretId, secretText: null, startDateTime: expect.any(String),
    })));
    expect(byAppId.text).not.toContain(app.secrets[0].value);
    expect(byAppId.json.requiredResourceAccess[0].resourceAccess).toHaveLength(5);
    const byObjectId = await sbx.graph(token, 'GET', `/applications/${app.objectId}?$select=appId,passwordCredentials`);
    expect(byObjectId.json.appId).toBe(app.clientId);
    expect(Object.keys(byObjectId.json).sort()).toEqual(['@odata.context', 'appId', 'passwordCredentials']);
    expect((await sbx.graph(token, 'GET', "/applications(appId='00000000-0000-4000-8000-000000000000')")).status).toBe(404);
  });

  it('lets the Rotator add and remove its own secrets; the new value signs in and then stops working', async () => {
    const rotator = sbx.app('Pliant Rotator');
    const token = await sbx.appToken('Pliant Rotator');
    const end = new Date(Date.now() + 90 * 86_400_000).toISOString();
    const added = await sbx.graph(token, 'POST', `/applications/${rotator.objectId}/addPassword`, { passwordCredential: { displayName: 'rotated', endDateTime: end } });
    expect(added.status).toBe(200);
    expect(added.json).toMatchObject({ displayName: 'rotated', endDateTime: end, hint: added.json.secretText.slice(0, 3) });
    expect(added.json.secretText).toHaveLength(40);
    expect((await clientCredentials(rotator.clientId, added.json.secretText)).status).toBe(200);
    // connection.json follows, so the Sandbox page shows the new secret.
    const inFile = readConnectionFile().tenants[0].apps.find((a) => a.clientId === rotator.clientId)!;
    expect(inFile.secrets.map((s) => s.secretId)).toContain(added.json.keyId);

    const viaAppId = await sbx.graph(token, 'GET', `/applications(appId='${rotator.clientId}')?$select=passwordCredentials`);
    expect(viaAppId.json.passwordCredentials.map((p: { keyId: string }) => p.keyId)).toContain(added.json.keyId);

    expect((await sbx.graph(token, 'POST', `/applications(appId='${rotator.clientId}')/removePassword`, { keyId: added.json.keyId })).status).toBe(204);
    const after = await clientCredentials(rotator.clientId, added.json.secretText);
    expect(after.json.error_codes).toEqual([7000215]);
    const again = await sbx.graph(token, 'POST', `/applications/${rotator.objectId}/removePassword`, { keyId: added.json.keyId });
    expect(again.status).toBe(400);
  });

  it('the admin routes add a client secret to any app (as "New client secret" in Azure) and set delegated consent', async () => {
    const automation = sbx.app('Pliant Automation');
    const created = await sbx.admin('POST', `/apps/${automation.clientId}/secrets`, { displayName: 'From the Sandbox page', days: 30 });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ displayName: 'From the Sandbox page', hint: created.json.value.slice(0, 3) });
    expect(Date.parse(created.json.expiresAt) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    expect((await clientCredentials(automation.clientId, created.json.value)).status).toBe(200);
    const inFile = readConnectionFile().tenants[0].apps.find((a) => a.clientId === automation.clientId)!;
    expect(inFile.secrets.map((x) => x.secretId)).toContain(created.json.secretId);
    expect((await sbx.admin('POST', `/apps/${automation.clientId}/secrets`, { days: 9999 })).status).toBe(400);

    const granted = await sbx.admin('POST', `/apps/${automation.clientId}/delegated-grants`, { permissions: ['User.Read', 'User.Read.All'] });
    expect(granted.json.delegatedPermissions).toEqual(['User.Read', 'User.Read.All']);
    const megan = sbx.contoso.users.find((u) => u.userPrincipalName.startsWith('megan'))!;
    const token = await sbx.tokenRequest(sbx.contoso.id, {
      client_id: automation.clientId, client_secret: created.json.value, grant_type: 'password', scope: `${sbx.url}/.default openid profile`, username: megan.userPrincipalName, password: megan.password,
    });
    const scp = JSON.parse(Buffer.from(token.json.access_token.split('.')[1], 'base64url').toString()).scp;
    expect(scp.split(' ')).toEqual(expect.arrayContaining(['User.Read', 'User.Read.All']));
    await sbx.admin('POST', '/reset');
  });

  it('403 for addPassword on an app the caller does not own, or without an application write permission', async () => {
    const rotatorToken = await sbx.appToken('Pliant Rotator');
    const automation = sbx.app('Pliant Automation');
    const notOwned = await sbx.graph(rotatorToken, 'POST', `/applications/${automation.objectId}/addPassword`, { passwordCredential: { displayName: 'x' } });
    expect(notOwned.status).toBe(403);
    expect(notOwned.json.error.code).toBe('Authorization_RequestDenied');
    const readOnly = await sbx.appToken('Pliant Automation'); // Application.Read.All only
    const rotator = sbx.app('Pliant Rotator');
    expect((await sbx.graph(readOnly, 'POST', `/applications/${rotator.objectId}/addPassword`, {})).status).toBe(403);
    const ownedByOther = await sbx.tokenWith(['Application.ReadWrite.OwnedBy']);
    expect((await sbx.graph(ownedByOther, 'POST', `/applications/${rotator.objectId}/removePassword`, { keyId: rotator.secrets[0].secretId })).status).toBe(403);
    expect((await sbx.graph(ownedByOther, 'GET', `/applications/${rotator.objectId}`)).status).toBe(403);
    const anyApp = await sbx.tokenWith(['Application.ReadWrite.All']);
    const added = await sbx.graph(anyApp, 'POST', `/applications/${automation.objectId}/addPassword`, { passwordCredential: { displayName: 'by admin app' } });
    expect(added.status).toBe(200);
    // Default lifetime: two years.
    expect(Date.parse(added.json.endDateTime) - Date.parse(added.json.startDateTime)).toBe(2 * 365 * 86_400_000);
  });
});

describe('admin endpoints', () => {
  it('401 without the admin token', async () => {
    for (const headers of [{}, { Authorization: 'Bearer wrong' }] as Array<Record<string, string>>) {
      const res = await httpsCall(sbx.ca, 'GET', `${sbx.url}/_sandbox/connection`, { headers });
      expect(res.status).toBe(401);
    }
  });

  it('serves the same connection JSON as connection.json, and the seed is deterministic', async () => {
    const res = await sbx.admin('GET', '/connection');
    expect(res.json).toEqual(readConnectionFile());
    expect(res.json.tenants.map((t: { displayName: string; size: string }) => [t.displayName, t.size])).toEqual([['Contoso Sandbox', 'M'], ['Fabrikam Sandbox', 'S']]);
    // Fixed seed: these values are the same on every machine and every start.
    expect(res.json.tenants[0].id).toBe('1d07de52-e00e-451c-a6c3-15b2ecca8c6f');
    expect(sbx.app('Pliant Automation').clientId).toBe('24ebe8dc-5f28-4029-9f70-b9e8e8338cb7');
  });

  it('deletes a stored secret, after which it no longer signs in', async () => {
    const pending = sbx.app('Pliant (consent pending)');
    const secret = pending.secrets[0];
    expect((await clientCredentials(pending.clientId, secret.value)).status).toBe(200);
    expect((await sbx.admin('DELETE', `/apps/${pending.clientId}/secrets/${secret.secretId}`)).status).toBe(204);
    expect((await clientCredentials(pending.clientId, secret.value)).json.error_codes).toEqual([7000215]);
    expect((await sbx.admin('DELETE', `/apps/${pending.clientId}/secrets/${secret.secretId}`)).status).toBe(404);
    await sbx.admin('POST', '/reset');
    expect((await clientCredentials(pending.clientId, secret.value)).status).toBe(200);
  });

  it('reset restores deleted users and granted permissions, with the same secret values', async () => {
    const token = await sbx.appToken('Pliant Automation');
    const upn = 'quinn.taylor@contoso-sandbox.onmicrosoft.com';
    expect((await sbx.graph(token, 'DELETE', `/users/${upn}`)).status).toBe(204);
    expect((await sbx.admin('GET', `/state/users?upn=${upn}`)).status).toBe(404);
    await sbx.admin('POST', `/apps/${sbx.app('Pliant Automation').clientId}/grants`, { permissions: ['User.Read.All'] });
    expect((await sbx.admin('POST', '/reset')).status).toBe(204);
    const state = await sbx.admin('GET', `/state/users?upn=${upn}`);
    expect(state.status).toBe(200);
    expect(state.json).toMatchObject({ userPrincipalName: upn, tenantId: sbx.contoso.id });
    const after = await sbx.admin('GET', '/connection');
    expect(after.json.tenants).toEqual(sbx.connection.tenants);
  });

  it('logs requests with client id, status and request-id, filters by time and clears', async () => {
    await sbx.admin('DELETE', '/requests');
    const since = Date.now();
    const token = await sbx.appToken('Pliant Automation');
    const res = await sbx.graph(token, 'GET', '/organization');
    const log = await sbx.admin('GET', `/requests?since=${since}`);
    const entry = log.json.requests.find((r: { requestId: string }) => r.requestId === res.headers['request-id']);
    expect(entry).toMatchObject({ method: 'GET', path: '/v1.0/organization', status: 200, clientId: sbx.app('Pliant Automation').clientId });
    expect(log.json.requests.some((r: { path: string }) => r.path.endsWith('/oauth2/v2.0/token'))).toBe(true);
    expect((await sbx.admin('GET', `/requests?since=${Date.now() + 60_000}`)).json.requests).toEqual([]);
    expect((await sbx.admin('DELETE', '/requests')).status).toBe(204);
    expect((await sbx.admin('GET', '/requests')).json.requests).toEqual([]);
  });

  it('validates admin bodies', async () => {
    expect((await sbx.admin('POST', '/faults', { rate: 2 })).status).toBe(400);
    expect((await sbx.admin('POST', '/faults', { forced: [{ pathPattern: '(', status: 500 }] })).status).toBe(400);
    expect((await sbx.admin('POST', `/apps/${sbx.app('Pliant Automation').clientId}/grants`, { permissions: 'User.Read.All' })).status).toBe(400);
    expect((await sbx.admin('POST', '/apps/00000000-0000-4000-8000-000000000000/grants', { permissions: [] })).status).toBe(404);
    expect((await sbx.admin('GET', '/state/users')).status).toBe(400);
  });
});
