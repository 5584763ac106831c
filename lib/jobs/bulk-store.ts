import 'server-only';
import { and, count, eq, isNull, lt, or } from 'drizzle-orm';
import { getDb, transaction } from '@/db';
import { jobRows, jobs } from '@/db/schema';
import { randomUUID } from 'node:crypto';
import { openValue, sealValue } from '@/lib/crypto/keyring';
import { bindingFor } from '@/lib/crypto/sealed-columns';
import { writeAudit } from '@/lib/dal/audit-write';
import type { BulkPayload, ParsedRow } from '@/lib/validation/bulk-csv';

// The runner's own access to its job: the job was authorized when someone started it, and only
// the process holding the job's lease writes here. Nothing in this file is reachable from a page.

/**
 * Where a pending row stands, kept in its payload so that a restart knows what was already sent:
 * 'absent'  looked up, no such user yet;
 * 'sent'    a create went out and its answer was not stored (a crash, a 5xx): a conflict now is ours;
 * 'extras'  the user exists (userId set); groups and license are still to do.
 */
export type RowStage = 'absent' | 'sent' | 'extras';
export type StoredPayload = BulkPayload & { stage?: RowStage; sentBefore?: boolean };
export type PendingRow = { id: number; rowNumber: number; userPrincipalName: string; payload: StoredPayload; userId: string | null };

const now = () => new Date().toISOString();
type Who = { id: string; email: string } | null;

/** Stores parsed rows as a job awaiting its start, each valid row's password sealed to that row. */
export async function insertJob(input: { keyId: string; fileName: string; rows: ParsedRow[]; actor: Who; notes?: string[] }): Promise<{ id: string; invalid: number }> {
  const id = randomUUID();
  const invalid = input.rows.filter((r) => r.errors.length).length;
  await transaction(async (tx) => {
    await tx.insert(jobs).values({ id, authKeyId: input.keyId, fileName: input.fileName.slice(0, 200), total: input.rows.length, createdBy: input.actor?.id ?? null, notes: input.notes ?? [] });
    for (const row of input.rows) {
      const bad = row.errors.length > 0;
      const [inserted] = await tx
        .insert(jobRows)
        .values({ jobId: id, rowNumber: row.rowNumber, userPrincipalName: row.userPrincipalName, payload: row.payload, state: bad ? 'invalid' : 'pending', errorCode: bad ? 'InvalidRow' : null, errorMessage: bad ? row.errors.join(' ') : null })
        .returning({ id: jobRows.id });
      if (!bad) await tx.update(jobRows).set({ secret: await sealValue(row.password, bindingFor('job_rows', inserted.id)) }).where(eq(jobRows.id, inserted.id));
    }
    await writeAudit(tx, { action: 'job.create', outcome: 'success', actor: input.actor, actorEmail: input.actor ? undefined : 'system', targetType: 'job', targetId: id, authKeyId: input.keyId, detail: { fileName: input.fileName, rows: input.rows.length, invalid } });
  });
  return { id, invalid };
}

/** Queues a stored job: its invalid rows become failed with their reasons. */
export async function beginJob(jobId: string, actor: Who): Promise<'started' | 'missing' | 'not_pending'> {
  return transaction(async (tx) => {
    const [job] = await tx.select().from(jobs).where(eq(jobs.id, jobId)).limit(1);
    if (!job) return 'missing';
    const at = now();
    // The state moves from pending to running once, even if two instances are asked at once.
    const started = await tx.update(jobs).set({ state: 'running', startedAt: at }).where(and(eq(jobs.id, jobId), eq(jobs.state, 'pending'))).returning({ id: jobs.id });
    if (started.length === 0) return 'not_pending';
    await tx.update(jobRows).set({ state: 'failed', updatedAt: at }).where(and(eq(jobRows.jobId, jobId), eq(jobRows.state, 'invalid')));
    await writeAudit(tx, { action: 'job.run', outcome: 'success', actor, actorEmail: actor ? undefined : 'system', targetType: 'job', targetId: jobId, authKeyId: job.authKeyId, detail: { total: job.total } });
    return 'started';
  });
}

/** Takes or renews the job's lease; false when another live process holds it. */
export async function claimLease(jobId: string, owner: string, leaseMs: number): Promise<boolean> {
  const at = now();
  const r = await getDb()
    .update(jobs)
    .set({ leaseOwner: owner, leaseUntil: new Date(Date.now() + leaseMs).toISOString() })
    .where(and(eq(jobs.id, jobId), eq(jobs.state, 'running'), or(isNull(jobs.leaseOwner), eq(jobs.leaseOwner, owner), lt(jobs.leaseUntil, at))))
    .returning({ id: jobs.id });
  return r.length === 1;
}

export async function releaseLease(jobId: string, owner: string): Promise<void> {
  await getDb().update(jobs).set({ leaseOwner: null, leaseUntil: null }).where(and(eq(jobs.id, jobId), eq(jobs.leaseOwner, owner)));
}

