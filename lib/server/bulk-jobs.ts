import 'server-only';
import { and, desc, eq, gte, ne, sql } from 'drizzle-orm';
import { getDb, transaction } from '@/db';
import { authKeys, jobRows, jobs } from '@/db/schema';
import { JOB_ROW_STATES } from '@/contracts/enums';
import { requireRole, type Actor } from '@/lib/auth/session';
import { beginJob, insertJob } from '@/lib/jobs/bulk-store';
import { failure, type ActionState } from '@/lib/validation/action-state';
import { decodeCsvBytes, parseBulkCsv, resultsCsv, type ParsedRow } from '@/lib/validation/bulk-csv';
import { graphForKey } from '@/lib/graph/client';
import { problemFromError, type GraphResult } from '@/lib/graph/operations/call';
import { explainProblem } from '@/lib/graph/operations/explain';
import { listVerifiedDomains } from '@/lib/graph/users';
import { writeAudit } from '@/lib/dal/audit-write';
import { getProvisioningKey, PROVISIONERS } from '@/lib/server/provisioning';

type RowState = (typeof JOB_ROW_STATES)[number];
export type JobSummary = {
  id: string;
  authKeyId: string;
  keyName: string | null;
  fileName: string | null;
  state: 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';
  total: number;
  counts: Record<RowState, number>;
  createdAt: string;
  /** What the upload could not check. */
  notes: string[];
  startedAt: string | null;
  finishedAt: string | null;
  /** Rows settled per second over the last 30 s, and the time left at that pace. */
  ratePerSecond: number | null;
  etaSeconds: number | null;
};

export type JobRowDto = { rowNumber: number; userPrincipalName: string; displayName: string; state: RowState; userId: string | null; errorCode: string | null; errorMessage: string | null; requestId: string | null };

const RATE_WINDOW_MS = 30_000;

async function summary(job: typeof jobs.$inferSelect, keyName: string | null): Promise<JobSummary> {
  const db = getDb();
  const counts = Object.fromEntries(JOB_ROW_STATES.map((s) => [s, 0])) as Record<RowState, number>;
  for (const r of await db.select({ state: jobRows.state, n: sql<number>`count(*)` }).from(jobRows).where(eq(jobRows.jobId, job.id)).groupBy(jobRows.state)) counts[r.state] = Number(r.n);
  let ratePerSecond: number | null = null;
  let etaSeconds: number | null = null;
  if (job.state === 'running') {
    const since = new Date(Date.now() - RATE_WINDOW_MS).toISOString();
    const [recent] = await db.select({ n: sql<number>`count(*)` }).from(jobRows).where(and(eq(jobRows.jobId, job.id), ne(jobRows.state, 'pending'), gte(jobRows.updatedAt, since)));
    const elapsed = Math.min(RATE_WINDOW_MS, Date.now() - Date.parse(job.startedAt ?? job.createdAt)) / 1000;
    ratePerSecond = recent && elapsed > 1 ? Number(recent.n) / elapsed : null;
    etaSeconds = ratePerSecond ? Math.ceil(counts.pending / ratePerSecond) : null;
  }
  return { id: job.id, authKeyId: job.authKeyId, keyName, fileName: job.fileName, state: job.state, total: job.total, counts, createdAt: job.createdAt, notes: job.notes, startedAt: job.startedAt, finishedAt: job.finishedAt, ratePerSecond, etaSeconds };
}

export type CreatedJob = { status: 'success'; id: string; invalid: number; total: number; ignoredColumns: string[] };

/**
 * Rows whose domain is not a verified domain of the tenant would only fail at Graph: they are
 * marked invalid at upload, naming the tenant's domains. When the domains cannot be read, the
 * job says so instead.
 */
async function checkDomains(keyId: string, rows: ParsedRow[], actor: Actor): Promise<string[]> {
  let domains: GraphResult<string[]>;
  try {
    domains = await listVerifiedDomains(await graphForKey(keyId, { actor }));
  } catch (error) {
    domains = { ok: false, ...problemFromError(error) };
  }
  if (!domains.ok) return [`Domains were not checked: ${explainProblem(domains, 'users.read')}`];
  const verified = new Set(domains.data.map((d) => d.toLowerCase()));
  for (const row of rows) {
    const domain = row.userPrincipalName.split('@')[1]?.toLowerCase();
    if (domain && !verified.has(domain)) row.errors.push(`The domain ${domain} is not a verified domain of this tenant (${domains.data.join(', ')}), so Graph would refuse the user.`);
  }
  return [];
}

/**
 * Stores an uploaded file as a job awaiting its start: every row, its validation errors, and
 * its initial password sealed to that row. Only reads go to Graph (the verified domains).
 */
