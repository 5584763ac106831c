import { consumedUnits } from '../state/store';
import type { AssignedLicense, SkuRecord, TenantState } from '../state/types';
import { graphErrors } from './errors';
import { project } from './odata';
import { requirePermission } from './permissions';
import { checkValue, USER_DEFAULT_SELECT } from './schema';
import { json, type GraphResponse, type HandlerArgs } from './types';
import { requireUser } from './users';

function skuView(tenant: TenantState, sku: SkuRecord): Record<string, unknown> {
  return {
    accountId: tenant.id,
    accountName: tenant.displayName,
    appliesTo: 'User',
    capabilityStatus: 'Enabled',
    consumedUnits: consumedUnits(tenant, sku.skuId),
    id: `${tenant.id}_${sku.skuId}`,
    prepaidUnits: { enabled: sku.prepaidEnabled, lockedOut: 0, suspended: 0, warning: 0 },
    servicePlans: sku.servicePlans.map((p) => ({ ...p, provisioningStatus: 'Success', appliesTo: 'User' })),
    skuId: sku.skuId,
    skuPartNumber: sku.skuPartNumber,
    subscriptionIds: [],
  };
}

/** GET /subscribedSkus: prepaidUnits.enabled minus consumedUnits is what is left to assign. */
export function handleSubscribedSkus({ ctx, caller, tenant, req }: HandlerArgs): GraphResponse {
  if (req.method !== 'GET') throw graphErrors.methodNotAllowed();
  requirePermission(caller, 'skus.read');
  return json(200, {
    '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#subscribedSkus`,
    value: tenant.skus.map((sku) => skuView(tenant, sku)),
  });
}

interface AssignLicenseBody {
  addLicenses: AssignedLicense[];
  removeLicenses: string[];
}

function parseAssignBody(body: unknown): AssignLicenseBody {
  const input = (body ?? {}) as Record<string, unknown>;
  const missing = ['addLicenses', 'removeLicenses'].filter((k) => !Array.isArray(input[k]));
  if (missing.length > 0) {
    throw graphErrors.badRequest(
      `One or more parameters of the function import 'assignLicense' are missing from the request payload. The missing parameters are: ${missing.join(', ')}.`,
      'BadRequest');
  }
  const problem = checkValue('Collection(graph.assignedLicense)', input.addLicenses) ?? checkValue('Collection(Edm.Guid)', input.removeLicenses);
  if (problem) throw graphErrors.badRequest(problem, 'BadRequest');
  const add = (input.addLicenses as Array<Partial<AssignedLicense>>).map((l) => {
    if (!l.skuId) throw graphErrors.badRequest("Invalid value specified for property 'skuId' of resource 'AssignedLicense'.");
    return { skuId: l.skuId.toLowerCase(), disabledPlans: (l.disabledPlans ?? []).map((p) => p.toLowerCase()) };
  });
  return { addLicenses: add, removeLicenses: (input.removeLicenses as string[]).map((s) => s.toLowerCase()) };
}

/** POST /users/{id}/assignLicense */
export function handleAssignLicense(args: HandlerArgs): GraphResponse {
  const { ctx, caller, tenant, req, segments } = args;
  if (req.method !== 'POST') throw graphErrors.methodNotAllowed();
  requirePermission(caller, 'licenses.assign');
  const user = requireUser(tenant, segments[1]);
  const { addLicenses, removeLicenses } = parseAssignBody(req.body);
  const skus = new Map(tenant.skus.map((s) => [s.skuId, s]));

  for (const skuId of [...addLicenses.map((l) => l.skuId), ...removeLicenses]) {
    if (!skus.has(skuId)) throw graphErrors.badRequest(`License ${skuId} does not correspond to a valid company License.`);
  }
  if (addLicenses.length > 0 && !user.data.usageLocation) {
    throw graphErrors.badRequest('License assignment cannot be done for user with invalid usage location.');
  }
  const held = new Set(user.data.assignedLicenses.map((l) => l.skuId));
  for (const skuId of removeLicenses) {
    if (!held.has(skuId)) throw graphErrors.badRequest('User does not have a corresponding license.');
  }
  for (const license of addLicenses) {
    const sku = skus.get(license.skuId)!;
    const unknownPlan = license.disabledPlans.find((p) => !sku.servicePlans.some((sp) => sp.servicePlanId === p));
    if (unknownPlan) throw graphErrors.badRequest(`The service plan ${unknownPlan} is not part of the license ${sku.skuId}.`);
    // A seat is only taken by a user who does not hold the SKU yet (re-adding just changes disabledPlans).
    if (!held.has(license.skuId) && consumedUnits(tenant, license.skuId) >= sku.prepaidEnabled) {
      throw graphErrors.badRequest(`Subscription with SKU ${license.skuId} does not have any available licenses.`);
    }
  }
  const kept = user.data.assignedLicenses.filter(
    (l) => !removeLicenses.includes(l.skuId) && !addLicenses.some((a) => a.skuId === l.skuId),
  );
  user.data.assignedLicenses = [...kept, ...addLicenses];
  return json(200, { '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#users/$entity`, ...project(user.data, USER_DEFAULT_SELECT) });
}

/** GET /users/{id}/licenseDetails */
export function handleLicenseDetails(args: HandlerArgs): GraphResponse {
  const { ctx, caller, tenant, req, segments } = args;
  if (req.method !== 'GET') throw graphErrors.methodNotAllowed();
  requirePermission(caller, 'licenses.readUser');
  const user = requireUser(tenant, segments[1]);
  const value = user.data.assignedLicenses.map((license) => {
    const sku = tenant.skus.find((s) => s.skuId === license.skuId);
    return {
      id: `${user.data.id}_${license.skuId}`,
      skuId: license.skuId,
      skuPartNumber: sku?.skuPartNumber ?? null,
      servicePlans: (sku?.servicePlans ?? []).map((p) => ({
        ...p,
        provisioningStatus: license.disabledPlans.includes(p.servicePlanId) ? 'Disabled' : 'Success',
        appliesTo: 'User',
      })),
    };
  });
  return json(200, { '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#users('${user.data.id}')/licenseDetails`, value });
}
