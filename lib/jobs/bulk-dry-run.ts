import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/db';
import { authKeys, jobRows } from '@/db/schema';
import { requireRole } from '@/lib/auth/session';
import { getProvisioningKey, PROVISIONERS } from '@/lib/dal/provisioning';
import { pacerFor } from '@/lib/graph/batch-pacer';
import { graphForKey } from '@/lib/graph/client';
import { problemFromError } from '@/lib/graph/operations/call';
import { explainProblem } from '@/lib/graph/operations/explain';
import { listVerifiedDomains } from '@/lib/graph/users';
import { chunkRows, resolveExtras } from './bulk-chunk';
import { BatchSender } from './bulk-sender';
import { jobRecord, pendingRows } from './bulk-store';

export type DryRunRow = { rowNumber: number; userPrincipalName: string; outcome: 'create' | 'exists' | 'fail'; reason?: string };
export type DryRun = { status: 'success'; create: number; exists: number; fail: number; rows: DryRunRow[]; notes: string[] } | { status: 'error'; message: string };

/**
 * What a run would do, with reads only: which users exist already, which domains are not
 * verified, which groups and licenses cannot be found. Nothing is written, in Graph or here.
 */
export async function dryRunJob(jobId: string): Promise<DryRun> {
  const actor = await requireRole(PROVISIONERS, 'provisioning.job_dry_run');
  const job = jobRecord(jobId);
  if (!job) return { status: 'error', message: 'This job no longer exists.' };
  const key = await getProvisioningKey(job.authKeyId);
  if (!key) return { status: 'error', message: 'The job’s authKey is not ready: test it first.' };
  const keyRow = getDb().select({ tenantId: authKeys.tenantId, clientId: authKeys.clientId }).from(authKeys).where(eq(authKeys.id, job.authKeyId)).get()!;
  let client;
  try {
    client = await graphForKey(job.authKeyId, { actor });
  } catch (error) {
    return { status: 'error', message: explainProblem(problemFromError(error)) };
  }
  const rows = pendingRows(jobId);
  const sender = new BatchSender(client, pacerFor(`${keyRow.tenantId}|${keyRow.clientId}`));
  const notes: string[] = [];
  const domains = await listVerifiedDomains(client);
  const verified = domains.ok ? new Set(domains.data.map((d) => d.toLowerCase())) : null;
  if (!domains.ok) notes.push(`Domains were not checked: ${explainProblem(domains, 'users.read')}`);
  const extras = await resolveExtras(sender, rows);
  notes.push(...extras.problems);
  const out: DryRunRow[] = [];
  for (const part of chunkRows(rows)) {
    const res = await sender.send(part.map((r) => ({ id: String(r.id), method: 'GET', url: `/users/${encodeURIComponent(r.userPrincipalName).replace(/%40/g, '@')}?$select=id` })), 'read');
    for (const r of part) {
      const sub = res.responses.get(String(r.id));
      const reasons: string[] = [];
      const domain = r.userPrincipalName.split('@')[1]?.toLowerCase() ?? '';
      if (verified && !verified.has(domain)) reasons.push(`The domain ${domain} is not verified in this tenant.`);
      for (const g of r.payload.groups) if (extras.groups && (extras.groups.get(g.toLowerCase())?.length ?? 0) !== 1) reasons.push(`Group “${g}” was not found or is ambiguous.`);
      if (r.payload.license && extras.skus && !extras.skus.get(r.payload.license.toLowerCase())) reasons.push(`License “${r.payload.license}” was not found.`);
      if (sub?.status === 200) out.push({ rowNumber: r.rowNumber, userPrincipalName: r.userPrincipalName, outcome: 'exists' });
      else if (sub?.status !== 404) out.push({ rowNumber: r.rowNumber, userPrincipalName: r.userPrincipalName, outcome: 'fail', reason: sub ? 'The lookup failed.' : 'No answer.' });
      else out.push({ rowNumber: r.rowNumber, userPrincipalName: r.userPrincipalName, outcome: reasons.length ? 'fail' : 'create', ...(reasons.length ? { reason: reasons.join(' ') } : {}) });
    }
  }
  // Rows that failed validation are skipped by the run, so they count as failures here too.
  const invalid = getDb()
    .select({ rowNumber: jobRows.rowNumber, userPrincipalName: jobRows.userPrincipalName, errorMessage: jobRows.errorMessage })
    .from(jobRows)
    .where(and(eq(jobRows.jobId, jobId), eq(jobRows.state, 'invalid')))
    .all();
  for (const r of invalid) out.push({ rowNumber: r.rowNumber, userPrincipalName: r.userPrincipalName, outcome: 'fail', reason: r.errorMessage ?? 'The row is invalid.' });
  out.sort((a, b) => a.rowNumber - b.rowNumber);
  const count = (o: DryRunRow['outcome']) => out.filter((r) => r.outcome === o).length;
  return { status: 'success', create: count('create'), exists: count('exists'), fail: count('fail'), rows: out, notes };
}
