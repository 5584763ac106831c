// `npm run bench:provision -- [--users N] [--latency MS] [--sample N] [--concurrency N] [--instances N]`
// Provisions N users (default 1,000) through the bulk job path the portal's UI uses (CSV parse,
// stored job, $batch runner with write pacing) against an in-process sandbox tenant that adds
// a latency to every Graph call (default 150 ms) and enforces Microsoft's write limit
// (3,000 writes per 150 s per app + tenant), then prints throughput against that ceiling.
// With --instances 2 (or more) it runs that single-instance SQLite pass first, then the same job
// shared by that many `npm start` instances on one throw-away PostgreSQL, and prints both.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { and, eq, sql } from 'drizzle-orm';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '1000' },
    latency: { type: 'string', default: '150' },
    sample: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '4' },
    instances: { type: 'string', default: '1' },
  },
});
const limit = { count: Number(process.env.SANDBOX_WRITE_LIMIT ?? 3000), windowSeconds: Number(process.env.SANDBOX_WRITE_WINDOW_SECONDS ?? 150) };

async function main() {
  const instances = Number(values.instances);
  if (instances > 1) return clusterMain(instances);
  return singleRun();
}

async function singleRun() {
  const users = Number(values.users);
  const latencyMs = Number(values.latency);
  const sample = Math.min(users, Number(values.sample));
  process.env.GRAPH_WRITE_LIMIT = String(limit.count);
  process.env.GRAPH_WRITE_WINDOW_SECONDS = String(limit.windowSeconds);

  const { startKit, bulkCsv } = await import('@/test/bulk-test-kit');
  const { insertJob, beginJob } = await import('@/lib/jobs/bulk-store');
  const { runJob } = await import('@/lib/jobs/bulk-runner');
  const { parseBulkCsv } = await import('@/lib/validation/bulk-csv');
  const { graphForKey } = await import('@/lib/graph/client');
  const { createUser } = await import('@/lib/graph/users');
  const { getDb } = await import('@/db');
  const { jobRows } = await import('@/db/schema');

  const kit = await startKit({ latencyMs });
  try {
    await kit.admin('POST', 'faults', { latencyMs, writeLimit: limit });
    const parsed = parseBulkCsv(bulkCsv(kit.domain, users, 'bench'));
    if (!parsed.ok) throw new Error(parsed.message);
    const { id } = await insertJob({ keyId: kit.keyId, fileName: 'bench.csv', rows: parsed.rows, actor: null });
    await beginJob(id, null);
    const since = Date.now();
    const started = performance.now();
    const result = await runJob(id, { concurrency: Number(values.concurrency) });
    const wallMs = performance.now() - started;
    const count = async (state: 'created' | 'failed' | 'exists') => Number((await getDb().select({ n: sql<number>`count(*)` }).from(jobRows).where(and(eq(jobRows.jobId, id), eq(jobRows.state, state))))[0]?.n ?? 0);
    const log = await kit.requests(since);
    const creates = log.filter((e) => e.method === 'POST' && e.path === '/v1.0/users' && e.status === 201).length;
    const throttled = log.filter((e) => e.status === 429).length;

    // The one-request-at-a-time baseline, measured on a sample (a fresh write bucket first).
    await kit.admin('POST', 'faults', { latencyMs, writeLimit: { ...limit, count: limit.count + 1 } });
    await kit.admin('POST', 'faults', { latencyMs, writeLimit: limit });
    const client = await graphForKey(kit.keyId);
    const sampleStart = performance.now();
    for (let n = 1; n <= sample; n++) {
      const r = await createUser(client, { accountEnabled: true, displayName: `Serial ${n}`, mailNickname: `serial-${n}`, userPrincipalName: `serial-${n}@${kit.domain}`, passwordProfile: { password: `Passw0rd!${n}s`, forceChangePasswordNextSignIn: true } });
      if (!r.ok) throw new Error(`serial create failed: ${r.code}`);
    }
    const perUserMs = (performance.now() - sampleStart) / sample;
    const serialMs = perUserMs * users;

    const achieved = users / (wallMs / 1000);
    const ceiling = limit.count / limit.windowSeconds;
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const [created, exists, failed] = await Promise.all([count('created'), count('exists'), count('failed')]);
    const lines = [
      `bench:provision  ${users} users, ${latencyMs} ms latency per Graph call, write limit ${limit.count} per ${limit.windowSeconds} s, ${values.concurrency} batches in flight`,
      `job result          ${result}: ${created} created, ${exists} exists, ${failed} failed; ${creates} successful POST /users in the sandbox log (duplicates: ${creates - created})`,
      `wall time           ${s(wallMs)}`,
      `users per second    ${achieved.toFixed(2)}`,
      `write-limit ceiling ${ceiling.toFixed(2)} writes/s (one write per user)`,
      `achieved / ceiling  ${((achieved / ceiling) * 100).toFixed(1)} %`,
      `429s received       ${throttled}`,
      `one at a time       ${s(serialMs)} extrapolated (measured ${perUserMs.toFixed(0)} ms per user over a sample of ${sample} sequential POST /users)`,
    ];
    console.log(lines.join('\n'));
  } finally {
    await kit.close();
  }
}

