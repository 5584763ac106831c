import { writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { SandboxConnection } from '../contracts/sandbox-connection';
import type { SandboxState } from './state/store';

export type { SandboxApp, SandboxConnection, SandboxSecret, SandboxTenant } from '../contracts/sandbox-connection';

export function buildConnection(state: SandboxState, opts: { baseUrl: string; caCertPath: string; adminToken: string }): SandboxConnection {
  return {
    authorityHost: opts.baseUrl,
    graphEndpoint: opts.baseUrl,
    caCertPath: opts.caCertPath,
    adminToken: opts.adminToken,
    tenants: state.tenants.map((t) => ({
      id: t.id,
      displayName: t.displayName,
      domains: t.domains.map((d) => d.name),
      size: t.size,
      apps: [...t.apps.values()].map((a) => ({
        displayName: a.displayName,
        clientId: a.appId,
        objectId: a.objectId,
        disabled: a.disabled,
        grantedPermissions: [...a.grantedPermissions],
        requestedPermissions: [...a.requestedPermissions],
        delegatedPermissions: [...a.delegatedPermissions],
        owners: a.ownerIds.map((id) => (id === a.servicePrincipalId ? 'self' : id)),
        secrets: a.passwordCredentials.map((s) => ({
          displayName: s.displayName, secretId: s.keyId, value: s.value, hint: s.hint, expiresAt: s.endDateTime,
        })),
      })),
      users: t.signInUsers.map((u) => ({ ...u })),
    })),
  };
}

/** Written atomically (temp file + rename) so a reader never sees half a file; mode 0600 because it holds secrets. */
export function writeConnectionFile(dir: string, connection: SandboxConnection): string {
  const file = path.join(dir, 'connection.json');
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(connection, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, file);
  return file;
}
