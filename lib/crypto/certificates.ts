import 'server-only';
import 'reflect-metadata';
import { createPrivateKey, createPublicKey, webcrypto, X509Certificate as NodeCertificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';

// Certificate credentials for app-only sign-in. Key pairs come from Node's WebCrypto and the
// certificate is built by @peculiar/x509: nothing here writes DER by hand.
x509.cryptoProvider.set(webcrypto as unknown as Crypto);

/**
 * RSA only: MSAL Node signs its client assertion with PS256 (RS256 without a SHA-256 thumbprint)
 * and has no ECDSA path, so a P-256 key could be uploaded to Entra but never sign in through MSAL.
 */
export const CERTIFICATE_KEY_SIZES = [2048, 3072] as const;
export type CertificateKeySize = (typeof CERTIFICATE_KEY_SIZES)[number];

export type CertificateInfo = {
  certificatePem: string;
  /** Upper-case hex, as the Azure portal shows them under Certificates & secrets. */
  thumbprintSha1: string;
  thumbprintSha256: string;
  subject: string;
  notBefore: string;
  notAfter: string;
  keySize: number;
};

export type GeneratedCertificate = CertificateInfo & { privateKeyPem: string };

function addMonths(from: Date, months: number): Date {
  const d = new Date(from);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

/** Graph's keyCredential.customKeyIdentifier of an uploaded certificate: its SHA-1 thumbprint, base64. As upper-case hex. */
export function thumbprintFromKeyIdentifier(customKeyIdentifier: string | null | undefined): string | null {
  return customKeyIdentifier ? Buffer.from(customKeyIdentifier, 'base64').toString('hex').toUpperCase() : null;
}

/** The base64 DER of a PEM certificate: what Graph's keyCredential.key carries. */
export function certificateKeyBase64(certificatePem: string): string {
  return certificatePem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, '');
}

/** Reads a PEM certificate: thumbprints, dates, subject and its RSA key size. */
export function describeCertificate(certificatePem: string): CertificateInfo {
  const cert = new NodeCertificate(certificatePem);
  const key = cert.publicKey;
  return {
    certificatePem: cert.toString(),
    thumbprintSha1: cert.fingerprint.replace(/:/g, ''),
    thumbprintSha256: cert.fingerprint256.replace(/:/g, ''),
    subject: cert.subject.replace(/\n/g, ', '),
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
    keySize: key.asymmetricKeyType === 'rsa' ? (key.asymmetricKeyDetails?.modulusLength ?? 0) : 0,
  };
}

/**
 * A new key pair and a self-signed certificate for it, valid for `months` from now (Azure
 * accepts a certificate up to its own validity). Backdated by a minute for clock differences.
 */
export async function generateCertificate(input: { commonName: string; months: number; days?: number; keySize: CertificateKeySize; now?: Date }): Promise<GeneratedCertificate> {
  const now = input.now ?? new Date();
  const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: input.keySize };
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as unknown as CryptoKeyPair;
  const cn = input.commonName.replace(/[,=+<>#;"\\]/g, ' ').trim() || 'authKey';
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1'),
    name: `CN=${cn}`,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: input.days ? new Date(now.getTime() + input.days * 86_400_000) : addMonths(now, input.months),
    keys,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey as unknown as webcrypto.CryptoKey));
  const privateKeyPem = x509.PemConverter.encode(pkcs8, 'PRIVATE KEY');
  return { ...describeCertificate(cert.toString('pem')), privateKeyPem };
}

export type ImportProblem = { field: 'certificate' | 'privateKey'; message: string };

/**
 * Checks an imported certificate and private key (PEM): both readable, RSA of a supported size,
 * the key belonging to the certificate, and the certificate still valid.
 */
export function checkImportedCertificate(certificatePem: string, privateKeyPem: string, now = Date.now()): { ok: true; info: CertificateInfo; privateKeyPem: string } | { ok: false; problem: ImportProblem } {
  let info: CertificateInfo;
  try {
    info = describeCertificate(certificatePem);
  } catch {
    return { ok: false, problem: { field: 'certificate', message: 'This is not a readable certificate. Paste the PEM text that starts with -----BEGIN CERTIFICATE-----.' } };
  }
  if (!info.keySize) return { ok: false, problem: { field: 'certificate', message: 'Only RSA certificates are supported: MSAL signs its client assertion with RSA (PS256).' } };
  if (!(CERTIFICATE_KEY_SIZES as readonly number[]).includes(info.keySize)) {
    return { ok: false, problem: { field: 'certificate', message: `The certificate's RSA key is ${info.keySize} bits: use 2048 or 3072 bits.` } };
  }
  if (Date.parse(info.notAfter) <= now) return { ok: false, problem: { field: 'certificate', message: `This certificate expired on ${info.notAfter.slice(0, 10)}: it cannot sign in.` } };
  let key;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch {
    return { ok: false, problem: { field: 'privateKey', message: 'This is not a readable private key. Paste the unencrypted PEM text (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----).' } };
  }
  const fromKey = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const fromCert = new NodeCertificate(certificatePem).publicKey.export({ type: 'spki', format: 'der' });
  if (!fromKey.equals(fromCert)) return { ok: false, problem: { field: 'privateKey', message: 'This private key does not belong to the certificate: its public key is different.' } };
  return { ok: true, info, privateKeyPem: key.export({ type: 'pkcs8', format: 'pem' }) as string };
}
