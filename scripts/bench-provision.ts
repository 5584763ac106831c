// `npm run bench:provision -- [--users N] [--latency MS] [--sample N] [--concurrency N]`
// Provisions N users (default 1,000) through the bulk job path the portal's UI uses (CSV parse,
// stored job, $batch runner with write pacing) against an in-process sandbox tenant that adds
// a latency to every Graph call (default 150 ms) and enforces Microsoft's write limit
// (3,000 writes per 150 s per app + tenant), then prints throughput against that ceiling.
import { parseArgs } from 'node:util';
import { and, eq, sql } from 'drizzle-orm';

async function main() {
  const { values } = parseArgs({
    options: { users: { type: 'string', default: '1000' }, latency: { type: 'string', default: '150' }, sample: { type: 'string', default: '20' }, concurrency: { type: 'string', default: '4' } },
  });
  const users = Number(values.users);
  const latencyMs = Number(values.latency);
  const sample = Math.min(users, Number(values.sample));
  const limit = { count: Number(process.env.SANDBOX_WRITE_LIMIT ?? 3000), windowSeconds: Number(process.env.SANDBOX_WRITE_WINDOW_SECONDS ?? 150) };
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

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
