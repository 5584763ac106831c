import type { AppRecord, AppManagementRestrictions, TenantState } from '../state/types';
import { graphErrors } from './errors';

// App management policies (tenantAppManagementPolicy and appManagementPolicies): Graph refuses a
// new credential that a policy forbids, with the sentences public reports quote from Entra
// ("Credential type not allowed as per assigned policy <id>", "Credential lifetime exceeds the
// max value allowed as per assigned policy <id>"). An app's own policy overrides the tenant's.

const DAY_MS = 86_400_000;

export function effectivePolicy(tenant: TenantState, app: AppRecord): AppManagementRestrictions | null {
  return app.appManagementPolicy ?? tenant.appManagementPolicy ?? null;
}

/** Throws Graph's 400 when the policy blocks a new secret or its lifetime. */
export function checkPasswordAllowed(tenant: TenantState, app: AppRecord, start: Date, end: Date): void {
  const policy = effectivePolicy(tenant, app);
  if (!policy) return;
  if (policy.passwordAddition) throw graphErrors.badRequest(`Credential type not allowed as per assigned policy ${policy.policyId}.`);
  if (policy.passwordLifetimeDays && end.getTime() - start.getTime() > policy.passwordLifetimeDays * DAY_MS) {
    throw graphErrors.badRequest(`Credential lifetime exceeds the max value allowed as per assigned policy ${policy.policyId}.`);
  }
}

/** Throws Graph's 400 when a certificate is valid for longer than the policy allows. */
export function checkCertificateAllowed(tenant: TenantState, app: AppRecord, start: string, end: string): void {
  const policy = effectivePolicy(tenant, app);
  if (!policy?.asymmetricKeyLifetimeDays) return;
  if (Date.parse(end) - Date.parse(start) > policy.asymmetricKeyLifetimeDays * DAY_MS) {
    throw graphErrors.badRequest(`Credential lifetime exceeds the max value allowed as per assigned policy ${policy.policyId}.`);
  }
}
