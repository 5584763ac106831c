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
import { processChunk, resolveExtras } from './bulk-chunk';
import { MAX_BATCH } from '@/lib/graph/batch';
import { claimRows, completeJob, finishRows, jobIsRunning, jobRecord, pendingRows, releaseClaims, renewClaims } from './bulk-store';

export type RunOptions = {
  /** Who claims rows: unique per process unless a test says otherwise. */
  owner?: string;
  /** Batches in flight at once in this process. */
  concurrency?: number;
  /** How long a claim on rows lasts without renewal: the bound on taking over a dead instance's rows. */
  claimMs?: number;
  writeLimit?: WriteLimit;
  maxAttempts?: number;
  /** Waits before trying a group or license call again when the new user is not found yet (404). */
  retryDelaysMs?: readonly number[];
};

/** completed: this process settled the last row; idle: nothing left to claim here, others hold the rest; stopped: cancelled. */
export type RunResult = 'completed' | 'idle' | 'stopped';

const processOwner = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_CLAIM_MS = Number(process.env.BULK_CLAIM_SECONDS || 20) * 1000;

type Actor = { id: string; email: string } | null;

/** Settles every row left with one failure (no key, no usable key), claiming them as any worker would. */
async function failAll(jobId: string, owner: string, claimMs: number, job: { id: string; authKeyId: string }, actor: Actor, errorCode: string, errorMessage: string) {
  for (let rows = await claimRows(jobId, owner, MAX_BATCH * 10, claimMs); rows.length; rows = await claimRows(jobId, owner, MAX_BATCH * 10, claimMs)) {
    await finishRows(owner, job, rows.map((r) => ({ id: r.id, upn: r.userPrincipalName, state: 'failed', errorCode, errorMessage })), actor);
  }
}

/**
 * Works a running bulk-create job in this process, beside any other instance doing the same:
 * workers claim up to 20 pending rows at a time (renewing the claims while they work), send them
 * as JSON batches paced by the write budget the instances share, and store each row's progress as
 * it goes, so that rows of an instance that died are taken over, once its claims run out, without
 * creating anyone twice. Never inside a database transaction: rows are written between calls.
 */
export async function runJob(jobId: string, options: RunOptions = {}): Promise<RunResult> {
  const owner = options.owner ?? processOwner;
  const claimMs = options.claimMs ?? DEFAULT_CLAIM_MS;
  const job = await jobRecord(jobId);
  if (!job || job.state !== 'running') return 'stopped';
  const [creator] = job.createdBy ? await getDb().select({ id: accounts.id, email: accounts.email }).from(accounts).where(eq(accounts.id, job.createdBy)) : [];
  const actor = creator ?? null;
  const [key] = await getDb().select({ tenantId: authKeys.tenantId, clientId: authKeys.clientId }).from(authKeys).where(eq(authKeys.id, job.authKeyId));
  let stopped = false;
  // Claims are renewed while this process works; a cancelled job stops its workers here.
  const heartbeat = setInterval(() => {
    renewClaims(jobId, owner, claimMs)
      .then(() => jobIsRunning(jobId))
      .then((running) => (stopped ||= !running), () => undefined);
  }, Math.max(250, claimMs / 3));
  heartbeat.unref?.();
  try {
    if (!key) {
      await failAll(jobId, owner, claimMs, job, actor, 'key_missing', 'The authKey was deleted.');
      return (await completeJob(jobId, actor)) ? 'completed' : 'idle';
    }
    let client;
    try {
      client = await graphForKey(job.authKeyId, { actor });
    } catch (error) {
      await failAll(jobId, owner, claimMs, job, actor, 'key_unusable', explainProblem(problemFromError(error)));
      return (await completeJob(jobId, actor)) ? 'completed' : 'idle';
    }
    const sender = new BatchSender(client, pacerFor(`${key.tenantId}|${key.clientId}`, options.writeLimit), options.maxAttempts);
    // Groups and licenses named anywhere in the rows left, resolved once per process and job.
    const extras = await resolveExtras(sender, await pendingRows(jobId));
    const ctx = { job, owner, actor, sender, graphRoot: (await keyCloud(job.authKeyId)).graphRoot, extras, retryDelaysMs: options.retryDelaysMs };
    const worker = async () => {
      while (!stopped) {
        const chunk = await claimRows(jobId, owner, MAX_BATCH, claimMs);
        if (!chunk.length) return;
        await processChunk(ctx, chunk);
      }
    };
    await Promise.all(Array.from({ length: options.concurrency ?? DEFAULT_CONCURRENCY }, worker));
    if (stopped || !(await jobIsRunning(jobId))) return 'stopped';
    return (await completeJob(jobId, actor)) ? 'completed' : 'idle';
  } finally {
    clearInterval(heartbeat);
    await releaseClaims(jobId, owner);
  }
}
