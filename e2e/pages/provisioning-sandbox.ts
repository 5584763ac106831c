import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { dataDir } from '../fixtures';

type Connection = { graphEndpoint: string; caCertPath: string; adminToken: string; tenants: { displayName: string; apps: { displayName: string; clientId: string; grantedPermissions: string[] }[] }[] };

function connection(): Connection {
  return JSON.parse(fs.readFileSync(path.join(dataDir(), 'sandbox', 'connection.json'), 'utf8'));
}

/** Calls the sandbox's admin endpoints (state reads, grants, faults) with its admin token. */
export function sandboxAdmin(method: string, route: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const c = connection();
  const url = new URL(`/_sandbox/${route}`, c.graphEndpoint);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, ca: fs.readFileSync(c.caCertPath), headers: { authorization: `Bearer ${c.adminToken}`, 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export type SandboxUser = { id: string; userPrincipalName: string; accountEnabled: boolean; usageLocation: string | null; lastPasswordChangeDateTime: string; assignedLicenses: { skuId: string }[]; groups: string[] };

/** A user as the sandbox holds it right now, or null when there is none. */
export async function sandboxUser(upn: string): Promise<SandboxUser | null> {
  const r = await sandboxAdmin('GET', `state/users?upn=${encodeURIComponent(upn)}`);
  return r.status === 200 ? (r.body as SandboxUser) : null;
}

export function setGrants(clientId: string, permissions: string[]) {
  return sandboxAdmin('POST', `apps/${clientId}/grants`, { permissions });
}

/** The delegated permissions consented to an app (what a delegated token's scp carries). */
export function setDelegatedGrants(clientId: string, permissions: string[]) {
  return sandboxAdmin('POST', `apps/${clientId}/delegated-grants`, { permissions });
}
