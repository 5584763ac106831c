import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { authKeys } from '@/db/schema';
import { graphFailure, graphForKey } from '@/lib/graph/client';
import { permissionsAllow } from './permission-catalog';

export type CredentialSignIns = { available: true; lastByKeyId: Record<string, string> } | { available: false; reason: string };

/**
 * When each of the app's credentials last signed in, from Graph's service principal sign-in log
 * (beta auditLogs/signIns, servicePrincipalCredentialKeyId). Needs AuditLog.Read.All; the caller
 * authorizes. The portal's own sign-ins are in it too: it signs in with the current credential.
 */
export async function credentialSignIns(keyId: string): Promise<CredentialSignIns> {
  const [key] = await getDb().select({ clientId: authKeys.clientId, roles: authKeys.lastTestRoles }).from(authKeys).where(eq(authKeys.id, keyId));
  if (!key) return { available: false, reason: 'This authKey no longer exists.' };
  if (!permissionsAllow(key.roles ?? [], 'apps.read-sign-ins').allowed) {
    return { available: false, reason: 'The portal cannot see which secret a consumer signs in with. With AuditLog.Read.All (the operation “See which secret the app signs in with”) it shows when each secret last signed in.' };
  }
  try {
    const graph = await graphForKey(keyId);
    const page = (await graph
      .api('/auditLogs/signIns')
      .version('beta')
      .filter(`signInEventTypes/any(t: t eq 'servicePrincipal') and appId eq '${key.clientId}'`)
      .top(500)
      .get()) as { value?: { createdDateTime: string; servicePrincipalCredentialKeyId?: string }[] };
    const lastByKeyId: Record<string, string> = {};
    for (const s of page.value ?? []) {
      const id = s.servicePrincipalCredentialKeyId?.toLowerCase();
      if (id && (!lastByKeyId[id] || s.createdDateTime > lastByKeyId[id])) lastByKeyId[id] = s.createdDateTime;
    }
    return { available: true, lastByKeyId };
  } catch (error) {
    const f = graphFailure(error);
    return { available: false, reason: `The sign-in log could not be read (${f.status || f.code}${f.requestId ? `, request-id ${f.requestId}` : ''}).` };
  }
}
