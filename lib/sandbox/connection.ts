import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { dataDir } from '@/lib/config/data-dir';

export type SandboxSecret = { displayName: string; secretId: string; value: string; hint: string; expiresAt: string };
export type SandboxApp = {
  displayName: string;
  clientId: string;
  objectId: string;
  disabled: boolean;
  grantedPermissions: string[];
  requestedPermissions: string[];
  delegatedPermissions?: string[];
  owners?: string[];
  secrets: SandboxSecret[];
};
export type SandboxTenant = { id: string; displayName: string; domains: string[]; size?: string; apps: SandboxApp[]; users?: { userPrincipalName: string; password: string; note?: string }[] };
export type SandboxConnection = { authorityHost: string; graphEndpoint: string; caCertPath: string; adminToken: string; tenants: SandboxTenant[] };

export function connectionFile(dir = dataDir()): string {
  return path.join(dir, 'sandbox', 'connection.json');
}

let cached: { mtimeMs: number; file: string; connection: SandboxConnection; ca: string } | undefined;

/**
 * What the sandbox tenant wrote about itself when it started, or null when it is not running
 * here (SANDBOX=off). Re-read when the file changes, e.g. after a restart on another port.
 */
export function readSandboxConnection(): { connection: SandboxConnection; ca: string } | null {
  const file = connectionFile();
  let mtimeMs: number;
  try {
    mtimeMs = fs.statSync(file).mtimeMs;
  } catch {
    return null;
  }
  if (cached && cached.file === file && cached.mtimeMs === mtimeMs) return cached;
  const connection = JSON.parse(fs.readFileSync(file, 'utf8')) as SandboxConnection;
  const ca = fs.readFileSync(connection.caCertPath, 'utf8');
  cached = { mtimeMs, file, connection, ca };
  return cached;
}
