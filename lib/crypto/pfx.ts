import 'server-only';
import forge from 'node-forge';

export type PfxProblem = { field: 'pfx' | 'pfxPassword'; message: string };

/**
 * Opens a PKCS#12 (.pfx / .p12) file with its password and returns the certificate that belongs
 * to the private key, both as PEM. node-forge reads the PBES2 (AES) files that current Windows
 * and OpenSSL write as well as the older 3DES ones.
 */
export function readPfx(file: Buffer, password: string): { ok: true; certificatePem: string; privateKeyPem: string } | { ok: false; problem: PfxProblem } {
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(forge.util.createBuffer(file.toString('binary')));
  } catch {
    return { ok: false, problem: { field: 'pfx', message: 'This file is not a PFX (PKCS#12) file. Export the certificate with its private key as .pfx, or paste PEM text instead.' } };
  }
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  } catch (error) {
    const text = error instanceof Error ? error.message : '';
    if (/password|mac|invalid/i.test(text)) return { ok: false, problem: { field: 'pfxPassword', message: 'The password is wrong: the PFX file could not be opened with it.' } };
    return { ok: false, problem: { field: 'pfx', message: 'This PFX file uses an encryption the portal cannot read. Export it again with AES-256 (or as PEM).' } };
  }
  const keyBags = [...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []), ...(p12.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? [])];
  const certBags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
  const key = keyBags.find((b) => b.key)?.key;
  if (!key) return { ok: false, problem: { field: 'pfx', message: 'This PFX file holds no private key (or an unsupported, non-RSA one). Export the certificate together with its private key.' } };
  if (certBags.length === 0) return { ok: false, problem: { field: 'pfx', message: 'This PFX file holds no certificate.' } };
  // A chain may come with the certificate: pick the one whose public key is the private key's.
  const rsaKey = key as forge.pki.rsa.PrivateKey;
  const mine = certBags.find((b) => {
    const pub = b.cert?.publicKey as forge.pki.rsa.PublicKey | undefined;
    return pub?.n && pub.n.equals(rsaKey.n);
  });
  const cert = (mine ?? certBags[0]).cert;
  if (!cert) return { ok: false, problem: { field: 'pfx', message: 'This PFX file holds no readable certificate.' } };
  return { ok: true, certificatePem: forge.pki.certificateToPem(cert), privateKeyPem: forge.pki.privateKeyInfoToPem(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(rsaKey))) };
}
