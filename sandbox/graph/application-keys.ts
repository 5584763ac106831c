import { randomUUID, X509Certificate } from 'node:crypto';
import { CLOCK_SKEW_SECONDS } from '../identity/client-auth';
import { decodeJwt, verifySignature } from '../identity/jwt';
import type { AppRecord, CertificateRecord } from '../state/types';
import { checkCertificateAllowed } from './app-management-policy';
import { graphErrors } from './errors';
import { json, noContent, type GraphResponse, type HandlerArgs } from './types';

// FACTS.md "Certificates on an app registration": addKey and removeKey need a proof of
// possession, a JWT signed by a certificate already valid on the app, with its SHA-1 thumbprint
// in `x5t`, aud = the AAD Graph app id, iss = the application's object id, exp ≤ nbf + 10 min.
const PROOF_AUDIENCE = '00000002-0000-0000-c000-000000000000';
const PROOF_MAX_SECONDS = 600;

export function certificateFromKey(base64: string, displayName: string, keyId: string = randomUUID()): CertificateRecord {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(Buffer.from(base64, 'base64'));
  } catch {
    throw graphErrors.badRequest('Key credential property Key is invalid.');
  }
  return {
    keyId, displayName, type: 'AsymmetricX509Cert', usage: 'Verify', key: base64,
    thumbprintSha1: Buffer.from(cert.fingerprint.replace(/:/g, ''), 'hex'),
    thumbprintSha256: Buffer.from(cert.fingerprint256.replace(/:/g, ''), 'hex'),
    publicKey: cert.publicKey,
    startDateTime: new Date(cert.validFrom).toISOString(),
    endDateTime: new Date(cert.validTo).toISOString(),
  };
}

/** A keyCredential as Graph returns it: never the key itself, the SHA-1 thumbprint as customKeyIdentifier. */
export function keyCredentialView(k: CertificateRecord): Record<string, unknown> {
  return {
    customKeyIdentifier: k.thumbprintSha1.toString('base64'), displayName: k.displayName, endDateTime: k.endDateTime,
    key: null, keyId: k.keyId, startDateTime: k.startDateTime, type: k.type, usage: k.usage,
  };
}

function checkProof(app: AppRecord, proof: unknown, now: number): void {
  if (typeof proof !== 'string' || !proof) throw graphErrors.badRequest("The 'proof' parameter is required: a JWT signed by a certificate already on the application.");
  const jwt = decodeJwt(proof);
  if (!jwt) throw graphErrors.badRequest('The proof is not a valid JWT.');
  const x5t = typeof jwt.header.x5t === 'string' ? Buffer.from(jwt.header.x5t, 'base64url') : null;
  const valid = app.keyCredentials.filter((k) => Date.parse(k.startDateTime) <= now && Date.parse(k.endDateTime) > now);
  if (valid.length === 0) {
    throw graphErrors.badRequest('The application has no valid certificate to prove possession with. Upload the first certificate with an update of keyCredentials.');
  }
  const signer = x5t && valid.find((k) => k.thumbprintSha1.equals(x5t));
  if (!signer || !verifySignature(jwt, signer.publicKey)) throw graphErrors.badRequest('The proof was not signed by a valid certificate of this application.');
  const c = jwt.payload;
  const seconds = now / 1000;
  if (c.aud !== PROOF_AUDIENCE) throw graphErrors.badRequest(`The proof's 'aud' claim must be '${PROOF_AUDIENCE}'.`);
  if (typeof c.iss !== 'string' || c.iss.toLowerCase() !== app.objectId) throw graphErrors.badRequest("The proof's 'iss' claim must be the application's object id.");
  if (typeof c.nbf !== 'number' || typeof c.exp !== 'number' || c.exp - c.nbf > PROOF_MAX_SECONDS) {
    throw graphErrors.badRequest("The proof needs 'nbf' and 'exp', at most 10 minutes apart.");
  }
  if (c.nbf - CLOCK_SKEW_SECONDS > seconds || c.exp + CLOCK_SKEW_SECONDS < seconds) throw graphErrors.badRequest('The proof is not within its valid time range.');
}

export function addKey({ ctx, req, tenant }: HandlerArgs, app: AppRecord): GraphResponse {
  const body = (req.body ?? {}) as { keyCredential?: Record<string, unknown>; proof?: unknown };
  checkProof(app, body.proof, Date.now());
  const input = body.keyCredential ?? {};
  if (input.type !== 'AsymmetricX509Cert' || input.usage !== 'Verify' || typeof input.key !== 'string') {
    throw graphErrors.badRequest("Invalid value specified for property 'keyCredential': only 'AsymmetricX509Cert' with usage 'Verify' and its 'key' is supported.");
  }
  const cert = certificateFromKey(input.key, typeof input.displayName === 'string' ? input.displayName : 'Certificate');
  if (app.keyCredentials.some((k) => k.thumbprintSha1.equals(cert.thumbprintSha1))) throw graphErrors.badRequest('This certificate is already on the application.');
  checkCertificateAllowed(tenant, app, cert.startDateTime, cert.endDateTime);
  cert.usableAfter = Date.now() + ctx.faults.replicationDelayMs;
  app.keyCredentials.push(cert);
  ctx.state.changed();
  return json(200, { '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#microsoft.graph.keyCredential`, ...keyCredentialView(cert) });
}

export function removeKey({ ctx, req }: HandlerArgs, app: AppRecord): GraphResponse {
  const body = (req.body ?? {}) as { keyId?: unknown; proof?: unknown };
  checkProof(app, body.proof, Date.now());
  const index = typeof body.keyId === 'string' ? app.keyCredentials.findIndex((k) => k.keyId === (body.keyId as string).toLowerCase()) : -1;
  if (index < 0) throw graphErrors.badRequest(`No key credential found with keyId '${String(body.keyId)}'.`);
  app.keyCredentials.splice(index, 1);
  ctx.state.changed();
  return noContent();
}
