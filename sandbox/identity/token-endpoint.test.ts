import { createPublicKey, randomUUID, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSelfSignedCertificate } from '../tls/certificates';
import { startTestSandbox, type TestSandbox } from '../test-utils/fixture';
import { httpsCall } from '../test-utils/https-client';
import { createSandboxMsalClient, jwtClaims } from '../test-utils/msal';

let sbx: TestSandbox;
beforeAll(async () => { sbx = await startTestSandbox(); });
afterAll(async () => { await sbx?.close(); });

const graphScope = () => `${sbx.url}/.default`;

/** A fresh MSAL instance per call: MSAL throttles itself per instance after errors. */
function msal(opts: { tenant?: string; clientId: string; clientSecret?: string; clientCertificate?: { thumbprintSha256?: string; thumbprint?: string; privateKey: string } }) {
  return createSandboxMsalClient({ authorityHost: sbx.url, ca: sbx.ca, ...opts, tenant: opts.tenant ?? sbx.contoso.id });
}

async function msalError(promise: Promise<unknown>): Promise<{ errorCode: string; errorNo: number; status: number; errorMessage: string }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { errorCode: string; errorNo: string | number; status: number; errorMessage: string };
    return { errorCode: e.errorCode, errorNo: Number(e.errorNo), status: e.status, errorMessage: e.errorMessage };
  }
  throw new Error('expected MSAL to fail');
}

describe('client credentials with real MSAL', () => {
  it('gives Pliant Automation a token carrying exactly its granted roles', async () => {
    const app = sbx.app('Pliant Automation');
    const result = await msal({ clientId: app.clientId, clientSecret: sbx.secret(app) })
      .acquireTokenByClientCredential({ scopes: [graphScope()], skipCache: true });
    const claims = jwtClaims(result!.accessToken);
    expect([...claims.roles].sort()).toEqual([...app.grantedPermissions].sort());
    expect(claims.roles).toHaveLength(5);
    expect(claims).toMatchObject({
      aud: sbx.url, iss: `${sbx.url}/${sbx.contoso.id}/v2.0`, tid: sbx.contoso.id,
      appid: app.clientId, azp: app.clientId, idtyp: 'app',
    });
    expect(claims.oid).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims.exp - claims.iat).toBe(3599);
    expect(claims.nbf).toBeLessThanOrEqual(claims.iat);
  });

  it('gives the consent-pending app a token without roles', async () => {
    const app = sbx.app('Pliant (consent pending)');
    expect(app.requestedPermissions.length).toBeGreaterThan(0);
    const result = await msal({ clientId: app.clientId, clientSecret: sbx.secret(app) })
      .acquireTokenByClientCredential({ scopes: [graphScope()], skipCache: true });
    expect(jwtClaims(result!.accessToken).roles).toBeUndefined();
  });

  it('accepts a verified domain as the tenant and signs tokens with the key in the JWKS', async () => {
    const app = sbx.app('Pliant Automation');
    const result = await msal({ tenant: 'contoso-sandbox.example', clientId: app.clientId, clientSecret: sbx.secret(app) })
      .acquireTokenByClientCredential({ scopes: [graphScope()], skipCache: true });
    const token = result!.accessToken;
    expect(jwtClaims(token).tid).toBe(sbx.contoso.id);

    const config = await httpsCall(sbx.ca, 'GET', `${sbx.url}/contoso-sandbox.onmicrosoft.com/v2.0/.well-known/openid-configuration`);
    expect(config.status).toBe(200);
    expect(config.json.token_endpoint).toBe(`${sbx.url}/${sbx.contoso.id}/oauth2/v2.0/token`);
    expect(config.json.issuer).toBe(`${sbx.url}/${sbx.contoso.id}/v2.0`);
    const keys = await httpsCall(sbx.ca, 'GET', config.json.jwks_uri);
    const [header, payload, signature] = token.split('.');
    const jwk = keys.json.keys.find((k: { kid: string }) => k.kid === JSON.parse(Buffer.from(header, 'base64url').toString()).kid);
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    expect(verify('sha256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'))).toBe(true);
    // The other tenant publishes a different key.
    const other = await httpsCall(sbx.ca, 'GET', `${sbx.url}/${sbx.fabrikam.id}/discovery/v2.0/keys`);
    expect(other.json.keys[0].kid).not.toBe(jwk.kid);
  });

  it('puts newly granted permissions into the next token', async () => {
    const app = sbx.app('Pliant (consent pending)');
    const grant = await sbx.admin('POST', `/apps/${app.clientId}/grants`, { permissions: ['User.Read.All'] });
    expect(grant.status).toBe(200);
    try {
      const result = await msal({ clientId: app.clientId, clientSecret: sbx.secret(app) })
        .acquireTokenByClientCredential({ scopes: [graphScope()], skipCache: true });
      expect(jwtClaims(result!.accessToken).roles).toEqual(['User.Read.All']);
    } finally {
      await sbx.admin('POST', `/apps/${app.clientId}/grants`, { permissions: [] });
    }
  });
});

