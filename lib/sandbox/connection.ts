import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { sandboxConnectionSchema, type SandboxConnection } from '@/contracts/sandbox-connection';
import { dataDir } from '@/db/data-dir';

export type { SandboxApp, SandboxConnection, SandboxSecret, SandboxTenant } from '@/contracts/sandbox-connection';

/**
 * Where the sandbox describes itself: beside this portal (DATA_DIR/sandbox), or, for several
 * instances sharing one sandbox (SANDBOX=off on each), wherever SANDBOX_CONNECTION_FILE says.
 */
export function connectionFile(dir = dataDir()): string {
  return process.env.SANDBOX_CONNECTION_FILE?.trim() || path.join(dir, 'sandbox', 'connection.json');
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
  // Checked against the sandbox's own schema: a file from another version says so plainly.
  const parsed = sandboxConnectionSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file} is not what this portal's sandbox writes (${issue.path.join('.') || 'file'}: ${issue.message}). Restart the portal so the sandbox writes it afresh.`);
  }
  const connection: SandboxConnection = parsed.data;
  const ca = fs.readFileSync(connection.caCertPath, 'utf8');
  cached = { mtimeMs, file, connection, ca };
  return cached;
}

/** Whether the sandbox tenant runs beside this portal (its connection file is there and readable). */
export function sandboxRunning(): boolean {
  try {
    return readSandboxConnection() !== null;
  } catch {
    return false;
  }
}

/** What the wizard's "Fill from a sandbox app" offers: IDs, permissions and secret hints, never a value. */
export type SandboxChoice = {
  tenantId: string;
  tenantName: string;
  clientId: string;
  appName: string;
  grantedPermissions: string[];
  /** Valid secrets, longest-lived first. */
  secrets: { secretId: string; hint: string; expiresAt: string }[];
};

export function sandboxChoices(now = Date.now()): SandboxChoice[] {
  const found = readSandboxConnection();
  if (!found) return [];
  return found.connection.tenants.flatMap((t) =>
    t.apps
      .filter((a) => !a.disabled)
      .map((a) => ({
        tenantId: t.id,
        tenantName: t.displayName,
        clientId: a.clientId,
        appName: a.displayName,
        grantedPermissions: a.grantedPermissions,
        secrets: a.secrets
          .filter((s) => Date.parse(s.expiresAt) > now)
          .sort((x, y) => y.expiresAt.localeCompare(x.expiresAt))
          .map(({ secretId, hint, expiresAt }) => ({ secretId, hint, expiresAt })),
      })),
  );
}

/**
 * The value of a sandbox secret picked in the wizard, looked up here on the server when the key
 * is tested or saved, so that not even sandbox secrets travel to the browser. Only for the
 * tenant and app the secret belongs to.
 */
export function sandboxSecretValue(tenantId: string, clientId: string, secretId: string): string | null {
  const found = readSandboxConnection();
  const tenant = found?.connection.tenants.find((t) => t.id === tenantId.toLowerCase() || t.domains.includes(tenantId.toLowerCase()));
  const app = tenant?.apps.find((a) => a.clientId === clientId.toLowerCase());
  return app?.secrets.find((s) => s.secretId === secretId.toLowerCase())?.value ?? null;
}
