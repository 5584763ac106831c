import 'server-only';
import { and, count, eq, inArray, isNull, lt, notExists, or, sql } from 'drizzle-orm';
import { engineOfDb, getDb, rows, transaction } from '@/db';
import { jobRows, jobs } from '@/db/schema';
import { randomUUID } from 'node:crypto';
import { openValue, sealValue } from '@/lib/crypto/keyring';
import { bindingFor } from '@/lib/crypto/sealed-columns';
import { writeAudit } from '@/lib/dal/audit-write';
import type { BulkPayload, ParsedRow } from '@/lib/validation/bulk-csv';

// The runners' own access to their jobs: a job was authorized when someone started it. Any
// instance may work a running job; each row is written only by the instance that claimed it.
// Nothing in this file is reachable from a page.

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

/**
 * Claims up to `limit` pending rows of a running job for `owner` until `claimMs` from now: rows
 * nobody holds, or whose holder let the claim run out (its instance died). On PostgreSQL the
 * candidates are locked with FOR UPDATE SKIP LOCKED, so instances claiming at the same moment
 * get different rows instead of waiting for each other; SQLite runs one writer at a time anyway.
 */
export async function claimRows(jobId: string, owner: string, limit: number, claimMs: number): Promise<PendingRow[]> {
  const at = now();
  const until = new Date(Date.now() + claimMs).toISOString();
  return transaction(async (tx) => {
    const [job] = await tx.select({ state: jobs.state }).from(jobs).where(eq(jobs.id, jobId)).limit(1);
    if (job?.state !== 'running') return [];
    const lock = engineOfDb(tx) === 'pg' ? sql` for update skip locked` : sql``;
    const candidates = await rows<{ id: number | string }>(
      sql`select id from job_rows where job_id = ${jobId} and state = 'pending' and (claimed_until is null or claimed_until < ${at}) order by row_number limit ${limit}${lock}`,
      tx,
    );
    if (!candidates.length) return [];
    const claimed = await tx
      .update(jobRows)
      .set({ claimedBy: owner, claimedUntil: until })
      .where(inArray(jobRows.id, candidates.map((c) => Number(c.id))))
      .returning({ id: jobRows.id, rowNumber: jobRows.rowNumber, userPrincipalName: jobRows.userPrincipalName, payload: jobRows.payload, userId: jobRows.userId });
    return (claimed as PendingRow[]).sort((a, b) => a.rowNumber - b.rowNumber);
  });
}

/** Extends this owner's claims while it works; the number of rows it still holds. */
export async function renewClaims(jobId: string, owner: string, claimMs: number): Promise<number> {
  const until = new Date(Date.now() + claimMs).toISOString();
  const renewed = await getDb()
    .update(jobRows)
    .set({ claimedUntil: until })
    .where(and(eq(jobRows.jobId, jobId), eq(jobRows.claimedBy, owner), eq(jobRows.state, 'pending')))
    .returning({ id: jobRows.id });
  return renewed.length;
}

/** Hands back the rows this owner still holds (a stop, a cancel), for any instance to take. */
export async function releaseClaims(jobId: string, owner: string): Promise<void> {
  await getDb()
    .update(jobRows)
    .set({ claimedBy: null, claimedUntil: null })
    .where(and(eq(jobRows.jobId, jobId), eq(jobRows.claimedBy, owner), eq(jobRows.state, 'pending')));
}

/** Running jobs with rows nobody holds (never picked up, or their instance died): any instance may work them. */
export async function claimableJobIds(): Promise<string[]> {
  const found = await getDb()
    .selectDistinct({ id: jobRows.jobId })
    .from(jobRows)
    .innerJoin(jobs, eq(jobs.id, jobRows.jobId))
    .where(and(eq(jobs.state, 'running'), eq(jobRows.state, 'pending'), or(isNull(jobRows.claimedUntil), lt(jobRows.claimedUntil, now()))));
  return found.map((j) => j.id);
}

