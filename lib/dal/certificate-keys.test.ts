import fs from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Actor } from '@/lib/auth/session';
import { rows } from '@/db';
import { sql } from 'drizzle-orm';

// Certificate keys end to end below the pages: prepared in the wizard's stage 3, uploaded to a
// sandbox app, saved, tested and used for provisioning tokens, with the private key sealed.
vi.mock('@/lib/auth/session', () => import('@/test/fake-session'));
const { who } = await import('@/test/fake-session');
const { startPortalWithSandbox } = await import('@/test/portal-with-sandbox');
const { generateCertificate } = await import('@/lib/crypto/certificates');
const pending = await import('./pending-certificates');
const keys = await import('./keys');
const { uploadSandboxCertificate } = await import('@/lib/sandbox/admin');
const { testConnection, testCredentialValues } = await import('@/lib/entra/test-connection');
const { acquireGraphToken } = await import('@/lib/entra/token');

let world: Awaited<ReturnType<typeof startPortalWithSandbox>>;
const admin: Actor = { id: 'admin-1', email: 'admin@example.test', name: 'Admin', role: 'admin', mustChangePassword: false };
const otherAdmin: Actor = { ...admin, id: 'admin-2', email: 'other@example.test' };

function sandboxApp(name: string) {
  const tenant = world.sandbox.connection.tenants.find((t) => t.displayName === 'Contoso Sandbox')!;
  return { tenant, app: tenant.apps.find((a) => a.displayName === name)! };
}

const keyInput = (name: string, tenantId: string, clientId: string, certificateId: string) => ({
  name, description: '', accessType: 'app' as const, cloud: 'sandbox' as const, authorityHost: '', graphEndpoint: '', tenantId, clientId,
  clientSecret: '', credentialType: 'certificate' as const, certificateId, secretExpiresAt: '', username: '', password: '', operations: ['users.write', 'apps.read-expiry'],
});

async function prepared(months = 12) {
  const result = await pending.prepareCertificate({ mode: 'generate', commonName: 'Pliant Automation', months, keySize: 2048 });
  expect(result.status).toBe('success');
  return (result as { certificate: import('./pending-certificates').PendingCertificateDto }).certificate;
}

function pfxOf(certPem: string, keyPem: string, password: string): Buffer {
  const p12 = forge.pkcs12.toPkcs12Asn1(forge.pki.privateKeyFromPem(keyPem), [forge.pki.certificateFromPem(certPem)], password, { algorithm: 'aes256' });
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
}

beforeAll(async () => {
  world = await startPortalWithSandbox();
});

afterAll(async () => {
  await world?.close();
});

beforeEach(() => {
  who.actor = admin;
});

