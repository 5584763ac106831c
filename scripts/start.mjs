// `npm start`, in plain JavaScript so that no TypeScript loader stays resident: build the portal
// when its sources changed, bundle the serving process (scripts/portal-server.ts) the same way,
// then run it in this process. package.json starts it with a 4 MB young-generation semi-space
// (V8's default is 16 MB): the portal's idle footprint drops by about 40 MB (npm run bench:portal)
// for more frequent but shorter scavenges, which Test connection's timing does not show.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const log = (line) => console.log(`[authkey] ${line}`);

function newestMtime(entry) {
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const child of fs.readdirSync(full)) {
    if (child === 'node_modules' || child.endsWith('.test.ts')) continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

const builtAt = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0);
const stale = (file, sources) => {
  const at = builtAt(file);
  return !at || Math.max(...sources.map(newestMtime)) > at;
};

function buildNextIfNeeded(distDir) {
  const buildId = path.join(root, distDir, 'BUILD_ID');
  const sources = ['app', 'components', 'lib', 'db', 'contracts', 'proxy.ts', 'instrumentation.ts', 'next.config.js', 'tailwind.config.ts', 'package-lock.json'];
  if (!stale(buildId, sources)) return;
  log(builtAt(buildId) ? 'sources changed since the last build: building' : 'no build yet: building (about 30 s)');
  const result = spawnSync(process.execPath, [require.resolve('next/dist/bin/next'), 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (result.status !== 0) throw new Error('next build failed');
}

// The serving process imports lib/ and sandbox/ (TypeScript): esbuild bundles them once, leaving
// packages in node_modules as they are, and `server-only` (a marker for Next's bundler) empty.
async function bundleServerIfNeeded(distDir) {
  const out = path.join(root, distDir, 'authkey', 'portal-server.cjs');
  if (!stale(out, ['scripts/portal-server.ts', 'lib', 'db', 'sandbox', 'contracts', 'package-lock.json'])) return out;
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [path.join(root, 'scripts', 'portal-server.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    plugins: [
      {
        name: 'server-only',
        setup(build) {
          build.onResolve({ filter: /^server-only$/ }, () => ({ path: 'server-only', namespace: 'empty' }));
          build.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: '' }));
        },
      },
    ],
  });
  await esbuild.stop();
  return out;
}

async function main() {
  process.chdir(root);
  if (fs.existsSync(path.join(root, '.env'))) process.loadEnvFile(path.join(root, '.env'));
  // Before Next.js and React load: they pick their production builds from it.
  process.env.NODE_ENV = 'production';
  const distDir = process.env.NEXT_DIST_DIR || '.next';
  buildNextIfNeeded(distDir);
  const bundle = await bundleServerIfNeeded(distDir);
  const loaded = await import(pathToFileURL(bundle).href);
  const server = loaded.main ? loaded : loaded.default;
  try {
    await server.main(root);
  } catch (error) {
    console.error(`\n[authkey] ${server.explainStartFailure(error)}\n`);
    process.exit(1);
  }
}

main().catch((error) => {
  console.error('[authkey] Cannot start:', error);
  process.exit(1);
});
