import { createSigningKey, type SigningKey } from './jwt';

/**
 * One token-signing key per tenant, as Entra publishes per-tenant JWKS. Keys live in memory
 * only: after a restart, earlier tokens no longer verify, just like a key rollover.
 */
export class TenantKeys {
  private keys = new Map<string, SigningKey>();

  get(tenantId: string): SigningKey {
    let key = this.keys.get(tenantId);
    if (!key) {
      key = createSigningKey();
      this.keys.set(tenantId, key);
    }
    return key;
  }

  /** The tenant whose key has this kid, so a token signed by another tenant's key is recognised as such. */
  byKid(kid: string): { tenantId: string; key: SigningKey } | undefined {
    for (const [tenantId, key] of this.keys) if (key.kid === kid) return { tenantId, key };
    return undefined;
  }
}
