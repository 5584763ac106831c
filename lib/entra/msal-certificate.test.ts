import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A certificate the portal generates signs in through the portal's own MSAL client, against
// the sandbox tenant over HTTPS, once its public part is on the app's keyCredentials.
const { startPortalWithSandbox } = await import('@/test/portal-with-sandbox');
const { generateCertificate } = await import('@/lib/crypto/certificates');
const { networkClientFor, newConfidentialClient, readClaims } = await import('./msal');
const { resolveCloud } = await import('./clouds');
const { diagnose } = await import('./diagnosis');
const { trustedFetch } = await import('@/lib/net/https-fetch');

let world: Awaited<ReturnType<typeof startPortalWithSandbox>>;

function rotator() {
  const tenant = world.sandbox.connection.tenants.find((t) => t.displayName === 'Contoso Sandbox')!;
  return { tenant, app: tenant.apps.find((a) => a.displayName === 'Pliant Rotator')! };
}

function client(credential: Parameters<typeof newConfidentialClient>[3]) {
  const cloud = resolveCloud('sandbox');
  const network = networkClientFor(cloud.ca);
  const { tenant, app } = rotator();
  return { app: newConfidentialClient(cloud, tenant.id, app.clientId, credential, network), scope: `${cloud.graphRoot}/.default`, cloud, network };
}

beforeAll(async () => {
  world = await startPortalWithSandbox();
});

afterAll(async () => {
  await world?.close();
});

describe('certificate credentials through the portal’s MSAL client', () => {
  it('signs in with a generated certificate once it is uploaded, and is refused with 700027 before', async () => {
    const cert = await generateCertificate({ commonName: 'Pliant Rotator', months: 12, keySize: 2048 });
    const credential = { thumbprintSha256: cert.thumbprintSha256, privateKey: cert.privateKeyPem };

    const before = client(credential);
    const refused = await before.app.acquireTokenByClientCredential({ scopes: [before.scope], skipCache: true }).then(() => null, (e: unknown) => e);
    expect(refused).toMatchObject({ errorNo: 700027 });
    const diagnosis = diagnose(refused, { network: before.network.lastFailure(), secrets: [cert.privateKeyPem] });
    expect(diagnosis.title).toBe('The certificate is not uploaded to this app');

    // Upload the public certificate as the Azure portal would (PATCH keyCredentials), signed in with the app's secret.
    const { app } = rotator();
    const secret = [...app.secrets].sort((x, y) => y.expiresAt.localeCompare(x.expiresAt))[0];
    const bySecret = client(secret.value);
    const token = (await bySecret.app.acquireTokenByClientCredential({ scopes: [bySecret.scope], skipCache: true }))!.accessToken;
    const key = cert.certificatePem.replace(/-----[^-]+-----|\s/g, '');
    const patch = await trustedFetch(`${bySecret.cloud.graphRoot}/v1.0/applications/${app.objectId}`, {
      method: 'PATCH', ca: bySecret.cloud.ca, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ keyCredentials: [{ type: 'AsymmetricX509Cert', usage: 'Verify', key, displayName: cert.subject }] }),
    });
    expect(patch.status).toBe(204);

    const after = client(credential);
    const result = await after.app.acquireTokenByClientCredential({ scopes: [after.scope], skipCache: true });
    expect(readClaims(result!.accessToken).roles.sort()).toEqual(['Application.Read.All', 'Application.ReadWrite.OwnedBy']);
  });
});
