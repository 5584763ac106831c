// The serving process of `npm start`, bundled to plain JavaScript by scripts/start.mjs: prepare
// the data directory, migrate, unlock the master key, start the sandbox tenant (unless
// SANDBOX=off), then serve Next.js behind the portal's own HTTP front door. One process.
import http from 'node:http';
import path from 'node:path';
import next from 'next';
import { bootstrap } from '@/lib/bootstrap';
import { dataDir } from '@/db/data-dir';
import { MasterKeyError } from '@/lib/crypto/master-key';
import { frontDoor } from '@/lib/http/front-door';
import { startSandbox } from '@/sandbox/index';

const log = (line: string) => console.log(`[authkey] ${line}`);

export async function main(root: string): Promise<void> {
  const dir = dataDir();
  process.env.DATA_DIR = dir;
  const { authSecret } = await bootstrap(dir, log);
  process.env.AUTH_SECRET = authSecret;
  process.env.AUTH_TRUST_HOST = 'true';

  let sandbox: { url: string; close(): Promise<void> } | undefined;
  if ((process.env.SANDBOX ?? 'on').toLowerCase() !== 'off') {
    sandbox = await startSandbox({ dataDir: dir, log: (line: string) => console.log(`[sandbox] ${line}`) });
    log(`sandbox tenant at ${sandbox.url} (details in ${path.join(dir, 'sandbox', 'connection.json')})`);
  }

  const port = Number(process.env.PORT || 3000);
  const app = next({ dev: false, dir: root, port, hostname: 'localhost' });
  await app.prepare();
  const server = http.createServer(frontDoor(app.getRequestHandler(), (error) => console.error('[authkey] request failed:', error)));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve());
  });
  log(`portal on http://localhost:${port}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.close();
    server.closeAllConnections();
    await sandbox?.close().catch(() => undefined);
    await app.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

export function explainStartFailure(error: unknown): string {
  if (error instanceof MasterKeyError || (error instanceof Error && error.name === 'StartupError')) return `Cannot start: ${error.message}`;
  if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') return `Cannot start: port ${process.env.PORT || 3000} is in use. Set PORT to another port.`;
  return `Cannot start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}