/** Running jobs whose rows are all settled but that nobody marked completed (its last worker died). */
export async function settledRunningJobIds(): Promise<string[]> {
  const found = await getDb()
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.state, 'running'), notExists(getDb().select({ id: jobRows.id }).from(jobRows).where(and(eq(jobRows.jobId, jobs.id), eq(jobRows.state, 'pending'))))));
  return found.map((j) => j.id);
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

/**
 * Records progress that is not yet an outcome (several rows, one transaction), only on rows this
 * owner still holds: the ids it returns are the rows the caller may go on with. A worker whose
 * claim ran out (it stalled, and another instance took the rows) learns so here, before it sends.
 */
export async function setStages(owner: string, list: { id: number; payload: StoredPayload; userId?: string | null }[]): Promise<Set<number>> {
  const kept = new Set<number>();
  if (!list.length) return kept;
  const at = now();
  await transaction(async (tx) => {
    for (const r of list) {
      const updated = await tx
        .update(jobRows)
        .set({ payload: r.payload, ...(r.userId !== undefined ? { userId: r.userId } : {}), updatedAt: at })
        .where(and(eq(jobRows.id, r.id), eq(jobRows.state, 'pending'), eq(jobRows.claimedBy, owner)))
        .returning({ id: jobRows.id });
      if (updated.length) kept.add(r.id);
    }
  });
  return kept;
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
 * password: once a row is done nothing needs it again. Only rows this owner holds are settled.
 */
export async function finishRows(owner: string, job: { id: string; authKeyId: string }, outcomes: RowOutcome[], actor: { id: string; email: string } | null): Promise<void> {
  if (!outcomes.length) return;
  const at = now();
  await transaction(async (tx) => {
    for (const o of outcomes) {
      const r = await tx
        .update(jobRows)
        .set({ state: o.state, userId: o.userId ?? null, errorCode: o.errorCode ?? null, errorMessage: o.errorMessage ?? null, requestId: o.requestId ?? null, secret: null, updatedAt: at, claimedBy: null, claimedUntil: null })
        .where(and(eq(jobRows.id, o.id), eq(jobRows.state, 'pending'), eq(jobRows.claimedBy, owner)))
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
        // Which instance settled the row, for a deployment of several.
        detail: { jobId: job.id, state: o.state, code: o.errorCode ?? null, instance: owner },
      });
    }
  });
}

export async function rowCounts(jobId: string, db = getDb()): Promise<Record<string, number>> {
  const rows = await db.select({ state: jobRows.state, n: count() }).from(jobRows).where(eq(jobRows.jobId, jobId)).groupBy(jobRows.state);
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

/**
 * Marks a running job completed once no row is pending, with its audit row: whichever instance
 * settles the last row does it, exactly once. False while rows remain (other instances hold them).
 */
export async function completeJob(jobId: string, actor: { id: string; email: string } | null): Promise<boolean> {
  return transaction(async (tx) => {
    const [pending] = await tx.select({ n: count() }).from(jobRows).where(and(eq(jobRows.jobId, jobId), eq(jobRows.state, 'pending')));
    if (Number(pending?.n ?? 0) > 0) return false;
    const done = await tx.update(jobs).set({ state: 'completed', finishedAt: now() }).where(and(eq(jobs.id, jobId), eq(jobs.state, 'running'))).returning({ authKeyId: jobs.authKeyId });
    if (!done.length) return false;
    const counts = await rowCounts(jobId, tx);
    await writeAudit(tx, { action: 'job.complete', outcome: 'success', actor, actorEmail: actor ? undefined : 'system', targetType: 'job', targetId: jobId, authKeyId: done[0].authKeyId, detail: { counts, state: 'completed' } });
    return true;
  });
}

export async function jobIsRunning(jobId: string): Promise<boolean> {
  const [job] = await getDb().select({ state: jobs.state }).from(jobs).where(eq(jobs.id, jobId)).limit(1);
  return job?.state === 'running';
}
