import type { GraphCaller } from '../identity/tokens';
import type { TenantState } from '../state/types';
import { graphErrors } from './errors';
import { allows } from './permissions';
import { json, type GraphResponse } from './types';

// GET /beta/auditLogs/signIns for service principal sign-ins: the one beta resource the sandbox
// serves, because service principal sign-ins are only listed in beta, with the event-type filter
// `signInEventTypes/any(t: t eq 'servicePrincipal')`. Filters understood: that one, `appId eq '…'`
// and `servicePrincipalCredentialKeyId eq '…'`, joined with `and`; `$top` (default 50, at most 1000).
const EVENT_TYPE = /^signInEventTypes\/any\(\s*\w+\s*:\s*\w+\s+eq\s+'servicePrincipal'\s*\)$/i;
const EQUALS = /^(appId|servicePrincipalCredentialKeyId)\s+eq\s+'([^']*)'$/i;

export function handleSignIns(baseUrl: string, caller: GraphCaller, tenant: TenantState, query: URLSearchParams): GraphResponse {
  if (!allows(caller, 'auditLogs.read')) throw graphErrors.denied();
  const filter = query.get('$filter') ?? '';
  const clauses = filter ? filter.split(/\s+and\s+/i).map((c) => c.trim()) : [];
  let servicePrincipal = false;
  const equals: Record<string, string> = {};
  for (const clause of clauses) {
    if (EVENT_TYPE.test(clause)) servicePrincipal = true;
    else {
      const m = EQUALS.exec(clause);
      if (!m) throw graphErrors.badRequest(`Invalid filter clause: ${clause}`, 'BadRequest');
      equals[m[1].toLowerCase()] = m[2].toLowerCase();
    }
  }
  // Without the event-type filter Graph lists interactive user sign-ins only: none in the sandbox.
  const top = Math.min(Number(query.get('$top') ?? 50) || 50, 1000);
  const rows = servicePrincipal
    ? tenant.signIns
        .filter((s) => (!equals.appid || s.appId === equals.appid) && (!equals.serviceprincipalcredentialkeyid || s.servicePrincipalCredentialKeyId === equals.serviceprincipalcredentialkeyid))
        .slice()
        .reverse()
        .slice(0, top)
    : [];
  return json(200, {
    '@odata.context': `${baseUrl}/beta/$metadata#auditLogs/signIns`,
    value: rows.map((s) => ({ ...s, signInEventTypes: ['servicePrincipal'], status: { errorCode: 0, failureReason: 'Other.' }, resourceDisplayName: 'Microsoft Graph' })),
  });
}
