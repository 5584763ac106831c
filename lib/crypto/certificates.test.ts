import { createPrivateKey, generateKeyPairSync, sign, verify, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkImportedCertificate, describeCertificate, generateCertificate } from './certificates';

describe('certificate credentials', () => {
  it('generates a self-signed RSA certificate whose key signs and whose thumbprints are Azure-style', async () => {
    const now = new Date('2026-12-03T12:00:00Z');
    const made = await generateCertificate({ commonName: 'Pliant, Contoso', months: 12, keySize: 2048, now });
    const cert = new X509Certificate(made.certificatePem);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.subject).toBe('CN=Pliant  Contoso');
    expect(made.notAfter).toBe('2027-12-03T12:00:00.000Z');
    expect(Date.parse(made.notBefore)).toBeLessThan(now.getTime());
    expect(made.thumbprintSha1).toMatch(/^[0-9A-F]{40}$/);
    expect(made.thumbprintSha256).toBe(cert.fingerprint256.replace(/:/g, ''));
    expect(made.keySize).toBe(2048);
    const signature = sign('sha256', Buffer.from('x'), createPrivateKey(made.privateKeyPem));
    expect(verify('sha256', Buffer.from('x'), cert.publicKey, signature)).toBe(true);
    expect(made.certificatePem).not.toContain('PRIVATE');
  });

  it('supports 3072-bit keys', async () => {
    const made = await generateCertificate({ commonName: 'k', months: 1, keySize: 3072 });
    expect(describeCertificate(made.certificatePem).keySize).toBe(3072);
  });

  it('imports a matching pair and names what is wrong with others', async () => {
    const a = await generateCertificate({ commonName: 'a', months: 6, keySize: 2048 });
    const b = await generateCertificate({ commonName: 'b', months: 6, keySize: 2048 });
    const ok = checkImportedCertificate(a.certificatePem, a.privateKeyPem);
    expect(ok.ok && ok.info.thumbprintSha256).toBe(a.thumbprintSha256);
    // A PKCS#1 key ("BEGIN RSA PRIVATE KEY") is accepted and stored as PKCS#8.
    const pkcs1 = createPrivateKey(a.privateKeyPem).export({ type: 'pkcs1', format: 'pem' }) as string;
    const fromPkcs1 = checkImportedCertificate(a.certificatePem, pkcs1);
    expect(fromPkcs1.ok && fromPkcs1.privateKeyPem).toContain('BEGIN PRIVATE KEY');

    const mismatch = checkImportedCertificate(a.certificatePem, b.privateKeyPem);
    expect(!mismatch.ok && mismatch.problem).toEqual({ field: 'privateKey', message: expect.stringContaining('does not belong') });
    const garbage = checkImportedCertificate('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----', a.privateKeyPem);
    expect(!garbage.ok && garbage.problem.field).toBe('certificate');
    const expired = checkImportedCertificate(a.certificatePem, a.privateKeyPem, Date.parse(a.notAfter) + 1000);
    expect(!expired.ok && expired.problem.message).toContain('expired on');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const ecKeyPem = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    expect(!checkImportedCertificate(a.certificatePem, ecKeyPem).ok).toBe(true);
  });
});
