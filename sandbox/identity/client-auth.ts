import { timingSafeEqual } from 'node:crypto';
import type { AppRecord, CertificateRecord } from '../state/types';
import { aadsts } from './aadsts';
import { decodeJwt, verifySignature } from './jwt';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** The clock difference Entra tolerates on signed JWTs it receives (client assertions, proofs). */
export const CLOCK_SKEW_SECONDS = 300;

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Checks the client credential sent to the token endpoint and returns whether a certificate
 * was used. Throws the AADSTS error Entra would answer with.
 */
export type ClientCredentialUsed = { viaCertificate: boolean; keyId: string; thumbprint: string | null };

export function authenticateClient(app: AppRecord, form: URLSearchParams, tokenEndpoints: string[], now = Date.now()): ClientCredentialUsed {
  const secret = form.get('client_secret');
  const assertion = form.get('client_assertion');
  if (secret) return { viaCertificate: false, keyId: checkSecret(app, secret, now), thumbprint: null };
  if (assertion) {
    if (form.get('client_assertion_type') !== JWT_BEARER) throw aadsts.assertionTypeMissing();
    const cert = checkAssertion(app, assertion, tokenEndpoints, now);
    return { viaCertificate: true, keyId: cert.keyId, thumbprint: cert.thumbprintSha1.toString('hex').toUpperCase() };
  }
  throw aadsts.noCredential();
}

function checkSecret(app: AppRecord, secret: string, now: number): string {
  // Not replicated yet: Entra answers a brand-new secret as if it were unknown.
  const match = app.passwordCredentials.find((s) => sameString(s.value, secret) && !((s.usableAfter ?? 0) > now));
  // A wrong value, including a pasted Secret ID, is 7000215, whose text names the ID mistake.
  if (!match) throw aadsts.invalidSecret(app.appId);
  if (Date.parse(match.endDateTime) <= now) throw aadsts.expiredSecret(app.appId);
  return match.keyId;
}

function findCertificate(app: AppRecord, header: Record<string, unknown>): { cert?: CertificateRecord; thumbprint: string } {
  const s256 = typeof header['x5t#S256'] === 'string' ? Buffer.from(header['x5t#S256'] as string, 'base64url') : null;
  const s1 = typeof header.x5t === 'string' ? Buffer.from(header.x5t as string, 'base64url') : null;
  const cert = app.keyCredentials.find(
    (k) => ((s256 && k.thumbprintSha256.equals(s256)) || (s1 && k.thumbprintSha1.equals(s1))) && !((k.usableAfter ?? 0) > Date.now()),
  );
  return { cert, thumbprint: (s256 ?? s1 ?? Buffer.alloc(0)).toString('hex').toUpperCase() };
}

function checkAssertion(app: AppRecord, assertion: string, tokenEndpoints: string[], now: number): CertificateRecord {
  const jwt = decodeJwt(assertion);
  if (!jwt) throw aadsts.malformedAssertion();
  const { cert, thumbprint } = findCertificate(app, jwt.header);
  if (!cert) throw aadsts.assertionKeyNotFound(thumbprint);
  if (!verifySignature(jwt, cert.publicKey)) throw aadsts.assertionBadSignature('The signature does not match the registered certificate.');
  const nowSeconds = now / 1000;
  if (Date.parse(cert.endDateTime) <= now) throw aadsts.assertionBadSignature('The key used is expired.');
  const c = jwt.payload;
  if (c.iss !== app.appId || c.sub !== app.appId) throw aadsts.assertionBadSignature("The 'iss' and 'sub' claims must be the client id.");
  const audiences = tokenEndpoints.map((e) => e.toLowerCase());
  if (typeof c.aud !== 'string' || !audiences.includes(c.aud.toLowerCase())) {
    throw aadsts.assertionBadSignature("The 'aud' claim must be the token endpoint.");
  }
  if (typeof c.exp !== 'number' || c.exp + CLOCK_SKEW_SECONDS < nowSeconds) throw aadsts.assertionTimeRange();
  if (typeof c.nbf === 'number' && c.nbf - CLOCK_SKEW_SECONDS > nowSeconds) throw aadsts.assertionTimeRange();
  return cert;
}