/** The same job on PostgreSQL, shared by `instances` portal processes; the SQLite pass first. */
async function clusterMain(instances: number) {
  const root = path.resolve(__dirname, '..');
  const args = ['--conditions=react-server', '--import', 'tsx', path.join(root, 'scripts', 'bench-provision.ts'), `--users=${values.users}`, `--latency=${values.latency}`, `--sample=${values.sample}`, `--concurrency=${values.concurrency}`];
  if (!process.env.TEST_DATABASE_URL) {
    // A throw-away PostgreSQL for the run, removed afterwards.
    const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'with-postgres.mjs'), process.execPath, ...args, `--instances=${instances}`], { stdio: 'inherit' });
    process.exit(r.status ?? 1);
  }
  const { DATABASE_URL: _d, TEST_DATABASE_URL: _t, ...sqliteEnv } = process.env;
  console.log('— single instance, SQLite —');
  const single = spawnSync(process.execPath, args, { stdio: 'inherit', env: sqliteEnv });
  if (single.status !== 0) throw new Error('the single-instance pass failed');

  const users = Number(values.users);
  const latencyMs = Number(values.latency);
  const { startCluster } = await import('@/test/cluster');
  const cluster = await startCluster({ env: { GRAPH_WRITE_LIMIT: String(limit.count), GRAPH_WRITE_WINDOW_SECONDS: String(limit.windowSeconds), BULK_SWEEP_SECONDS: '1' } });
  try {
    await cluster.sandboxAdmin('POST', 'faults', { latencyMs, writeLimit: limit });
    for (let i = 0; i < instances; i++) await cluster.startInstance(String.fromCharCode(97 + i));
    // This process acts beside the instances, on their database and with their master key.
    Object.assign(process.env, { DATABASE_URL: cluster.databaseUrl, AUTHKEY_MASTER_KEY: cluster.env.AUTHKEY_MASTER_KEY });
    const { openDatabase, setDb, transaction, getDb } = await import('@/db');
    const { authKeys, jobs, jobRows, auditEvents } = await import('@/db/schema');
    const { storeCredential } = await import('@/lib/dal/credentials');
    const { insertJob, beginJob } = await import('@/lib/jobs/bulk-store');
    const { parseBulkCsv } = await import('@/lib/validation/bulk-csv');
    const { bulkCsv } = await import('@/test/bulk-test-kit');
    setDb(openDatabase(cluster.databaseUrl));
    const tenant = cluster.sandbox.connection.tenants.find((t) => t.displayName === 'Contoso Sandbox')!;
    const app = tenant.apps.find((a) => a.displayName === 'Pliant Automation')!;
    const secret = [...app.secrets].sort((a, b) => b.expiresAt.localeCompare(a.expiresAt))[0];
    const keyId = crypto.randomUUID();
    await transaction(async (tx) => {
      await tx.insert(authKeys).values({ id: keyId, name: 'Bench key', cloud: 'sandbox', tenantId: tenant.id, clientId: app.clientId, operations: ['users.write'] });
      await storeCredential(tx, keyId, 'secret', secret.value, null);
    });
    const parsed = parseBulkCsv(bulkCsv(tenant.domains[0], users, 'cluster'));
    if (!parsed.ok) throw new Error(parsed.message);
    const { id } = await insertJob({ keyId, fileName: 'bench.csv', rows: parsed.rows, actor: null });
    const since = Date.now();
    const started = performance.now();
    await beginJob(id, null);
    for (;;) {
      const [job] = await getDb().select({ state: jobs.state }).from(jobs).where(eq(jobs.id, id));
      if (job.state !== 'running') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const wallMs = performance.now() - started;
    const [created] = await getDb().select({ n: sql<number>`count(*)` }).from(jobRows).where(and(eq(jobRows.jobId, id), eq(jobRows.state, 'created')));
    const byInstance = new Map<string, number>();
    for (const a of await getDb().select({ detail: auditEvents.detail }).from(auditEvents).where(eq(auditEvents.action, 'job.row'))) {
      const who = String((a.detail as { instance?: string }).instance ?? '?');
      const name = cluster.instanceOf(who)?.name ?? who;
      byInstance.set(name, (byInstance.get(name) ?? 0) + 1);
    }
    const log = await cluster.requests(since);
    const creates = log.filter((e) => e.method === 'POST' && e.path === '/v1.0/users' && e.status === 201).length;
    const achieved = users / (wallMs / 1000);
    const ceiling = limit.count / limit.windowSeconds;
    console.log(`\n— ${instances} instances, PostgreSQL —`);
    console.log(
      [
        `bench:provision  ${users} users, ${latencyMs} ms latency per Graph call, write limit ${limit.count} per ${limit.windowSeconds} s, ${instances} instances × ${values.concurrency} batches in flight`,
        `job result          ${Number(created.n)} created; ${creates} successful POST /users in the sandbox log (duplicates: ${creates - Number(created.n)})`,
        `rows per instance   ${[...byInstance].map(([k, v]) => `${k} ${v}`).join(', ')}`,
        `wall time           ${(wallMs / 1000).toFixed(1)} s`,
        `users per second    ${achieved.toFixed(2)}`,
        `achieved / ceiling  ${((achieved / ceiling) * 100).toFixed(1)} % (the ceiling is per app and tenant: shared, not multiplied)`,
        `429s received       ${log.filter((e) => e.status === 429).length}`,
      ].join('\n'),
    );
  } finally {
    await cluster.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
