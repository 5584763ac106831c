import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { authKeys, jobRows } from '@/db/schema';
import { requireRole } from '@/lib/auth/session';
import { getProvisioningKey, PROVISIONERS } from '@/lib/server/provisioning';
import { pacerFor } from '@/lib/graph/batch-pacer';
import { graphForKey } from '@/lib/graph/client';
import { problemFromError } from '@/lib/graph/operations/call';
import { explainProblem } from '@/lib/graph/operations/explain';
import { listVerifiedDomains } from '@/lib/graph/users';
import { chunkRows, resolveExtras, type Extras } from './bulk-chunk';
import { BatchSender } from './bulk-sender';
import { jobRecord, pendingRows, type PendingRow } from './bulk-store';

/** 'warn': would be created, but without a group or its license (the run marks it "created with warnings"). */
export type DryRunOutcome = 'create' | 'warn' | 'exists' | 'fail';
export type DryRunRow = { rowNumber: number; userPrincipalName: string; outcome: DryRunOutcome; reason?: string };
export type DryRun =
  | { status: 'success'; create: number; warn: number; exists: number; fail: number; rows: DryRunRow[]; notes: string[]; seats: SeatShortage[] }
  | { status: 'error'; message: string };
export type SeatShortage = { partNumber: string; needed: number; free: number };

/** What stops a row's group or license, checked without writing: the same words as the run's warnings. */
function extraProblems(r: PendingRow, extras: Extras): string[] {
  const out: string[] = [];
  for (const g of r.payload.groups) if (extras.groups && (extras.groups.get(g.toLowerCase())?.length ?? 0) !== 1) out.push(`Group “${g}” was not found or is ambiguous.`);
  if (r.payload.license && extras.skus && !extras.skus.get(r.payload.license.toLowerCase())) out.push(`License “${r.payload.license}” was not found.`);
  return out;
}

/**
 * Rows that would be created with a license, compared with each SKU's free seats: the rows past
 * the free seats (in file order) would be created without it.
 */
function seatShortages(created: { row: PendingRow; result: DryRunRow }[], extras: Extras): SeatShortage[] {
  if (!extras.skus || !extras.seats) return [];
  const bySku = new Map<string, DryRunRow[]>();
  for (const { row, result } of created) {
    const skuId = row.payload.license ? extras.skus.get(row.payload.license.toLowerCase()) : undefined;
    if (skuId) bySku.set(skuId, [...(bySku.get(skuId) ?? []), result]);
  }
  const shortages: SeatShortage[] = [];
  for (const [skuId, rows] of bySku) {
    const seat = extras.seats.get(skuId)!;
    if (rows.length <= seat.free) continue;
    shortages.push({ partNumber: seat.partNumber, needed: rows.length, free: seat.free });
    for (const r of rows.slice(seat.free)) {
      r.outcome = 'warn';
      r.reason = [r.reason, `Would be created without its license: ${seat.partNumber} has ${seat.free} free seat${seat.free === 1 ? '' : 's'} for ${rows.length} rows.`].filter(Boolean).join(' ');
    }
  }
  return shortages;
}

/**
 * What a run would do, with reads only: which users exist already, which domains are not
 * verified, which groups and licenses cannot be found, and whether there are seats for every
 * license. Nothing is written, in Graph or here.
 */
export async function dryRunJob(jobId: string): Promise<DryRun> {
  const actor = await requireRole(PROVISIONERS, 'provisioning.job_dry_run');
  const job = await jobRecord(jobId);
  if (!job) return { status: 'error', message: 'This job no longer exists.' };
  const key = await getProvisioningKey(job.authKeyId);
  if (!key) return { status: 'error', message: 'The job’s authKey is not ready: test it first.' };
  const [keyRow] = await getDb().select({ tenantId: authKeys.tenantId, clientId: authKeys.clientId }).from(authKeys).where(eq(authKeys.id, job.authKeyId));
  let client;
  try {
    client = await graphForKey(job.authKeyId, { actor });
  } catch (error) {
    return { status: 'error', message: explainProblem(problemFromError(error)) };
  }
  const rows = await pendingRows(jobId);
  const sender = new BatchSender(client, pacerFor(`${keyRow.tenantId}|${keyRow.clientId}`));
  const notes: string[] = [];
  const domains = await listVerifiedDomains(client);
  const verified = domains.ok ? new Set(domains.data.map((d) => d.toLowerCase())) : null;
  if (!domains.ok) notes.push(`Domains were not checked: ${explainProblem(domains, 'users.read')}`);
  const extras = await resolveExtras(sender, rows);
  notes.push(...extras.problems);
  const out: DryRunRow[] = [];
  const created: { row: PendingRow; result: DryRunRow }[] = [];
  for (const part of chunkRows(rows)) {
    const res = await sender.send(part.map((r) => ({ id: String(r.id), method: 'GET', url: `/users/${encodeURIComponent(r.userPrincipalName).replace(/%40/g, '@')}?$select=id` })), 'read');
    for (const r of part) {
      const sub = res.responses.get(String(r.id));
      const base = { rowNumber: r.rowNumber, userPrincipalName: r.userPrincipalName };
      const domain = r.userPrincipalName.split('@')[1]?.toLowerCase() ?? '';
      if (sub?.status === 200) out.push({ ...base, outcome: 'exists' });
      else if (sub?.status !== 404) out.push({ ...base, outcome: 'fail', reason: sub ? 'The lookup failed.' : 'No answer.' });
      else if (verified && !verified.has(domain)) out.push({ ...base, outcome: 'fail', reason: `The domain ${domain} is not verified in this tenant.` });
      else {
        const problems = extraProblems(r, extras);
        const result: DryRunRow = { ...base, outcome: problems.length ? 'warn' : 'create', ...(problems.length ? { reason: problems.join(' ') } : {}) };
        out.push(result);
        created.push({ row: r, result });
      }
    }
  }
  const seats = seatShortages(created, extras);
  // Rows that failed validation are skipped by the run, so they count as failures here too.
  const invalid = await getDb()
    .select({ rowNumber: jobRows.rowNumber, userPrincipalName: jobRows.userPrincipalName, errorMessage: jobRows.errorMessage })
    .from(jobRows)
    .where(and(eq(jobRows.jobId, jobId), eq(jobRows.state, 'invalid')));
  for (const r of invalid) out.push({ rowNumber: r.rowNumber, userPrincipalName: r.userPrincipalName, outcome: 'fail', reason: r.errorMessage ?? 'The row is invalid.' });
  out.sort((a, b) => a.rowNumber - b.rowNumber);
  const count = (o: DryRunOutcome) => out.filter((r) => r.outcome === o).length;
  return { status: 'success', create: count('create'), warn: count('warn'), exists: count('exists'), fail: count('fail'), rows: out, notes, seats };
}
