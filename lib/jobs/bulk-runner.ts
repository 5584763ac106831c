import 'server-only';
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { accounts, authKeys } from '@/db/schema';
import { keyCloud } from '@/lib/entra/token';
import { pacerFor, type WriteLimit } from '@/lib/graph/batch-pacer';
import { graphForKey } from '@/lib/graph/client';
import { problemFromError } from '@/lib/graph/operations/call';
import { explainProblem } from '@/lib/graph/operations/explain';
import { BatchSender } from './bulk-sender';
import { chunkRows, processChunk, resolveExtras } from './bulk-chunk';
import { claimLease, completeJob, jobIsRunning, jobRecord, pendingRows, releaseLease, finishRows } from './bulk-store';

export type RunOptions = {
  /** Who holds the lease: unique per process unless a test says otherwise. */
  owner?: string;
  /** Batches in flight at once. */
  concurrency?: number;
  leaseMs?: number;
  writeLimit?: WriteLimit;
  maxAttempts?: number;
  /** Waits before trying a group or license call again when the new user is not found yet (404). */
  retryDelaysMs?: readonly number[];
};

export type RunResult = 'completed' | 'busy' | 'stopped';

const processOwner = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_LEASE_MS = 30_000;

/**
 * Runs (or resumes) a bulk-create job in this process: it holds the job's lease while it works,
 * sends JSON batches from a few workers at once, paced under the write limit, and stores each
 * row's progress as it goes, so that another process can pick the job up after a crash without
 * creating anyone twice. Never inside a database transaction: rows are written between calls.
 */
export async function runJob(jobId: string, options: RunOptions = {}): Promise<RunResult> {
  const owner = options.owner ?? processOwner;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  if (!(await claimLease(jobId, owner, leaseMs))) return 'busy';
  let lost = false;
  // A renewal that fails (the lease was taken, or the database is unreachable) stops the work.
  const heartbeat = setInterval(() => {
    claimLease(jobId, owner, leaseMs).then((held) => (lost ||= !held), () => (lost = true));
  }, Math.max(250, leaseMs / 3));
  heartbeat.unref?.();
  try {
    const job = (await jobRecord(jobId))!;
    const [creator] = job.createdBy ? await getDb().select({ id: accounts.id, email: accounts.email }).from(accounts).where(eq(accounts.id, job.createdBy)) : [];
    const actor = creator ?? null;
    const [key] = await getDb().select({ tenantId: authKeys.tenantId, clientId: authKeys.clientId }).from(authKeys).where(eq(authKeys.id, job.authKeyId));
    const rows = await pendingRows(jobId);
    if (!key) {
      await finishRows(job, rows.map((r) => ({ id: r.id, upn: r.userPrincipalName, state: 'failed', errorCode: 'key_missing', errorMessage: 'The authKey was deleted.' })), actor);
      await completeJob(jobId, owner, actor);
      return 'completed';
    }
    let client;
    try {
      client = await graphForKey(job.authKeyId, { actor });
    } catch (error) {
      const message = explainProblem(problemFromError(error));
      await finishRows(job, rows.map((r) => ({ id: r.id, upn: r.userPrincipalName, state: 'failed', errorCode: 'key_unusable', errorMessage: message })), actor);
      await completeJob(jobId, owner, actor);
      return 'completed';
    }
    const sender = new BatchSender(client, pacerFor(`${key.tenantId}|${key.clientId}`, options.writeLimit), options.maxAttempts);
    const extras = await resolveExtras(sender, rows);
    const ctx = { job, actor, sender, graphRoot: (await keyCloud(job.authKeyId)).graphRoot, extras, retryDelaysMs: options.retryDelaysMs };
    const chunks = chunkRows(rows);
    let next = 0;
    const worker = async () => {
      while (!lost && next < chunks.length) {
        // Taken before the check awaits, so that two workers never get the same chunk.
        const chunk = chunks[next++];
        if (!(await jobIsRunning(jobId, owner))) {
          lost = true;
          break;
        }
        await processChunk(ctx, chunk);
      }
    };
    await Promise.all(Array.from({ length: options.concurrency ?? DEFAULT_CONCURRENCY }, worker));
    if (lost) return 'stopped';
    await completeJob(jobId, owner, actor);
    return 'completed';
  } finally {
    clearInterval(heartbeat);
    await releaseLease(jobId, owner);
  }
}
