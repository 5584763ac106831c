// `npm run bench:token -- [--requests N] [--seconds S] [--concurrency C]`: the token broker's
// figures, on a production build started exactly as `npm start` starts it:
//   1. median and p99 latency of POST /api/v1/authkeys/{id}/token served from MSAL's cache,
//      against the portal's own overhead for an empty authenticated request (GET /token-info),
//      both through the whole pipeline (token lookup, rate limits, scope, audit row);
//   2. sustained requests per second on the token endpoint with C requests in flight, and the
//      portal's CPU time per request meanwhile (from /proc), which noise on the machine moves less.
// Targets: a cached token in at most 2 × the empty request's time, and at least 500 requests/s.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { portalProcesses, sandboxPliantApp, startPortal } from './bench-support';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '400' }, seconds: { type: 'string', default: '10' }, concurrency: { type: 'string', default: '16' } } });
const TARGET = { factor: 2, perSecond: 500 };
const ok = (pass: boolean) => (pass ? 'meets target' : 'BELOW TARGET');

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

async function timed(n: number, call: () => Promise<Response>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const r = await call();
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`status ${r.status}`);
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b);
}

async function main() {
  // The per-key limit is lifted for the run: the figure is the portal's speed, not its allowance.
  const portal = await startPortal('bench-token', { SCHEDULER: 'off', API_KEY_REQUESTS_PER_MINUTE: '10000000' });
  const { dir, url, admin } = portal;
  try {
    // A key for the sandbox's Pliant Automation app and a token for it, stored through the data layer.
    process.env.DATA_DIR = dir;
    const { transaction, closeDatabase, getDb } = await import('@/db');
    const { accounts, apiTokens, authKeys } = await import('@/db/schema');
    const { storeCredential } = await import('@/lib/dal/credentials');
    const { eq } = await import('drizzle-orm');
    const { tenant, app, secret } = sandboxPliantApp(dir);
    const keyId = randomUUID();
    const token = `akp_${randomBytes(32).toString('base64url')}`;
    const [owner] = await getDb().select({ id: accounts.id }).from(accounts).where(eq(accounts.email, admin.email));
    await transaction(async (tx) => {
      await tx.insert(authKeys).values({ id: keyId, name: 'Bench key', cloud: 'sandbox', tenantId: tenant.id, clientId: app.clientId, operations: ['users.read'] });
      await storeCredential(tx, keyId, 'secret', secret.value, null);
      await tx.insert(apiTokens).values({ id: randomUUID(), name: 'bench', prefix: token.slice(0, 12), tokenHash: createHash('sha256').update(token).digest('hex'), grants: [{ scope: 'tokens:issue', keyIds: [keyId] }], requestsPerMinute: 10_000_000, createdBy: owner.id, createdByEmail: admin.email, expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    });
    await closeDatabase(getDb());

    const headers = { authorization: `Bearer ${token}` };
    const empty = () => fetch(`${url}/api/v1/token-info`, { headers });
    const issue = () => fetch(`${url}/api/v1/authkeys/${keyId}/token`, { method: 'POST', headers });
    const first = await issue();
    if (first.status !== 200) throw new Error(`the first token request failed: ${first.status} ${await first.text()}`);
    const firstToken = ((await first.json()) as { access_token: string }).access_token;
    // Warm both paths (JIT, connection reuse) before measuring.
    await timed(50, empty);
    await timed(50, issue);
    const n = Number(values.requests);
    const emptySamples = await timed(n, empty);
    const tokenSamples = await timed(n, issue);
    const last = ((await (await issue()).json()) as { access_token: string }).access_token;

    const seconds = Number(values.seconds);
    const concurrency = Number(values.concurrency);
    // Load from autocannon (a well-kept load generator, far lighter per request than fetch) so that
    // the 2 cores go to the portal rather than to the client measuring it.
    const cpuSeconds = () => portalProcesses(portal.pid).reduce((n, p) => n + p.cpuSeconds, 0);
    const sustained = async (target: string, method: 'GET' | 'POST', s: number) => {
      const cpuBefore = cpuSeconds();
      const r = await autocannon({ url: `${url}${target}`, method, headers, connections: concurrency, duration: s });
      const cpuMs = ((cpuSeconds() - cpuBefore) * 1000) / Math.max(1, r['2xx'] + r.non2xx);
      return { done: r['2xx'], failed: r.non2xx + r.errors, perSecond: r['2xx'] / r.duration, cpuMs };
    };
    // The floor: Next.js answering its cheapest route handler, with no token and no database write.
    const floor = await sustained('/api/health', 'GET', Math.min(3, seconds));
    const { done, failed, perSecond, cpuMs } = await sustained(`/api/v1/authkeys/${keyId}/token`, 'POST', seconds);

    const eMed = percentile(emptySamples, 0.5);
    const tMed = percentile(tokenSamples, 0.5);
    console.log(`bench:token  production build, ${os.cpus().length} CPUs, ${n} sequential requests each, then ${seconds} s with ${concurrency} in flight`);
    console.log(`empty request   GET /api/v1/token-info              median ${eMed.toFixed(2)} ms, p99 ${percentile(emptySamples, 0.99).toFixed(2)} ms`);
    console.log(`cached token    POST /api/v1/authkeys/{id}/token    median ${tMed.toFixed(2)} ms, p99 ${percentile(tokenSamples, 0.99).toFixed(2)} ms`);
    console.log(`                served from MSAL's cache: ${firstToken === last ? 'yes (the same access token throughout)' : 'NO (a new token was fetched)'}`);
    console.log(`ratio           ${(tMed / eMed).toFixed(2)} × the empty request; target ≤ ${TARGET.factor}×: ${ok(tMed <= TARGET.factor * eMed)}`);
    console.log(`floor           GET /api/health                     ${floor.perSecond.toFixed(0)} requests/s with ${concurrency} in flight (no token, no write)`);
    console.log(`sustained       ${perSecond.toFixed(0)} token requests/s (${done} answered, ${failed} failed); target ≥ ${TARGET.perSecond}/s: ${ok(perSecond >= TARGET.perSecond && failed === 0)}`);
    console.log(`portal CPU      ${cpuMs.toFixed(2)} ms per token request under load, ${floor.cpuMs.toFixed(2)} ms per floor request (all threads; steadier than a rate)`);
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- npm start printed ---\n${portal.output()}`);
  } finally {
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
