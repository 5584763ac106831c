import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSandbox, type SandboxApp, type SandboxConnection, type SandboxTenant } from '../index';
import { httpsCall, type HttpResult } from './https-client';

export interface TestSandbox {
  url: string;
  dataDir: string;
  ca: string;
  connection: SandboxConnection;
  contoso: SandboxTenant;
  fabrikam: SandboxTenant;
  app(name: string, tenant?: SandboxTenant): SandboxApp;
  /** The first secret that has not expired. */
  secret(app: SandboxApp): string;
  /** A raw client-credentials token request (form-encoded, as MSAL sends it). */
  tokenRequest(tenant: string, form: Record<string, string>): Promise<HttpResult>;
  /** An app-only Graph token for an app, by client secret. */
  appToken(name: string, tenant?: SandboxTenant): Promise<string>;
  /** Grants exactly these application permissions to "Pliant (consent pending)" and returns a fresh token for it. */
  tokenWith(permissions: string[]): Promise<string>;
  graph(token: string, method: string, pathAndQuery: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResult>;
  admin(method: string, adminPath: string, body?: unknown): Promise<HttpResult>;
  close(): Promise<void>;
}

/** Starts a sandbox on a random port in a throwaway data directory. */
export async function startTestSandbox(): Promise<TestSandbox> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'authkey-sandbox-'));
  const sandbox = await startSandbox({ dataDir, port: 0 });
  const connection = sandbox.connection;
  const ca = readFileSync(connection.caCertPath, 'utf8');
  const [contoso, fabrikam] = connection.tenants;
  const app = (name: string, tenant = contoso) => {
    const found = tenant.apps.find((a) => a.displayName === name);
    if (!found) throw new Error(`no seeded app ${name}`);
    return found;
  };
  const secret = (a: SandboxApp) => {
    const s = a.secrets.find((x) => Date.parse(x.expiresAt) > Date.now());
    if (!s) throw new Error(`app ${a.displayName} has no valid secret`);
    return s.value;
  };
  const tokenRequest = (tenant: string, form: Record<string, string>) =>
    httpsCall(ca, 'POST', `${sandbox.url}/${tenant}/oauth2/v2.0/token`, {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  const fixture: TestSandbox = {
    url: sandbox.url, dataDir, ca, connection, contoso, fabrikam, app, secret, tokenRequest,
    async appToken(name, tenant = contoso) {
      const a = app(name, tenant);
      const res = await tokenRequest(tenant.id, {
        client_id: a.clientId, client_secret: secret(a), scope: `${sandbox.url}/.default`, grant_type: 'client_credentials',
      });
      if (res.status !== 200) throw new Error(`token for ${name}: ${res.status} ${res.text}`);
      return res.json.access_token as string;
    },
    async tokenWith(permissions) {
      const res = await fixture.admin('POST', `/apps/${app('Pliant (consent pending)').clientId}/grants`, { permissions });
      if (res.status !== 200) throw new Error(`grant failed: ${res.status} ${res.text}`);
      return fixture.appToken('Pliant (consent pending)');
    },
    graph(token, method, pathAndQuery, body, headers = {}) {
      const all: Record<string, string> = { ...headers };
      if (token) all.Authorization = `Bearer ${token}`;
      if (body !== undefined) all['Content-Type'] = 'application/json';
      return httpsCall(ca, method, `${sandbox.url}/v1.0${pathAndQuery}`, { headers: all, body: body === undefined ? undefined : JSON.stringify(body) });
    },
    admin(method, adminPath, body) {
      const headers: Record<string, string> = { Authorization: `Bearer ${connection.adminToken}` };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      return httpsCall(ca, method, `${sandbox.url}/_sandbox${adminPath}`, { headers, body: body === undefined ? undefined : JSON.stringify(body) });
    },
    async close() {
      await sandbox.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return fixture;
}
