// `npm run bench:portal -- [--latency MS] [--runs N] [--idle S]`: the portal's three budgets in one
// run, on a production build started exactly as `npm start` starts it, with the sandbox adding
// MS (default 150) to every request:
//   1. Test connection on a saved key, as the browser sees it (the server action's round trip),
//      against 1.3 × the two round trips it cannot avoid (a fresh token, then the Graph read);
//   2. first-load JavaScript per route, compressed, from the build's manifests, against 150 KB;
//   3. the resident memory of every process `npm start` runs, after S seconds idle, against 250 MB.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import { chromium } from '@playwright/test';
import { portalProcesses, root, sandboxPliantApp, startPortal } from './bench-support';

const { values } = parseArgs({ options: { latency: { type: 'string', default: '150' }, runs: { type: 'string', default: '15' }, idle: { type: 'string', default: '20' } } });
const latencyMs = Number(values.latency);
const BUDGET = { testFactor: 1.3, firstLoadKb: 150, memoryMb: 250 };
const distDir = process.env.NEXT_DIST_DIR || '.next';
const ok = (pass: boolean) => (pass ? 'within budget' : 'OVER BUDGET');

/** Every page route's first-load JavaScript: the root chunks plus its page and layout entries, gzip-compressed. */
function firstLoad(): { route: string; kb: number }[] {
  const dist = path.join(root, distDir);
  const manifest = JSON.parse(fs.readFileSync(path.join(dist, 'build-manifest.json'), 'utf8')) as { rootMainFiles?: string[] };
  const size = new Map<string, number>();
  const gz = (file: string) => {
    if (!size.has(file)) size.set(file, zlib.gzipSync(fs.readFileSync(path.join(dist, file.replace(/^\/_next\//, '')))).length);
    return size.get(file)!;
  };
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name === 'page_client-reference-manifest.js' ? [path.join(dir, e.name)] : []));
  const out: { route: string; kb: number }[] = [];
  for (const file of walk(path.join(dist, 'server', 'app'))) {
    // The manifest is a script that assigns globalThis.__RSC_MANIFEST[route].
    const holder: { __RSC_MANIFEST?: Record<string, { entryJSFiles: Record<string, string[]> }> } = {};
    new Function('globalThis', fs.readFileSync(file, 'utf8'))(holder);
    for (const [route, m] of Object.entries(holder.__RSC_MANIFEST ?? {})) {
      const files = new Set(manifest.rootMainFiles ?? []);
      // Error boundaries load only when an error page shows.
      for (const [entry, chunks] of Object.entries(m.entryJSFiles)) if (!/not-found|forbidden|global-error|unauthorized/.test(entry)) chunks.forEach((c) => files.add(c));
      out.push({ route, kb: [...files].reduce((n, f) => n + gz(f), 0) / 1024 });
    }
  }
  return out.sort((a, b) => b.kb - a.kb);
}

/** Resident memory of everything `npm start` runs. */
function treeRssMb(pid: number): { total: number; parts: string[] } {
  const procs = portalProcesses(pid);
  return { total: procs.reduce((n, p) => n + p.rssMb, 0), parts: procs.map((p) => `${p.name} ${p.rssMb.toFixed(0)} MB`) };
}

async function main() {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  // Exactly what a user runs: `npm start`, with its npm process and everything under it.
  const portal = await startPortal('bench-portal', { SANDBOX_LATENCY_MS: String(latencyMs) }).catch(async (error: unknown) => {
    await browser.close();
    throw error;
  });
  const { dir, url, admin } = portal;
  try {
    // A saved key for the sandbox's Pliant Automation app, stored through the portal's own data layer.
    process.env.DATA_DIR = dir;
    const { transaction, closeDatabase, getDb } = await import('@/db');
    const { authKeys } = await import('@/db/schema');
    const { storeCredential } = await import('@/lib/dal/credentials');
    const { tenant, app, secret } = sandboxPliantApp(dir);
    const keyId = randomUUID();
    await transaction(async (tx) => {
      await tx.insert(authKeys).values({ id: keyId, name: 'Bench key', cloud: 'sandbox', tenantId: tenant.id, clientId: app.clientId, operations: ['users.read', 'apps.read-expiry'] });
      await storeCredential(tx, keyId, 'secret', secret.value, null);
    });
    await closeDatabase(getDb());

    const page = await browser.newPage({ baseURL: url });
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password', { exact: true }).fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
    await page.goto(`/keys/${keyId}`);
    // Clicked only once the page is hydrated, so the click is the server action, not a queued form post.
    await page.waitForLoadState('networkidle');
    const card = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Connection', level: 2, exact: true }) });
    const samples: number[] = [];
    const runs = Number(values.runs);
    for (let i = 0; i < runs + 2; i++) {
      // The server action's fetch as the browser timed it (Resource Timing), from request start to its last byte.
      const entries = () => page.evaluate((path) => performance.getEntriesByType('resource').filter((e) => (e as PerformanceResourceTiming).initiatorType === 'fetch' && e.name.endsWith(path)).map((e) => e.duration), `/keys/${keyId}`);
      const before = (await entries()).length;
      await card.getByRole('button', { name: 'Test connection' }).click();
      let timed = await entries();
      for (const deadline = Date.now() + 60_000; timed.length <= before; timed = await entries()) {
        if (Date.now() > deadline) throw new Error('Test connection did not answer within 60 s.');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const duration = timed.at(-1)!;
      await card.getByRole('button', { name: 'Test connection' }).and(page.locator(':enabled')).waitFor();
      // The first two warm the server (compiled routes, connection pools) and are not counted.
      if (i >= 2) samples.push(duration);
    }
    samples.sort((a, b) => a - b);
    const median = samples[Math.floor(samples.length / 2)];
    const testBudget = BUDGET.testFactor * 2 * latencyMs;

    // Idle memory: everything under npm, after the idle period.
    await page.close();
    await new Promise((r) => setTimeout(r, Number(values.idle) * 1000));
    const memory = treeRssMb(portal.pid);

    const routes = firstLoad();
    const worst = routes[0];
    console.log(`bench:portal  production build (${distDir}), sandbox latency ${latencyMs} ms per request, ${os.cpus().length} CPUs`);
    console.log(`test connection     median ${median.toFixed(0)} ms over ${runs} runs (p90 ${samples[Math.floor(samples.length * 0.9)].toFixed(0)} ms) = ${(median / latencyMs).toFixed(2)} sandbox round trips; budget ${testBudget.toFixed(0)} ms (1.3 × 2 round trips): ${ok(median <= testBudget)}`);
    console.log(`first-load JS       worst ${worst.kb.toFixed(1)} KB (${worst.route}); budget ${BUDGET.firstLoadKb} KB per route: ${ok(routes.every((r) => r.kb <= BUDGET.firstLoadKb))}`);
    for (const r of routes) console.log(`  ${r.kb.toFixed(1).padStart(6)} KB  ${r.route}`);
    console.log(`idle memory         ${memory.total.toFixed(0)} MB after ${values.idle} s idle (${memory.parts.join(', ')}); budget ${BUDGET.memoryMb} MB: ${ok(memory.total <= BUDGET.memoryMb)}`);
  } catch (error) {
    const health = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5000) }).then((r) => r.status, (e: unknown) => String(e));
    throw new Error(`(health now: ${health}) ` + `${error instanceof Error ? error.message : String(error)}\n--- npm start printed ---\n${portal.output()}`);
  } finally {
    await browser.close();
    await portal.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
