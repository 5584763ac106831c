import { graphErrors } from './errors';
import { requirePermission } from './permissions';
import { json, type GraphResponse, type HandlerArgs } from './types';

/** GET /organization and /organization/{id}: verifiedDomains are the domains a new user's UPN may use. */
export function handleOrganization({ ctx, caller, tenant, req, segments }: HandlerArgs): GraphResponse {
  if (req.method !== 'GET') throw graphErrors.methodNotAllowed();
  requirePermission(caller, 'organization.read');
  const org = {
    id: tenant.id,
    businessPhones: [],
    city: null,
    country: null,
    countryLetterCode: 'US',
    createdDateTime: tenant.createdDateTime,
    defaultUsageLocation: 'US',
    displayName: tenant.displayName,
    preferredLanguage: 'en',
    tenantType: 'AAD',
    verifiedDomains: tenant.domains.map((d) => ({
      capabilities: 'Email, OfficeCommunicationsOnline',
      isDefault: d.isDefault,
      isInitial: d.isInitial,
      name: d.name,
      type: 'Managed',
    })),
  };
  if (segments[1]) {
    if (segments[1].toLowerCase() !== tenant.id) throw graphErrors.notFound(segments[1]);
    return json(200, { '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#organization/$entity`, ...org });
  }
  return json(200, { '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#organization`, value: [org] });
}
