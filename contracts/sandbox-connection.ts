import { z } from 'zod';

// What the sandbox tenant writes to $DATA_DIR/sandbox/connection.json (and answers on
// GET /_sandbox/connection). One schema for both sides: sandbox/ builds the file with these
// types, lib/sandbox/ validates what it reads with it. Neither side imports the other.

export const sandboxSecretSchema = z.object({
  displayName: z.string(),
  /** The Secret ID (keyId) Azure shows beside the value: not a credential. */
  secretId: z.string(),
  value: z.string(),
  hint: z.string(),
  expiresAt: z.string(),
});

export const sandboxAppSchema = z.object({
  displayName: z.string(),
  clientId: z.string(),
  objectId: z.string(),
  disabled: z.boolean(),
  grantedPermissions: z.array(z.string()),
  requestedPermissions: z.array(z.string()),
  delegatedPermissions: z.array(z.string()),
  /** "self" when the app owns its own registration (so addPassword/removePassword work on it). */
  owners: z.array(z.string()),
  secrets: z.array(sandboxSecretSchema),
});

export const sandboxTenantSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  domains: z.array(z.string()),
  size: z.enum(['S', 'M', 'L']),
  apps: z.array(sandboxAppSchema),
  users: z.array(z.object({ userPrincipalName: z.string(), password: z.string(), note: z.string() })),
});

export const sandboxConnectionSchema = z.object({
  authorityHost: z.string().url(),
  graphEndpoint: z.string().url(),
  caCertPath: z.string(),
  adminToken: z.string(),
  tenants: z.array(sandboxTenantSchema),
});

export type SandboxSecret = z.infer<typeof sandboxSecretSchema>;
export type SandboxApp = z.infer<typeof sandboxAppSchema>;
export type SandboxTenant = z.infer<typeof sandboxTenantSchema>;
export type SandboxConnection = z.infer<typeof sandboxConnectionSchema>;
