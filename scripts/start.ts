// `npm start`: prepare the data directory, migrate, unlock the master key, start the sandbox
// tenant (unless SANDBOX=off), build the portal when its sources changed, then serve it.
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { bootstrap } from '@/lib/bootstrap';
import { dataDir } from '@/lib/config/data-dir';
import { MasterKeyError } from '@/lib/crypto/master-key';

const root = path.resolve(__dirname, '..');
const log = (line: string) => console.log(`[authkey] ${line}`);

function newestMtime(entry: string): number {
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const child of fs.readdirSync(full)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

function buildIfNeeded(distDir: string) {
  const buildId = path.join(root, distDir, 'BUILD_ID');
  const sources = ['app', 'components', 'lib', 'db', 'proxy.ts', 'next.config.js', 'tailwind.config.ts', 'package-lock.json'];
  const builtAt = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
  if (builtAt && Math.max(...sources.map(newestMtime)) <= builtAt) return;
  log(builtAt ? 'sources changed since the last build: building' : 'no build yet: building (about 30 s)');
  const result = spawnSync(process.execPath, [require.resolve('next/dist/bin/next'), 'build'], { cwd: root, stdio: 'inherit', env: process.env });
  if (result.status !== 0) throw new Error('next build failed');
}

async function main() {
  if (fs.existsSync(path.join(root, '.env'))) process.loadEnvFile(path.join(root, '.env'));
  const dir = dataDir();
  process.env.DATA_DIR = dir;
  const { authSecret } = await bootstrap(dir, log);

  let sandbox: { url: string; close(): Promise<void> } | undefined;
  if ((process.env.SANDBOX ?? 'on').toLowerCase() !== 'off') {
    const { startSandbox } = await import('../sandbox/index');
    sandbox = await startSandbox({ dataDir: dir, log: (line: string) => console.log(`[sandbox] ${line}`) });
    log(`sandbox tenant at ${sandbox.url} (details in ${path.join(dir, 'sandbox', 'connection.json')})`);
  }

  const distDir = process.env.NEXT_DIST_DIR || '.next';
  buildIfNeeded(distDir);

  const port = process.env.PORT || '3000';
  const child = spawn(process.execPath, [require.resolve('next/dist/bin/next'), 'start', '-p', port], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, AUTH_SECRET: authSecret, AUTH_TRUST_HOST: 'true', NODE_ENV: 'production' },
  });
  log(`portal on http://localhost:${port}`);

  const stop = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', async (code) => {
    await sandbox?.close().catch(() => undefined);
    process.exit(code ?? 0);
  });
}

main().catch((error: unknown) => {
  if (error instanceof MasterKeyError || (error instanceof Error && error.name === 'StartupError')) {
    console.error(`\n[authkey] Cannot start: ${error.message}\n`);
  } else {
    console.error('[authkey] Cannot start:', error);
  }
  process.exit(1);
});