describe('AADSTS errors through real MSAL', () => {
  const automation = () => sbx.app('Pliant Automation');

  it('7000215 for a wrong secret, with the value-not-ID sentence', async () => {
    const err = await msalError(msal({ clientId: automation().clientId, clientSecret: 'not-the-secret' })
      .acquireTokenByClientCredential({ scopes: [graphScope()], skipCache: true }));
    expect(err).toMatchObject({ errorCode: 'invalid_client', errorNo: 7000215, status: 401 });
  });

  it('7000215 when the Secret ID is sent instead of the value', async () => {
    const app = automation();
    const err = await msalError(msal({ clientId: app.clientId, clientSecret: app.secrets[0].secretId })
      .acquireTokenByClientCredential({ scopes: [graphScope()], skipCache: true }));
    expect(err).toMatchObject({ errorCode: 'invalid_client', errorNo: 7000215, status: 401 });
    expect(err.errorMessage).toContain(
      `Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
    );
  });

  const cases: Array<[string, () => { tenant?: string; clientId: string; secret: string; scopes?: string[] }, number, string, number]> = [
    ['7000222 expired secret', () => { const a = sbx.app('Legacy Connector'); return { clientId: a.clientId, secret: a.secrets[0].value }; }, 7000222, 'invalid_client', 401],
    ['700016 unknown client id', () => ({ clientId: randomUUID(), secret: 'x' }), 700016, 'unauthorized_client', 400],
    ['700016 app of another tenant', () => { const a = sbx.app('Fabrikam Reporting', sbx.fabrikam); return { clientId: a.clientId, secret: a.secrets[0].value }; }, 700016, 'unauthorized_client', 400],
    ['90002 unknown tenant GUID', () => ({ tenant: randomUUID(), clientId: automation().clientId, secret: 'x' }), 90002, 'invalid_request', 400],
    ['90002 unknown domain', () => ({ tenant: 'nosuch-tenant.example', clientId: automation().clientId, secret: 'x' }), 90002, 'invalid_request', 400],
    ['900023 malformed tenant', () => ({ tenant: 'not_a_tenant', clientId: automation().clientId, secret: 'x' }), 900023, 'invalid_request', 400],
    ['1002012 scope without /.default', () => ({ clientId: automation().clientId, secret: sbx.secret(automation()), scopes: [`${sbx.url}/User.Read.All`] }), 1002012, 'invalid_scope', 400],
    ['70011 scope for two resources', () => ({ clientId: automation().clientId, secret: sbx.secret(automation()), scopes: [`${sbx.url}/.default`, 'api://other/.default'] }), 70011, 'invalid_scope', 400],
    ['7000112 disabled app', () => { const a = sbx.app('Disabled App'); return { clientId: a.clientId, secret: sbx.secret(a) }; }, 7000112, 'unauthorized_client', 400],
  ];
  it.each(cases)('%s', async (_name, input, code, error, status) => {
    const c = input();
    const err = await msalError(msal({ tenant: c.tenant, clientId: c.clientId, clientSecret: c.secret })
      .acquireTokenByClientCredential({ scopes: c.scopes ?? [graphScope()], skipCache: true }));
    expect(err).toMatchObject({ errorCode: error, errorNo: code, status });
    expect(err.errorMessage).toContain(`AADSTS${code}:`);
  });

  it('7000218 when no credential is sent (MSAL cannot send none, so raw HTTP), in Entra\'s JSON shape', async () => {
    const res = await sbx.tokenRequest(sbx.contoso.id, { client_id: automation().clientId, scope: graphScope(), grant_type: 'client_credentials' });
    expect(res.status).toBe(401);
    expect(Object.keys(res.json).sort()).toEqual(['correlation_id', 'error', 'error_codes', 'error_description', 'error_uri', 'timestamp', 'trace_id']);
    expect(res.json.error).toBe('invalid_client');
    expect(res.json.error_codes).toEqual([7000218]);
    expect(res.json.error_description).toMatch(/^AADSTS7000218: .* Trace ID: [0-9a-f-]{36} Correlation ID: [0-9a-f-]{36} Timestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
    expect(res.json.error_uri).toBe(`${sbx.url}/error?code=7000218`);
    expect(res.headers['request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('certificate credentials (client_assertion)', () => {
  const rotator = () => sbx.app('Pliant Rotator');
  let registered: Awaited<ReturnType<typeof createSelfSignedCertificate>>;
  let stranger: typeof registered;

  beforeAll(async () => {
    registered = await createSelfSignedCertificate('Pliant Rotator cert');
    stranger = await createSelfSignedCertificate('Not registered');
    const token = await sbx.appToken('Pliant Rotator');
    const key = registered.certPem.replace(/-----[^-]+-----|\s/g, '');
    const res = await sbx.graph(token, 'PATCH', `/applications/${rotator().objectId}`, {
      keyCredentials: [{ type: 'AsymmetricX509Cert', usage: 'Verify', key, displayName: 'CN=Pliant Rotator cert' }],
    });
    expect(res.status).toBe(204);
  });

  it('issues a token for an assertion signed with the uploaded certificate (SHA-256 and SHA-1 thumbprints)', async () => {
    for (const thumb of [{ thumbprintSha256: registered.thumbprintSha256 }, { thumbprint: registered.thumbprintSha1 }]) {
      const result = await msal({ clientId: rotator().clientId, clientCertificate: { ...thumb, privateKey: registered.keyPem } })
        .acquireTokenByClientCredential({ scopes: [graphScope()], skipCache: true });
      const claims = jwtClaims(result!.accessToken);
      expect(claims.appidacr).toBe('2');
      expect([...claims.roles].sort()).toEqual(['Application.Read.All', 'Application.ReadWrite.OwnedBy']);
    }
  });

  it('700027 for a certificate that is not registered, and for a signature by another key', async () => {
    const unknown = await msalError(msal({ clientId: rotator().clientId, clientCertificate: { thumbprintSha256: stranger.thumbprintSha256, privateKey: stranger.keyPem } })
      .acquireTokenByClientCredential({ scopes: [graphScope()], skipCache: true }));
    expect(unknown).toMatchObject({ errorCode: 'invalid_client', errorNo: 700027, status: 401 });
    const forged = await msalError(msal({ clientId: rotator().clientId, clientCertificate: { thumbprintSha256: registered.thumbprintSha256, privateKey: stranger.keyPem } })
      .acquireTokenByClientCredential({ scopes: [graphScope()], skipCache: true }));
    expect(forged).toMatchObject({ errorCode: 'invalid_client', errorNo: 700027, status: 401 });
    expect(forged.errorMessage).toContain('signature validation');
  });
});

describe('password grant (Delegated keys) with real MSAL', () => {
  const user = (note: string) => sbx.contoso.users.find((u) => u.note.includes(note))!;
  const byPassword = (clientName: string, username: string, password: string, scopes = [`${sbx.url}/User.Read`]) => {
    const app = sbx.app(clientName);
    return msal({ clientId: app.clientId, clientSecret: sbx.secret(app) }).acquireTokenByUsernamePassword({ scopes, username, password });
  };

  it('returns a delegated token with scp and the user\'s oid and upn', async () => {
    const u = user('Delegated');
    const result = await byPassword('Pliant Automation', u.userPrincipalName, u.password, [`${sbx.url}/.default`]);
    const claims = jwtClaims(result!.accessToken);
    expect(claims.scp.split(' ').sort()).toEqual(['User.Read', 'User.ReadBasic.All']);
    expect(claims.roles).toBeUndefined();
    expect(claims.upn).toBe(u.userPrincipalName);
    const me = await sbx.graph(result!.accessToken, 'GET', '/me');
    expect(me.status).toBe(200);
    expect(me.json.userPrincipalName).toBe(u.userPrincipalName);
    expect(claims.oid).toBe(result!.account?.localAccountId);
  });

  it.each([
    ['50126 wrong password', 'Pliant Automation', 'Delegated', 'wrong-password', 50126],
    ['50057 disabled user', 'Pliant Automation', '50057', null, 50057],
    ['50076 MFA required', 'Pliant Automation', '50076', null, 50076],
    ['65001 no delegated consent', 'Pliant (consent pending)', 'Delegated', null, 65001],
  ] as const)('%s', async (_name, clientName, note, password, code) => {
    const u = user(note);
    const err = await msalError(byPassword(clientName, u.userPrincipalName, password ?? u.password));
    // MSAL raises these as InteractionRequiredAuthError, which carries no HTTP status: check that over raw HTTP.
    expect(err).toMatchObject({ errorCode: 'invalid_grant', errorNo: code });
    const app = sbx.app(clientName);
    const raw = await sbx.tokenRequest(sbx.contoso.id, {
      client_id: app.clientId, client_secret: sbx.secret(app), grant_type: 'password', scope: `${sbx.url}/User.Read openid profile`,
      username: u.userPrincipalName, password: password ?? u.password,
    });
    expect(raw.status).toBe(400);
    expect(raw.json).toMatchObject({ error: 'invalid_grant', error_codes: [code] });
  });

  it('50126 for a user that does not exist', async () => {
    const err = await msalError(byPassword('Pliant Automation', 'nobody@contoso-sandbox.onmicrosoft.com', 'Whatever-1!'));
    expect(err.errorNo).toBe(50126);
  });
});