describe('preparing a certificate (stage 3)', () => {
  it('generates one whose private key is sealed, never returned and never audited', async () => {
    const c = await prepared();
    expect(c).toMatchObject({ source: 'generated', keySize: 2048, subject: 'CN=Pliant Automation' });
    expect(c.thumbprintSha1).toMatch(/^[0-9A-F]{40}$/);
    expect(JSON.stringify(c)).not.toContain('PRIVATE KEY');
    const [row] = await rows<{ private_key: string; certificate_pem: string }>(sql`select private_key, certificate_pem from pending_certificates where id = ${c.id}`);
    expect(row.private_key).not.toContain('PRIVATE KEY');
    expect(row.certificate_pem).toBe(c.certificatePem);
    const opened = await pending.openPendingCertificate(c.id, admin);
    expect(opened?.privateKeyPem).toContain('BEGIN PRIVATE KEY');
    const audit = await rows<{ action: string; detail: string }>(sql`select action, detail from audit_events where target_id = ${c.id}`);
    expect(audit.map((a) => a.action)).toEqual(['certificate.generate']);
    expect(JSON.stringify(audit)).not.toContain(opened!.privateKeyPem.split('\n')[1]);
  });

  it('belongs to the administrator who made it', async () => {
    const c = await prepared();
    expect(await pending.openPendingCertificate(c.id, otherAdmin)).toBeNull();
    who.actor = otherAdmin;
    const { tenant, app } = sandboxApp('Pliant Automation');
    expect(await keys.createKey(keyInput('Not mine', tenant.id, app.clientId, c.id))).toMatchObject({ status: 'error', fieldErrors: { certificateId: [keys.CERTIFICATE_GONE] } });
  });

  it('imports PEM and PFX, and names what is wrong with a bad import next to its field', async () => {
    const good = await generateCertificate({ commonName: 'Imported', months: 6, keySize: 3072 });
    const other = await generateCertificate({ commonName: 'Other', months: 6, keySize: 2048 });
    const expired = await generateCertificate({ commonName: 'Old', months: 1, keySize: 2048, now: new Date(Date.now() - 90 * 86_400_000) });

    const pem = await pending.prepareCertificate({ mode: 'pem', certificatePem: good.certificatePem, privateKeyPem: good.privateKeyPem });
    expect(pem).toMatchObject({ status: 'success', certificate: { source: 'imported', keySize: 3072, thumbprintSha1: good.thumbprintSha1 } });

    const pfx = await pending.prepareCertificate({ mode: 'pfx', file: pfxOf(good.certificatePem, good.privateKeyPem, 'correct horse'), password: 'correct horse' });
    expect(pfx).toMatchObject({ status: 'success', certificate: { thumbprintSha1: good.thumbprintSha1 } });

    const count = async () => (await rows<{ n: number }>(sql`select count(*) as n from pending_certificates`))[0].n;
    const before = Number(await count());
    const cases: [Parameters<typeof pending.prepareCertificate>[0], string, RegExp][] = [
      [{ mode: 'pfx', file: pfxOf(good.certificatePem, good.privateKeyPem, 'correct horse'), password: 'wrong' }, 'pfxPassword', /password is wrong/],
      [{ mode: 'pfx', file: Buffer.from('not a pfx at all'), password: '' }, 'pfx', /not a PFX/],
      [{ mode: 'pem', certificatePem: good.certificatePem, privateKeyPem: other.privateKeyPem }, 'privateKeyPem', /does not belong to the certificate/],
      [{ mode: 'pem', certificatePem: expired.certificatePem, privateKeyPem: expired.privateKeyPem }, 'certificatePem', /expired on/],
      [{ mode: 'pem', certificatePem: '-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----', privateKeyPem: good.privateKeyPem }, 'certificatePem', /not a readable certificate/],
    ];
    for (const [input, field, message] of cases) {
      const result = await pending.prepareCertificate(input);
      expect(result.status, field).toBe('error');
      expect((result as { fieldErrors: Record<string, string[]> }).fieldErrors[field]?.[0]).toMatch(message);
    }
    expect(Number(await count())).toBe(before);
  });

  it('refuses an ECDSA certificate, which MSAL cannot sign with', async () => {
    const { execFileSync } = await import('node:child_process');
    const dir = fs.mkdtempSync(path.join(world.temp.dir, 'ec-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${dir}/k.pem`, '-out', `${dir}/c.pem`, '-days', '30', '-subj', '/CN=ec'], { stdio: 'ignore' });
    const result = await pending.prepareCertificate({ mode: 'pem', certificatePem: fs.readFileSync(`${dir}/c.pem`, 'utf8'), privateKeyPem: fs.readFileSync(`${dir}/k.pem`, 'utf8') });
    expect((result as { fieldErrors: Record<string, string[]> }).fieldErrors.certificatePem[0]).toMatch(/Only RSA/);
  });
});

describe('a certificate key', () => {
  it('is refused with the upload step before its certificate is on the app', async () => {
    const c = await prepared();
    const opened = await pending.openPendingCertificate(c.id, admin);
    const { tenant, app } = sandboxApp('Pliant Automation');
    const result = await testCredentialValues({ accessType: 'app', cloud: { cloud: 'sandbox' }, tenantId: tenant.id, clientId: app.clientId, clientSecret: '', certificate: opened, operations: ['users.write'] });
    expect(result.outcome).toBe('failure');
    expect(result.diagnosis).toMatchObject({ code: 'AADSTS700027', title: 'The certificate is not uploaded to this app', stage: 'secret' });
  });

  it('signs in once uploaded, reads its expiry from keyCredentials, serves tokens, and keeps its private key sealed', async () => {
    const c = await prepared();
    const { tenant, app } = sandboxApp('Pliant Automation');
    const uploaded = await uploadSandboxCertificate({ clientId: app.clientId, certificatePem: c.certificatePem, displayName: 'authKey Portal' });
    expect(uploaded.ok).toBe(true);
    expect(await uploadSandboxCertificate({ clientId: app.clientId, certificatePem: c.certificatePem, displayName: 'again' })).toMatchObject({ ok: false, message: /already/ });

    const privateKey = (await pending.openPendingCertificate(c.id, admin))!.privateKeyPem;
    const created = await keys.createKey(keyInput('Cert key', tenant.id, app.clientId, c.id));
    expect(created.status).toBe('success');
    const id = (created as { id: string }).id;
    // The prepared certificate moved into the key: nothing is left waiting.
    expect(await pending.openPendingCertificate(c.id, admin)).toBeNull();

    const result = await testConnection(id, { trigger: 'manual' });
    expect(result?.outcome).toBe('success');
    expect(result?.app?.certificates.find((k) => k.stored)?.thumbprint).toBe(c.thumbprintSha1);
    const dto = await keys.getKey(id);
    expect(dto?.credential).toMatchObject({ kind: 'certificate', hint: c.thumbprintSha1, expirySource: 'graph' });
    expect(Date.parse(dto!.credential!.expiresAt!)).toBe(Date.parse(c.notAfter));

    const token = await acquireGraphToken(id);
    expect(token.roles).toContain('User.ReadWrite.All');

    // The private key: sealed in the database, and in no file of the data directory in plain text.
    const needle = privateKey.split('\n')[2];
    expect(needle).toMatch(/^[A-Za-z0-9+/]{40,}/);
    const [cred] = await rows<{ value: string; certificate: string }>(sql`select value, certificate from credentials where auth_key_id = ${id} and state = 'active'`);
    expect(cred.value).not.toContain('PRIVATE KEY');
    expect(cred.certificate).toBe(c.certificatePem);
    // Every row of the tables it passed through, on either engine; on SQLite the files (and WAL) too.
    for (const table of ['credentials', 'pending_certificates', 'audit_events', 'auth_keys', 'key_tests', 'settings']) {
      expect(JSON.stringify(await rows(sql.raw(`select * from ${table}`))), table).not.toContain(needle);
    }
    const portalFiles = fs.readdirSync(world.temp.dir).filter((f) => !f.startsWith('sandbox')).map((f) => path.join(world.temp.dir, f)).filter((f) => fs.statSync(f).isFile());
    if (!world.temp.url) expect(portalFiles.some((f) => f.endsWith('.db'))).toBe(true);
    for (const file of portalFiles) expect(fs.readFileSync(file).includes(needle), file).toBe(false);
    const audit = await rows<{ detail: string }>(sql`select detail from audit_events`);
    expect(JSON.stringify(audit)).not.toContain(needle);
  });

  it('is diagnosed without a sign-in once its certificate has expired', async () => {
    const old = await generateCertificate({ commonName: 'Old', months: 1, keySize: 2048, now: new Date(Date.now() - 60 * 86_400_000) });
    const { tenant, app } = sandboxApp('Pliant Automation');
    const result = await testCredentialValues({ accessType: 'app', cloud: { cloud: 'sandbox' }, tenantId: tenant.id, clientId: app.clientId, clientSecret: '', certificate: old, operations: ['users.write'] });
    expect(result.diagnosis).toMatchObject({ code: 'certificate_expired', title: 'The certificate has expired' });
    expect(result.latencyMs).toBe(0);
  });
});
