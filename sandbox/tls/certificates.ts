import 'reflect-metadata';
import { webcrypto, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as x509 from '@peculiar/x509';

// Certificates are built by @peculiar/x509 on Node's WebCrypto (the same library the portal
// uses for certificate credentials): no DER written by hand.
x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
const DAY_MS = 86_400_000;

export interface TlsMaterial {
  caCertPath: string;
  caCertPem: string;
  serverCertPem: string;
  serverKeyPem: string;
}

type Keys = { publicKey: CryptoKey; privateKey: CryptoKey };

interface CertificateSpec {
  subjectCn: string;
  issuerCn: string;
  keys: Keys;
  /** The issuer's key pair (the subject's own for a self-signed certificate). */
  issuer: Keys;
  validDays: number;
  isCa: boolean;
  /** Put localhost / 127.0.0.1 / ::1 in the SAN (server certificates). */
  serverNames?: boolean;
}

const name = (cn: string) => `O=authKey Portal Sandbox, CN=${cn}`;

async function newKeys(): Promise<Keys> {
  return (await webcrypto.subtle.generateKey(RSA, true, ['sign', 'verify'])) as unknown as Keys;
}

async function privatePem(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key as unknown as webcrypto.CryptoKey), 'PRIVATE KEY');
}

async function importKeys(privateKeyPem: string, certPem: string): Promise<Keys> {
  const der = x509.PemConverter.decodeFirst(privateKeyPem);
  const privateKey = (await webcrypto.subtle.importKey('pkcs8', der, RSA, false, ['sign'])) as unknown as CryptoKey;
  const publicKey = await new x509.X509Certificate(certPem).publicKey.export(RSA, ['verify']);
  return { privateKey, publicKey };
}

async function buildCertificate(spec: CertificateSpec): Promise<string> {
  const extensions: x509.Extension[] = spec.isCa
    ? [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      ]
    : [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
        // serverAuth for the TLS certificate, clientAuth for a client-assertion certificate
        new x509.ExtendedKeyUsageExtension([spec.serverNames ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth]),
        ...(spec.serverNames
          ? [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'localhost' }, { type: 'ip', value: '127.0.0.1' }, { type: 'ip', value: '::1' }])]
          : []),
        await x509.AuthorityKeyIdentifierExtension.create(spec.issuer.publicKey),
      ];
  extensions.push(await x509.SubjectKeyIdentifierExtension.create(spec.keys.publicKey));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: `01${Buffer.from(webcrypto.getRandomValues(new Uint8Array(15))).toString('hex')}`,
    subject: name(spec.subjectCn),
    issuer: name(spec.issuerCn),
    // Back-date a little so that small clock differences do not make a fresh cert "not yet valid".
    notBefore: new Date(Date.now() - DAY_MS),
    notAfter: new Date(Date.now() + spec.validDays * DAY_MS),
    publicKey: spec.keys.publicKey,
    signingKey: spec.issuer.privateKey,
    signingAlgorithm: RSA,
    extensions,
  });
  return cert.toString('pem') + '\n';
}

function writePrivate(file: string, pem: string): void {
  writeFileSync(file, pem, { mode: 0o600 });
  chmodSync(file, 0o600); // the mode option only applies when the file is created
}

function usable(certPem: string, minDaysLeft: number): X509Certificate | null {
  try {
    const cert = new X509Certificate(certPem);
    return new Date(cert.validTo).getTime() - Date.now() > minDaysLeft * DAY_MS ? cert : null;
  } catch {
    return null;
  }
}

/**
 * Creates the sandbox CA and a server certificate for localhost / 127.0.0.1 in `dir` on
 * first start and reuses them afterwards, so that whatever already trusts the CA keeps working.
 * Only an expiring or unreadable certificate is replaced.
 */
export async function ensureTlsMaterial(dir: string): Promise<TlsMaterial> {
  mkdirSync(dir, { recursive: true });
  const files = {
    caCert: path.join(dir, 'ca.pem'),
    caKey: path.join(dir, 'ca-key.pem'),
    serverCert: path.join(dir, 'server.pem'),
    serverKey: path.join(dir, 'server-key.pem'),
  };
  const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');

  let caCertPem = read(files.caCert);
  let caKeys: Keys;
  if (usable(caCertPem, 60) && read(files.caKey)) {
    caKeys = await importKeys(read(files.caKey), caCertPem);
  } else {
    caKeys = await newKeys();
    caCertPem = await buildCertificate({
      subjectCn: 'authKey Portal Sandbox CA', issuerCn: 'authKey Portal Sandbox CA', keys: caKeys, issuer: caKeys, validDays: 3650, isCa: true,
    });
    writePrivate(files.caKey, await privatePem(caKeys.privateKey));
    writeFileSync(files.caCert, caCertPem);
  }
  const ca = new X509Certificate(caCertPem);

  let serverCertPem = read(files.serverCert);
  let serverKeyPem = read(files.serverKey);
  const server = usable(serverCertPem, 30);
  const fits = server && serverKeyPem && server.verify(ca.publicKey) && server.checkHost('localhost') && server.checkIP('127.0.0.1');
  if (!fits) {
    const keys = await newKeys();
    serverCertPem = await buildCertificate({
      subjectCn: 'localhost', issuerCn: 'authKey Portal Sandbox CA', keys, issuer: caKeys, validDays: 397, isCa: false, serverNames: true,
    });
    serverKeyPem = await privatePem(keys.privateKey);
    writePrivate(files.serverKey, serverKeyPem);
    writeFileSync(files.serverCert, serverCertPem);
  }
  return { caCertPath: path.resolve(files.caCert), caCertPem, serverCertPem, serverKeyPem };
}

/**
 * A self-signed certificate and its private key, e.g. for an app's certificate credential
 * (keyCredentials) in tests. Thumbprints are upper-case hex, as the Azure portal shows them.
 */
export async function createSelfSignedCertificate(commonName: string, validDays = 365): Promise<{
  certPem: string; keyPem: string; thumbprintSha1: string; thumbprintSha256: string;
}> {
  const keys = await newKeys();
  const certPem = await buildCertificate({ subjectCn: commonName, issuerCn: commonName, keys, issuer: keys, validDays, isCa: false });
  const cert = new X509Certificate(certPem);
  return {
    certPem,
    keyPem: await privatePem(keys.privateKey),
    thumbprintSha1: cert.fingerprint.replace(/:/g, ''),
    thumbprintSha256: cert.fingerprint256.replace(/:/g, ''),
  };
}