export async function createBulkJob(input: { keyId: string; fileName: string; bytes: Uint8Array }): Promise<CreatedJob | ActionState> {
  const actor = await requireRole(PROVISIONERS, 'provisioning.bulk_upload');
  const key = await getProvisioningKey(input.keyId);
  if (!key) return failure('This authKey is not ready for provisioning: test it first.');
  if (!key.can['users.write'].allowed) return failure(`This authKey lacks ${key.can['users.write'].missing.join(' and ')}, which creating users needs.`);
  const decoded = decodeCsvBytes(input.bytes);
  if (!decoded.ok) return failure(decoded.message, { file: [decoded.message] });
  const parsed = parseBulkCsv(decoded.text);
  if (!parsed.ok) return failure(parsed.message, { file: [parsed.message] });
  // Outside the insert's transaction: the Graph read comes first.
  const notes = await checkDomains(input.keyId, parsed.rows, actor);
  const { id, invalid } = await insertJob({ keyId: input.keyId, fileName: input.fileName, rows: parsed.rows, actor, notes });
  return { status: 'success', id, invalid, total: parsed.rows.length, ignoredColumns: parsed.ignoredColumns };
}

export async function getJob(jobId: string): Promise<JobSummary | null> {
  await requireRole(PROVISIONERS, 'provisioning.job');
  const [row] = await getDb().select({ job: jobs, keyName: authKeys.name }).from(jobs).leftJoin(authKeys, eq(authKeys.id, jobs.authKeyId)).where(eq(jobs.id, jobId));
  return row ? summary(row.job, row.keyName) : null;
}

export async function listJobs(keyId: string, limit = 20): Promise<JobSummary[]> {
  await requireRole(PROVISIONERS, 'provisioning.jobs');
  const found = await getDb().select().from(jobs).where(eq(jobs.authKeyId, keyId)).orderBy(desc(jobs.createdAt)).limit(limit);
  return Promise.all(found.map((j) => summary(j, null)));
}

export async function listJobRows(jobId: string, filter: { state?: RowState; limit?: number; offset?: number } = {}): Promise<{ rows: JobRowDto[]; total: number }> {
  await requireRole(PROVISIONERS, 'provisioning.job_rows');
  const where = filter.state ? and(eq(jobRows.jobId, jobId), eq(jobRows.state, filter.state)) : eq(jobRows.jobId, jobId);
  const db = getDb();
  const [count] = await db.select({ n: sql<number>`count(*)` }).from(jobRows).where(where);
  const total = Number(count?.n ?? 0);
  const rows = await db
    .select({ rowNumber: jobRows.rowNumber, userPrincipalName: jobRows.userPrincipalName, payload: jobRows.payload, state: jobRows.state, userId: jobRows.userId, errorCode: jobRows.errorCode, errorMessage: jobRows.errorMessage, requestId: jobRows.requestId })
    .from(jobRows)
    .where(where)
    .orderBy(jobRows.rowNumber)
    .limit(filter.limit ?? 100)
    .offset(filter.offset ?? 0);
  return { total, rows: rows.map(({ payload, ...r }) => ({ ...r, displayName: String((payload as { user?: { displayName?: string } }).user?.displayName ?? '') })) };
}

/** Starts a stored job: invalid rows become failed with their reasons, the rest are queued. */
export async function startJob(jobId: string): Promise<{ status: 'success'; id: string } | ActionState> {
  const actor = await requireRole(PROVISIONERS, 'provisioning.job_start');
  const started = await beginJob(jobId, actor);
  return started === 'started' ? { status: 'success', id: jobId } : failure(started === 'missing' ? 'This job no longer exists.' : 'This job has already been started.');
}

/** Stops a job between batches; rows already settled stay as they are, the rest stay pending. */
export async function cancelJob(jobId: string): Promise<{ status: 'success'; id: string } | ActionState> {
  const actor = await requireRole(PROVISIONERS, 'provisioning.job_cancel');
  return transaction(async (tx) => {
    const [job] = await tx.select().from(jobs).where(eq(jobs.id, jobId));
    if (!job) return failure('This job no longer exists.');
    if (job.state !== 'running' && job.state !== 'pending') return failure('This job is not running.');
    await tx.update(jobs).set({ state: 'cancelled', finishedAt: new Date().toISOString() }).where(eq(jobs.id, jobId));
    // Passwords of rows that will never be sent are not kept.
    await tx.update(jobRows).set({ secret: null }).where(and(eq(jobRows.jobId, jobId), eq(jobRows.state, 'pending')));
    await writeAudit(tx, { action: 'job.cancel', outcome: 'success', actor, targetType: 'job', targetId: jobId, authKeyId: job.authKeyId });
    return { status: 'success' as const, id: jobId };
  });
}

export async function jobResultsCsv(jobId: string): Promise<string | null> {
  await requireRole(PROVISIONERS, 'provisioning.job_results');
  const db = getDb();
  const [job] = await db.select({ id: jobs.id }).from(jobs).where(eq(jobs.id, jobId));
  if (!job) return null;
  const rows = await db.select().from(jobRows).where(eq(jobRows.jobId, jobId)).orderBy(jobRows.rowNumber);
  return resultsCsv(rows);
}