/** Running jobs nobody holds (never picked up, or their process died): the supervisor resumes them. */
export async function orphanedJobIds(): Promise<string[]> {
  const rows = await getDb()
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.state, 'running'), or(isNull(jobs.leaseUntil), lt(jobs.leaseUntil, now()))));
  return rows.map((j) => j.id);
}

export async function jobRecord(jobId: string) {
  const [job] = await getDb().select().from(jobs).where(eq(jobs.id, jobId)).limit(1);
  return job ?? null;
}

export async function pendingRows(jobId: string): Promise<PendingRow[]> {
  return (await getDb()
    .select({ id: jobRows.id, rowNumber: jobRows.rowNumber, userPrincipalName: jobRows.userPrincipalName, payload: jobRows.payload, userId: jobRows.userId })
    .from(jobRows)
    .where(and(eq(jobRows.jobId, jobId), eq(jobRows.state, 'pending')))
    .orderBy(jobRows.rowNumber)) as PendingRow[];
}

export async function rowPassword(rowId: number): Promise<string | null> {
  const [row] = await getDb().select({ secret: jobRows.secret }).from(jobRows).where(eq(jobRows.id, rowId)).limit(1);
  return row?.secret ? openValue(row.secret, bindingFor('job_rows', rowId)) : null;
}

/** Records progress that is not yet an outcome (several rows, one transaction). */
export async function setStages(rows: { id: number; payload: StoredPayload; userId?: string | null }[]): Promise<void> {
  if (!rows.length) return;
  const at = now();
  await transaction(async (tx) => {
    for (const r of rows) {
      await tx
        .update(jobRows)
        .set({ payload: r.payload, ...(r.userId !== undefined ? { userId: r.userId } : {}), updatedAt: at })
        .where(and(eq(jobRows.id, r.id), eq(jobRows.state, 'pending')));
    }
  });
}

export type RowOutcome = {
  id: number;
  upn: string;
  state: 'created' | 'warning' | 'exists' | 'failed';
  userId?: string | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  requestId?: string | null;
};

/**
 * Stores final outcomes with their audit rows, in one transaction, and erases each row's sealed
 * password: once a row is done nothing needs it again.
 */
export async function finishRows(job: { id: string; authKeyId: string }, outcomes: RowOutcome[], actor: { id: string; email: string } | null): Promise<void> {
  if (!outcomes.length) return;
  const at = now();
  await transaction(async (tx) => {
    for (const o of outcomes) {
      const r = await tx
        .update(jobRows)
        .set({ state: o.state, userId: o.userId ?? null, errorCode: o.errorCode ?? null, errorMessage: o.errorMessage ?? null, requestId: o.requestId ?? null, secret: null, updatedAt: at })
        .where(and(eq(jobRows.id, o.id), eq(jobRows.state, 'pending')))
        .returning({ id: jobRows.id });
      if (r.length === 0) continue;
      await writeAudit(tx, {
        action: 'job.row',
        outcome: o.state === 'failed' ? 'failure' : 'success',
        actor,
        actorEmail: actor ? undefined : 'system',
        targetType: 'user',
        targetId: o.upn,
        authKeyId: job.authKeyId,
        requestId: o.requestId ?? undefined,
        detail: { jobId: job.id, state: o.state, code: o.errorCode ?? null },
      });
    }
  });
}

export async function rowCounts(jobId: string, db = getDb()): Promise<Record<string, number>> {
  const rows = await db.select({ state: jobRows.state, n: count() }).from(jobRows).where(eq(jobRows.jobId, jobId)).groupBy(jobRows.state);
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

/** Marks a job finished (unless it was cancelled meanwhile) with its audit row. */
export async function completeJob(jobId: string, owner: string, actor: { id: string; email: string } | null): Promise<void> {
  await transaction(async (tx) => {
    const [job] = await tx.select().from(jobs).where(eq(jobs.id, jobId)).limit(1);
    if (!job || job.leaseOwner !== owner) return;
    const finishedAt = now();
    if (job.state === 'running') await tx.update(jobs).set({ state: 'completed', finishedAt, leaseOwner: null, leaseUntil: null }).where(eq(jobs.id, jobId));
    const counts = await rowCounts(jobId, tx);
    await writeAudit(tx, { action: 'job.complete', outcome: 'success', actor, actorEmail: actor ? undefined : 'system', targetType: 'job', targetId: jobId, authKeyId: job.authKeyId, detail: { counts, state: job.state === 'running' ? 'completed' : job.state } });
  });
}

export async function jobIsRunning(jobId: string, owner: string): Promise<boolean> {
  const [job] = await getDb().select({ state: jobs.state, leaseOwner: jobs.leaseOwner }).from(jobs).where(eq(jobs.id, jobId)).limit(1);
  return job?.state === 'running' && job.leaseOwner === owner;
}

