import type { KeyObject } from 'node:crypto';

export type TenantSize = 'S' | 'M' | 'L';

/** A client secret as Entra stores it; `value` is what Azure shows once, `keyId` is the "Secret ID". */
export interface SecretRecord {
  keyId: string;
  displayName: string;
  value: string;
  hint: string;
  startDateTime: string;
  endDateTime: string;
  /** Epoch ms before which the token endpoint does not know it yet (replication delay). */
  usableAfter?: number;
}

/** An uploaded certificate (keyCredential); the thumbprints let the token endpoint find it from x5t / x5t#S256. */
export interface CertificateRecord {
  keyId: string;
  displayName: string;
  type: 'AsymmetricX509Cert';
  usage: 'Verify';
  /** base64 DER of the certificate, as Graph's keyCredential.key */
  key: string;
  thumbprintSha1: Buffer;
  thumbprintSha256: Buffer;
  publicKey: KeyObject;
  startDateTime: string;
  endDateTime: string;
  /** Epoch ms before which the token endpoint does not know it yet (replication delay). */
  usableAfter?: number;
}

export interface AppRecord {
  objectId: string;
  appId: string;
  /** Object id of the app's service principal: the `oid` of its app-only tokens. */
  servicePrincipalId: string;
  displayName: string;
  description: string | null;
  notes: string | null;
  disabled: boolean;
  createdDateTime: string;
  requestedPermissions: string[];
  grantedPermissions: string[];
  /** Delegated (scp) permissions consented for the password grant. */
  delegatedPermissions: string[];
  /** Service principal ids (or user ids) that own this app registration. */
  ownerIds: string[];
  passwordCredentials: SecretRecord[];
  keyCredentials: CertificateRecord[];
  /** An appManagementPolicy assigned to this app: it overrides the tenant's default. */
  appManagementPolicy?: AppManagementRestrictions | null;
}

export interface AssignedLicense {
  skuId: string;
  disabledPlans: string[];
}

/**
 * A directory user. `data` holds the Graph properties exactly as Graph returns them
 * (id, displayName, accountEnabled, assignedLicenses, …); the sign-in secrets sit beside it.
 */
export interface UserRecord {
  data: Record<string, unknown> & { id: string; userPrincipalName: string; accountEnabled: boolean; assignedLicenses: AssignedLicense[] };
  password: string;
  requiresMfa: boolean;
}

export interface GroupRecord {
  data: Record<string, unknown> & { id: string; displayName: string };
  memberIds: string[];
}

export interface ServicePlan {
  servicePlanId: string;
  servicePlanName: string;
}

export interface SkuRecord {
  skuId: string;
  skuPartNumber: string;
  prepaidEnabled: number;
  servicePlans: ServicePlan[];
}

export interface VerifiedDomain {
  name: string;
  isDefault: boolean;
  isInitial: boolean;
}

export interface SignInUser {
  userPrincipalName: string;
  password: string;
  note: string;
}

/**
 * The restrictions of a tenantAppManagementPolicy (the tenant's default) or an
 * appManagementPolicy assigned to one app, as Graph names them. Lifetimes in days.
 */
export interface AppManagementRestrictions {
  policyId: string;
  /** passwordCredentials restriction passwordAddition: no new secrets at all. */
  passwordAddition?: boolean;
  /** passwordCredentials restriction passwordLifetime: the longest a new secret may live. */
  passwordLifetimeDays?: number;
  /** keyCredentials restriction asymmetricKeyLifetime: the longest a new certificate may be valid. */
  asymmetricKeyLifetimeDays?: number;
}

/** A service principal sign-in as Graph's beta auditLogs/signIns lists it (the fields the portal reads). */
export interface SignInRecord {
  id: string;
  createdDateTime: string;
  appId: string;
  appDisplayName: string;
  servicePrincipalId: string;
  servicePrincipalCredentialKeyId: string;
  servicePrincipalCredentialThumbprint: string | null;
  clientCredentialType: 'clientSecret' | 'certificate';
}

export interface TenantState {
  id: string;
  displayName: string;
  size: TenantSize;
  createdDateTime: string;
  domains: VerifiedDomain[];
  users: Map<string, UserRecord>;
  groups: Map<string, GroupRecord>;
  skus: SkuRecord[];
  apps: Map<string, AppRecord>;
  signInUsers: SignInUser[];
  /** The tenant's default app management policy, when enabled. */
  appManagementPolicy: AppManagementRestrictions | null;
  /** Successful service principal sign-ins, newest last (the last 1,000). */
  signIns: SignInRecord[];
}
