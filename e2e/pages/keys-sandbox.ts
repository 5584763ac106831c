import fs from 'node:fs';
import path from 'node:path';
import { dataDir } from '../fixtures';

type Secret = { displayName: string; secretId: string; value: string; hint: string; expiresAt: string };
type App = { displayName: string; clientId: string; objectId: string; grantedPermissions: string[]; secrets: Secret[] };
type SignInUser = { userPrincipalName: string; password: string; note: string };
type Tenant = { id: string; displayName: string; domains: string[]; apps: App[]; users: SignInUser[] };

/** What the sandbox wrote about itself when `npm start` started it for this run. */
export function readSandbox(): { tenants: Tenant[]; authorityHost: string } {
  return JSON.parse(fs.readFileSync(path.join(dataDir(), 'sandbox', 'connection.json'), 'utf8'));
}

/** A seeded app of "Contoso Sandbox" and its longest-lived secret. */
export function sandboxApp(name: string) {
  const tenant = readSandbox().tenants.find((t) => t.displayName === 'Contoso Sandbox');
  const app = tenant?.apps.find((a) => a.displayName === name);
  if (!tenant || !app) throw new Error(`The sandbox has no app "${name}"`);
  const secret = [...app.secrets].sort((a, b) => b.expiresAt.localeCompare(a.expiresAt))[0];
  return { tenant, app, secret };
}

/** A sign-in user of "Contoso Sandbox" for the password grant, found by the sandbox's note ("for Delegated keys", "AADSTS50057"…). */
export function sandboxUser(note: string): SignInUser {
  const tenant = readSandbox().tenants.find((t) => t.displayName === 'Contoso Sandbox');
  const user = tenant?.users.find((u) => u.note.includes(note));
  if (!user) throw new Error(`The sandbox has no sign-in user noted "${note}"`);
  return user;
}
