import { randomBytes } from 'node:crypto';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { readSandboxEnv } from './config';
import { buildConnection, writeConnectionFile, type SandboxConnection } from './connection';
import type { SandboxContext } from './context';
import { Throttle } from './graph/throttle';
import { FaultInjector } from './http/faults';
import { createHandler } from './http/handler';
import { RequestLog } from './http/request-log';
import { TenantKeys } from './identity/tenant-keys';
import { SandboxState } from './state/store';
import { ensureTlsMaterial } from './tls/certificates';

export type { SandboxConnection, SandboxTenant, SandboxApp, SandboxSecret } from './connection';

export interface StartSandboxOptions {
  dataDir: string;
  port?: number;
  host?: string;
  log?: (line: string) => void;
}

export interface RunningSandbox {
  url: string;
  connection: SandboxConnection;
  close(): Promise<void>;
}

/**
 * Starts the sandbox tenant: an HTTPS stand-in for Entra ID and Microsoft Graph v1.0.
 * TLS material and connection.json go to `<dataDir>/sandbox/`; all directory state stays in memory.
 */
export async function startSandbox(opts: StartSandboxOptions): Promise<RunningSandbox> {
  const env = readSandboxEnv();
  const log = opts.log ?? (() => {});
  const dir = path.resolve(opts.dataDir, 'sandbox');
  const tls = await ensureTlsMaterial(dir);

  const faults = new FaultInjector({ rate: env.faultRate, latencyMs: env.latencyMs, writeLimit: env.writeLimit });
  const ctx: SandboxContext = {
    baseUrl: '', // set once the port is known
    state: new SandboxState(new Date()),
    keys: new TenantKeys(),
    faults,
    throttle: new Throttle(() => faults.writeLimit),
    requestLog: new RequestLog(),
    adminToken: randomBytes(24).toString('hex'),
  };
  const connection = () => buildConnection(ctx.state, { baseUrl: ctx.baseUrl, caCertPath: tls.caCertPath, adminToken: ctx.adminToken });

  const server = createServer({ key: tls.serverKeyPem, cert: tls.serverCertPem }, createHandler(ctx, connection, log));
  // Keep-alive sockets would otherwise hold close() open for the client's idle timeout.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? env.port, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  // The certificate names localhost, and MSAL's knownAuthorities match on host:port, so URLs use localhost.
  ctx.baseUrl = `https://localhost:${port}`;

  const persist = () => writeConnectionFile(dir, connection());
  persist();
  ctx.state.onChange(() => {
    try { persist(); } catch (err) { log(`could not write connection.json: ${(err as Error).message}`); }
  });
  log(`listening on ${ctx.baseUrl} (connection details in ${path.join(dir, 'connection.json')})`);

  return {
    url: ctx.baseUrl,
    connection: connection(),
    close: () => new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    }),
  };
}
