import { isGuid } from './ids';
import { buildSeed } from './seed';
import type { AppRecord, TenantState, UserRecord } from './types';

/** In-memory directory for all sandbox tenants. Nothing is persisted: a restart or reset restores the seed. */
export class SandboxState {
  tenants: TenantState[];
  /** Listeners told about changes that alter connection.json (grants, secrets, reset). */
  private listeners: Array<() => void> = [];

  constructor(readonly startedAt: Date) {
    this.tenants = buildSeed(startedAt);
  }

  reset(): void {
    this.tenants = buildSeed(this.startedAt);
    this.changed();
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** A tenant by GUID or by any of its verified domains (case-insensitive, as Entra does). */
  findTenant(idOrDomain: string): TenantState | undefined {
    const key = idOrDomain.toLowerCase();
    return this.tenants.find((t) => t.id === key || t.domains.some((d) => d.name.toLowerCase() === key));
  }

  findApp(clientId: string): { tenant: TenantState; app: AppRecord } | undefined {
    for (const tenant of this.tenants) {
      const app = tenant.apps.get(clientId.toLowerCase());
      if (app) return { tenant, app };
    }
    return undefined;
  }

  findUserByUpn(upn: string): { tenant: TenantState; user: UserRecord } | undefined {
    for (const tenant of this.tenants) {
      const user = findUser(tenant, upn);
      if (user) return { tenant, user };
    }
    return undefined;
  }
}

/** A user by object id or userPrincipalName, as Graph's /users/{id | userPrincipalName} resolves it. */
export function findUser(tenant: TenantState, idOrUpn: string): UserRecord | undefined {
  if (isGuid(idOrUpn)) return tenant.users.get(idOrUpn.toLowerCase());
  const key = idOrUpn.toLowerCase();
  for (const user of tenant.users.values()) {
    if (user.data.userPrincipalName.toLowerCase() === key) return user;
  }
  return undefined;
}

export function consumedUnits(tenant: TenantState, skuId: string): number {
  let count = 0;
  for (const user of tenant.users.values()) {
    if (user.data.assignedLicenses.some((l) => l.skuId === skuId)) count++;
  }
  return count;
}

export function isVerifiedDomain(tenant: TenantState, domain: string): boolean {
  return tenant.domains.some((d) => d.name.toLowerCase() === domain.toLowerCase());
}
