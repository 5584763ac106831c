import { createHash, generateKeyPairSync, randomBytes, sign, createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  bitString, boolean, explicit, implicitPrimitive, integer, nullValue, octetString, oid, sequence, set, time, utf8String,
} from './der';

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const DAY_MS = 86_400_000;

export interface TlsMaterial {
  caCertPath: string;
  caCertPem: string;
  serverCertPem: string;
  serverKeyPem: string;
}

interface CertificateSpec {
  subjectCn: string;
  issuerCn: string;
  publicKey: KeyObject;
  signingKey: KeyObject;
  validDays: number;
  isCa: boolean;
  /** Put localhost / 127.0.0.1 / ::1 in the SAN (server certificates). */
  serverNames?: boolean;
  /** The issuer's public key, for the authority key identifier. */
  issuerPublicKey: KeyObject;
}

function name(cn: string): Buffer {
  return sequence(
    set(sequence(oid('2.5.4.10'), utf8String('authKey Portal Sandbox'))),
    set(sequence(oid('2.5.4.3'), utf8String(cn))),
  );
}

function keyId(key: KeyObject): Buffer {
  return createHash('sha1').update(key.export({ type: 'spki', format: 'der' })).digest();
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? sequence(oid(id), boolean(true), octetString(value)) : sequence(oid(id), octetString(value));
}

function buildCertificate(spec: CertificateSpec): string {
  // Back-date a little so that small clock differences do not make a fresh cert "not yet valid".
  const notBefore = new Date(Date.now() - DAY_MS);
  const notAfter = new Date(Date.now() + spec.validDays * DAY_MS);
  const extensions = spec.isCa
    ? [
        extension('2.5.29.19', true, sequence(boolean(true))),
        // keyCertSign | cRLSign | digitalSignature = 0b10000110, 1 unused bit
        extension('2.5.29.15', true, bitString(Buffer.from([0x86]), 1)),
        extension('2.5.29.14', false, octetString(keyId(spec.publicKey))),
      ]
    : [
        extension('2.5.29.19', true, sequence()),
        // digitalSignature | keyEncipherment = 0b10100000, 5 unused bits
        extension('2.5.29.15', true, bitString(Buffer.from([0xa0]), 5)),
        // serverAuth for the TLS certificate, clientAuth for a client-assertion certificate
        extension('2.5.29.37', false, sequence(oid(spec.serverNames ? '1.3.6.1.5.5.7.3.1' : '1.3.6.1.5.5.7.3.2'))),
        ...(spec.serverNames ? [extension('2.5.29.17', false, sequence(
          implicitPrimitive(2, Buffer.from('localhost', 'ascii')),
          implicitPrimitive(7, Buffer.from([127, 0, 0, 1])),
          implicitPrimitive(7, Buffer.concat([Buffer.alloc(15), Buffer.from([1])])), // ::1
        ))] : []),
        extension('2.5.29.14', false, octetString(keyId(spec.publicKey))),
        extension('2.5.29.35', false, sequence(implicitPrimitive(0, keyId(spec.issuerPublicKey)))),
      ];
  const signatureAlgorithm = sequence(oid(SHA256_WITH_RSA), nullValue());
  const tbs = sequence(
    explicit(0, integer(2)),
    integer(Buffer.concat([Buffer.from([0x01]), randomBytes(15)])),
    signatureAlgorithm,
    name(spec.issuerCn),
    sequence(time(notBefore), time(notAfter)),
    name(spec.subjectCn),
    spec.publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, sequence(...extensions)),
  );
  const signature = sign('sha256', tbs, spec.signingKey);
  const der = sequence(tbs, signatureAlgorithm, bitString(signature));
  const body = der.toString('base64').replace(/.{64}/g, '$&\n').trimEnd();
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
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
export function ensureTlsMaterial(dir: string): TlsMaterial {
  mkdirSync(dir, { recursive: true });
  const files = {
    caCert: path.join(dir, 'ca.pem'),
    caKey: path.join(dir, 'ca-key.pem'),
    serverCert: path.join(dir, 'server.pem'),
    serverKey: path.join(dir, 'server-key.pem'),
  };
  const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');

  let caCertPem = read(files.caCert);
  let caKey: KeyObject | null = null;
  if (usable(caCertPem, 60) && read(files.caKey)) {
    caKey = createPrivateKey(read(files.caKey));
  } else {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    caKey = pair.privateKey;
    caCertPem = buildCertificate({
      subjectCn: 'authKey Portal Sandbox CA', issuerCn: 'authKey Portal Sandbox CA', publicKey: pair.publicKey,
      signingKey: pair.privateKey, issuerPublicKey: pair.publicKey, validDays: 3650, isCa: true,
    });
    writePrivate(files.caKey, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    writeFileSync(files.caCert, caCertPem);
  }
  const ca = new X509Certificate(caCertPem);

  let serverCertPem = read(files.serverCert);
  let serverKeyPem = read(files.serverKey);
  const server = usable(serverCertPem, 30);
  const fits = server && serverKeyPem && server.verify(ca.publicKey) && server.checkHost('localhost') && server.checkIP('127.0.0.1');
  if (!fits) {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    serverCertPem = buildCertificate({
      subjectCn: 'localhost', issuerCn: 'authKey Portal Sandbox CA', publicKey: pair.publicKey,
      signingKey: caKey, issuerPublicKey: ca.publicKey, validDays: 397, isCa: false, serverNames: true,
    });
    serverKeyPem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    writePrivate(files.serverKey, serverKeyPem);
    writeFileSync(files.serverCert, serverCertPem);
  }
  return { caCertPath: path.resolve(files.caCert), caCertPem, serverCertPem, serverKeyPem };
}

/**
 * A self-signed certificate and its private key, e.g. for an app's certificate credential
 * (keyCredentials) in tests. Thumbprints are upper-case hex, as the Azure portal shows them.
 */
export function createSelfSignedCertificate(commonName: string, validDays = 365): {
  certPem: string; keyPem: string; thumbprintSha1: string; thumbprintSha256: string;
} {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const certPem = buildCertificate({
    subjectCn: commonName, issuerCn: commonName, publicKey: pair.publicKey, signingKey: pair.privateKey,
    issuerPublicKey: pair.publicKey, validDays, isCa: false,
  });
  const cert = new X509Certificate(certPem);
  return {
    certPem,
    keyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    thumbprintSha1: cert.fingerprint.replace(/:/g, ''),
    thumbprintSha256: cert.fingerprint256.replace(/:/g, ''),
  };
}
