import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// No session here: the job runs as the system, and the kit tests its key as an operator.
vi.mock('@/lib/auth/session', () => ({ ForbiddenError: class extends Error {}, requireRole: async () => ({ id: 'x', role: 'operator' }) }));

const { getDb } = await import('@/db');
const { jobRows } = await import('@/db/schema');
const { bulkCsv, startKit } = await import('@/test/bulk-test-kit');
const { beginJob, insertJob } = await import('./bulk-store');
const { parseBulkCsv } = await import('@/lib/validation/bulk-csv');

const root = path.resolve(__dirname, '..', '..');
let kit: Awaited<ReturnType<typeof startKit>>;

beforeAll(async () => {
  kit = await startKit();
  // Slow enough that batches are in flight when the process dies: 20 ms per call, 100 writes/s.
  await kit.admin('POST', 'faults', { latencyMs: 20 });
});

afterAll(async () => {
  await kit?.close();
});

function startChild(jobId: string): { proc: ChildProcess; exited: Promise<{ code: number | null; signal: string | null; out: string }> } {
  const proc = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', path.join(__dirname, '..', '..', 'test', 'bulk-crash-child.ts')], {
    cwd: root,
    env: { ...process.env, ...(kit.databaseUrl ? { DATABASE_URL: kit.databaseUrl } : {}), DATA_DIR: kit.dir, AUTHKEY_MASTER_KEY: kit.masterKey, BULK_JOB_ID: jobId, GRAPH_WRITE_LIMIT: '3000', GRAPH_WRITE_WINDOW_SECONDS: '30' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null; out: string }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal, out })));
  return { proc, exited };
}

const count = async (jobId: string, state: 'created' | 'pending') =>
  Number((await getDb().select({ n: sql<number>`count(*)` }).from(jobRows).where(and(eq(jobRows.jobId, jobId), eq(jobRows.state, state))))[0]?.n ?? 0);

describe('a bulk job whose process is killed', () => {
  it('resumes in a new process and creates every row exactly once', async () => {
    const parsed = parseBulkCsv(bulkCsv(kit.domain, 300, 'crash'));
    if (!parsed.ok) throw new Error(parsed.message);
    const { id } = await insertJob({ keyId: kit.keyId, fileName: 'crash.csv', rows: parsed.rows, actor: null });
    expect(await beginJob(id, null)).toBe('started');
    const since = Date.now();

    const first = startChild(id);
    // SIGKILL once some rows are stored: later batches are in flight or not yet sent.
    const deadline = Date.now() + 40_000;
    while (await count(id, 'created') < 60 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    first.proc.kill('SIGKILL');
    const killed = await first.exited;
    expect(killed.signal, killed.out).toBe('SIGKILL');
    const createdAtKill = await count(id, 'created');
    expect(createdAtKill).toBeGreaterThan(0);
    expect(createdAtKill).toBeLessThan(300);

    const second = startChild(id);
    const finished = await second.exited;
    expect(finished.code, finished.out).toBe(0);
    expect(finished.out).toContain('completed');

    expect(await count(id, 'created')).toBe(300);
    expect(await count(id, 'pending')).toBe(0);
    const log = await kit.requests(since);
    expect(log.filter((e) => e.method === 'POST' && e.path === '/v1.0/users' && e.status === 201)).toHaveLength(300);
    // No create was answered "already exists" without being recognised as ours.
    const rows = await getDb().select().from(jobRows).where(eq(jobRows.jobId, id));
    expect(rows.every((r) => r.state === 'created' && r.userId && r.secret === null)).toBe(true);
  }, 90_000);
});
