import { createPrivateKey, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b64url } from '../identity/jwt';
import { createSelfSignedCertificate } from '../tls/certificates';
import { startTestSandbox, type TestSandbox } from '../test-utils/fixture';
import { createSandboxMsalClient } from '../test-utils/msal';

type Cert = Awaited<ReturnType<typeof createSelfSignedCertificate>>;

let sbx: TestSandbox;
let first: Cert;
let second: Cert;
const rotator = () => sbx.app('Pliant Rotator');
const der = (c: Cert) => c.certPem.replace(/-----[^-]+-----|\s/g, '');

/** The proof of possession as FACTS.md describes it: RS256, x5t = SHA-1 thumbprint, aud, iss = object id, exp ≤ nbf + 10 min. */
function proof(signer: Cert, claims: Record<string, unknown> = {}): string {
  const nbf = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', x5t: Buffer.from(signer.thumbprintSha1, 'hex').toString('base64url') }));
  const payload = b64url(JSON.stringify({ aud: '00000002-0000-0000-c000-000000000000', iss: rotator().objectId, nbf, exp: nbf + 600, ...claims }));
  return `${header}.${payload}.${b64url(sign('sha256', Buffer.from(`${header}.${payload}`), createPrivateKey(signer.keyPem)))}`;
}

async function signsIn(cert: Cert): Promise<boolean> {
  const client = createSandboxMsalClient({ authorityHost: sbx.url, ca: sbx.ca, tenant: sbx.contoso.id, clientId: rotator().clientId, clientCertificate: { thumbprintSha256: cert.thumbprintSha256, privateKey: cert.keyPem } });
  return client.acquireTokenByClientCredential({ scopes: [`${sbx.url}/.default`], skipCache: true }).then(() => true, () => false);
}

beforeAll(async () => {
  sbx = await startTestSandbox();
  [first, second] = await Promise.all([createSelfSignedCertificate('first'), createSelfSignedCertificate('second')]);
});

afterAll(async () => {
  await sbx?.close();
});

describe('addKey / removeKey with a proof of possession', () => {
  it('refuses addKey while the app has no valid certificate: the first one goes on with PATCH keyCredentials', async () => {
    const token = await sbx.appToken('Pliant Rotator');
    const res = await sbx.graph(token, 'POST', `/applications/${rotator().objectId}/addKey`, { keyCredential: { type: 'AsymmetricX509Cert', usage: 'Verify', key: der(first) }, passwordCredential: null, proof: proof(first) });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain('no valid certificate');
  });

  it('adds a second certificate with a proof by the first, then removes the first with a proof by the second', async () => {
    const token = await sbx.appToken('Pliant Rotator');
    const app = `/applications/${rotator().objectId}`;
    expect((await sbx.graph(token, 'PATCH', app, { keyCredentials: [{ type: 'AsymmetricX509Cert', usage: 'Verify', key: der(first), displayName: 'CN=first' }] })).status).toBe(204);
    const body = (p: string) => ({ keyCredential: { type: 'AsymmetricX509Cert', usage: 'Verify', key: der(second), displayName: 'CN=second' }, passwordCredential: null, proof: p });

    // Each wrong proof is refused and adds nothing.
    for (const bad of [
      proof(second), // signed by a certificate that is not on the app
      proof(first, { aud: 'https://graph.microsoft.com' }),
      proof(first, { iss: rotator().clientId }), // the client id, not the object id
      proof(first, { exp: Math.floor(Date.now() / 1000) + 3600 }), // more than 10 minutes
      proof(first, { nbf: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 6600 }), // expired
      `${proof(first).slice(0, -4)}AAAA`, // a broken signature
    ]) {
      const res = await sbx.graph(token, 'POST', `${app}/addKey`, body(bad));
      expect(res.status, bad.slice(0, 40)).toBe(400);
    }
    expect((await sbx.graph(token, 'GET', app)).json.keyCredentials).toHaveLength(1);

    const added = await sbx.graph(token, 'POST', `${app}/addKey`, body(proof(first)));
    expect(added.status).toBe(200);
    expect(added.json).toMatchObject({ type: 'AsymmetricX509Cert', usage: 'Verify', key: null, displayName: 'CN=second', customKeyIdentifier: Buffer.from(second.thumbprintSha1, 'hex').toString('base64') });
    expect(await signsIn(second)).toBe(true);

    const listed = (await sbx.graph(token, 'GET', app)).json.keyCredentials as { keyId: string; displayName: string }[];
    const firstId = listed.find((k) => k.displayName === 'CN=first')!.keyId;
    expect((await sbx.graph(token, 'POST', `${app}/removeKey`, { keyId: firstId, proof: proof(first, { iss: rotator().clientId }) })).status).toBe(400);
    expect((await sbx.graph(token, 'POST', `${app}/removeKey`, { keyId: firstId, proof: proof(second) })).status).toBe(204);
    expect(await signsIn(first)).toBe(false);
    expect(await signsIn(second)).toBe(true);
  });

  it('needs Application.ReadWrite.OwnedBy on an owned app (or .All)', async () => {
    const token = await sbx.appToken('Pliant Automation');
    const res = await sbx.graph(token, 'POST', `/applications/${rotator().objectId}/addKey`, { keyCredential: { type: 'AsymmetricX509Cert', usage: 'Verify', key: der(second) }, proof: proof(second) });
    expect(res.status).toBe(403);
  });
});
