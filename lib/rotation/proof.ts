import 'server-only';
import { importPKCS8, SignJWT } from 'jose';
import type { OpenCredential } from '@/lib/dal/credentials';

// FACTS.md "Certificates on an app registration": addKey and removeKey need a JWT signed (RS256)
// by a certificate already valid on the app, its SHA-1 thumbprint in `x5t`, aud = the AAD Graph
// app id, iss = the application's object id, exp at most 10 minutes after nbf.
const PROOF_AUDIENCE = '00000002-0000-0000-c000-000000000000';

export async function proofOfPossession(signer: Extract<OpenCredential, { kind: 'certificate' }>, applicationObjectId: string): Promise<string> {
  const key = await importPKCS8(signer.value, 'RS256');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', x5t: Buffer.from(signer.thumbprintSha1, 'hex').toString('base64url') })
    .setAudience(PROOF_AUDIENCE)
    .setIssuer(applicationObjectId)
    .setNotBefore(now)
    .setExpirationTime(now + 10 * 60)
    .sign(key);
}
