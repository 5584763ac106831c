import 'server-only';
import { MAX_BATCH, subProblem, subRequestId, type BatchRequest, type BatchResponse } from '@/lib/graph/batch';
import { memberRef } from '@/lib/graph/groups';
import { assignLicenseBody, listSkus } from '@/lib/graph/licenses';
import { explainProblem } from '@/lib/graph/operations/explain';
import type { OperationId } from '@/lib/entra/permission-catalog';
import { listGroups } from '@/lib/graph/groups';
import { NEW_USER_RETRY_DELAYS_MS } from '@/lib/graph/users';
import type { BatchSender } from './bulk-sender';
import { finishRows, rowPassword, setStages, type PendingRow, type RowOutcome } from './bulk-store';

export type Extras = {
  groups: Map<string, string[]> | null;
  /** Part number or id (lower case) → skuId. */
  skus: Map<string, string> | null;
  /** skuId → its part number and free seats, for the dry run's seat count. */
  seats: Map<string, { partNumber: string; free: number }> | null;
  problems: string[];
};
export type ChunkContext = {
  job: { id: string; authKeyId: string };
  /** The instance working the rows: progress is only stored on rows it still holds. */
  owner: string;
  actor: { id: string; email: string } | null;
  sender: BatchSender;
  graphRoot: string;
  extras: Extras;
  /** Waits before each further try of a group or license call that found no such user yet (404). */
  retryDelaysMs?: readonly number[];
};

type LiveRow = PendingRow & { createRequestId?: string | null };

export function chunkRows<T>(rows: T[], size = MAX_BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

const needsExtras = (r: PendingRow) => r.payload.groups.length > 0 || Boolean(r.payload.license);
const userPath = (upn: string) => `/users/${encodeURIComponent(upn).replace(/%40/g, '@')}`;
const ok = (sub: BatchResponse | undefined) => Boolean(sub && sub.status >= 200 && sub.status < 300);
const failure = (r: PendingRow, sub: BatchResponse | undefined, op: OperationId): RowOutcome => {
  const problem = sub ? subProblem(sub) : { status: 0, code: 'no_response', message: 'Graph returned no answer for this row.', requestId: null, detailCodes: [] };
  return { id: r.id, upn: r.userPrincipalName, state: 'failed', errorCode: problem.code, errorMessage: explainProblem({ ...problem, requestId: null }, op), requestId: problem.requestId };
};

/** Group names and license part numbers in the file, resolved once per run to Graph ids. */
export async function resolveExtras(sender: BatchSender, rows: PendingRow[]): Promise<Extras> {
  const extras: Extras = { groups: null, skus: null, seats: null, problems: [] };
  if (rows.some((r) => r.payload.groups.length)) {
    const r = await listGroups(sender.client);
    if (r.ok) {
      extras.groups = new Map();
      for (const g of r.data) {
        for (const name of [g.id.toLowerCase(), (g.displayName ?? '').toLowerCase()]) extras.groups.set(name, [...(extras.groups.get(name) ?? []), g.id]);
      }
    } else extras.problems.push(`Groups could not be read: ${explainProblem(r, 'groups.membership')}`);
  }
  if (rows.some((r) => r.payload.license)) {
    const r = await listSkus(sender.client);
    if (r.ok) {
      extras.skus = new Map(r.data.flatMap((s) => [[s.skuId.toLowerCase(), s.skuId], [s.skuPartNumber.toLowerCase(), s.skuId]]));
      extras.seats = new Map(r.data.map((s) => [s.skuId, { partNumber: s.skuPartNumber, free: s.free }]));
    }
    else extras.problems.push(`Licenses could not be read: ${explainProblem(r, 'licenses.assign')}`);
  }
  return extras;
}

/** Looks the rows up by UPN: a user who is there already is 'exists', unless we sent its create. */
async function lookUp(ctx: ChunkContext, rows: LiveRow[]): Promise<RowOutcome[]> {
  const res = await ctx.sender.send(rows.map((r) => ({ id: String(r.id), method: 'GET', url: `${userPath(r.userPrincipalName)}?$select=id` })), 'read');
  const outcomes: RowOutcome[] = [];
  const stages: LiveRow[] = [];
  for (const r of rows) {
    const sub = res.responses.get(String(r.id));
    if (sub?.status === 200) {
      const userId = (sub.body as { id: string }).id;
      if (r.payload.stage !== 'sent') outcomes.push({ id: r.id, upn: r.userPrincipalName, state: 'exists', userId, requestId: subRequestId(sub) });
      else if (needsExtras(r)) stages.push(Object.assign(r, { userId, payload: { ...r.payload, stage: 'extras' as const } }));
      else outcomes.push({ id: r.id, upn: r.userPrincipalName, state: 'created', userId, requestId: subRequestId(sub) });
    } else if (sub?.status === 404) {
      stages.push(Object.assign(r, { payload: { ...r.payload, stage: 'absent' as const, sentBefore: r.payload.sentBefore || r.payload.stage === 'sent' } }));
    } else outcomes.push(failure(r, sub, 'users.read'));
  }
  await setStages(ctx.owner, stages);
  return outcomes;
}

/** Creates the absent users. Each row is marked 'sent' before the batch goes out. */
async function create(ctx: ChunkContext, rows: LiveRow[]): Promise<RowOutcome[]> {
  const outcomes: RowOutcome[] = [];
  const requests: BatchRequest[] = [];
  for (const r of rows) {
    r.payload = { ...r.payload, stage: 'sent' };
    const password = await rowPassword(r.id);
    if (password === null) outcomes.push({ id: r.id, upn: r.userPrincipalName, state: 'failed', errorCode: 'password_missing', errorMessage: 'The initial password is no longer stored.' });
    else requests.push({ id: String(r.id), method: 'POST', url: '/users', body: { ...r.payload.user, passwordProfile: { password, forceChangePasswordNextSignIn: true } } });
  }
  // Only rows still held by this instance go out: another one may have taken over a stalled claim.
  const held = await setStages(ctx.owner, rows);
  const res = await ctx.sender.send(requests.filter((q) => held.has(Number(q.id))), 'write');
  const stages: LiveRow[] = [];
  for (const r of rows) {
    const sub = res.responses.get(String(r.id));
    if (!sub) continue;
    if (sub.status === 201) {
      const userId = (sub.body as { id: string }).id;
      r.createRequestId = subRequestId(sub);
      if (needsExtras(r)) stages.push(Object.assign(r, { userId, payload: { ...r.payload, stage: 'extras' as const } }));
      else outcomes.push({ id: r.id, upn: r.userPrincipalName, state: 'created', userId, requestId: subRequestId(sub) });
    } else if (subProblem(sub).detailCodes.includes('ObjectConflict')) {
      // Ours if an earlier create may have run (a crash, a 503): look it up on the next pass.
      if (r.payload.sentBefore || res.uncertain.has(String(r.id))) stages.push(Object.assign(r, { payload: { ...r.payload, sentBefore: true } }));
      else outcomes.push({ id: r.id, upn: r.userPrincipalName, state: 'exists', requestId: subRequestId(sub) });
    } else outcomes.push(failure(r, sub, 'users.write'));
  }
  await setStages(ctx.owner, stages);
  return outcomes;
}

/** Adds groups and the license; a failure there leaves the user created, with a warning. */
async function addExtras(ctx: ChunkContext, rows: LiveRow[]): Promise<RowOutcome[]> {
  const warnings = new Map<number, string[]>(rows.map((r) => [r.id, [...ctx.extras.problems]]));
  const requests: { row: LiveRow; req: BatchRequest; what: string; op: OperationId }[] = [];
  for (const r of rows) {
    r.payload.groups.forEach((name, i) => {
      const ids = ctx.extras.groups?.get(name.toLowerCase());
      if (!ctx.extras.groups) return;
      if (!ids || ids.length !== 1) return void warnings.get(r.id)!.push(`Group “${name}” ${ids ? 'is ambiguous' : 'was not found'}.`);
      requests.push({ row: r, what: `group “${name}”`, op: 'groups.membership', req: { id: `${r.id}-g${i}`, method: 'POST', url: `/groups/${ids[0]}/members/$ref`, body: memberRef(ctx.graphRoot, r.userId!) } });
    });
    const license = r.payload.license;
    if (license && ctx.extras.skus) {
      const skuId = ctx.extras.skus.get(license.toLowerCase());
      if (!skuId) warnings.get(r.id)!.push(`License “${license}” was not found.`);
      else requests.push({ row: r, what: `license ${license}`, op: 'licenses.assign', req: { id: `${r.id}-l`, method: 'POST', url: `/users/${r.userId}/assignLicense`, body: assignLicenseBody([skuId], []) } });
    }
  }
  const delays = ctx.retryDelaysMs ?? NEW_USER_RETRY_DELAYS_MS;
  for (const part of chunkRows(requests)) {
    // A user created a moment ago can still be missing (404): send those requests again after a
    // short wait, a bounded number of times. Only these follow-ups repeat; the create never does.
    let pending = part;
    for (let attempt = 0; pending.length; attempt++) {
      const res = await ctx.sender.send(pending.map((p) => p.req), 'write');
      const notFound: typeof pending = [];
      for (const p of pending) {
        const sub = res.responses.get(p.req.id);
        // Already a member (a resumed run may repeat the add): the goal is reached.
        if (ok(sub) || (sub && /already exist/i.test(subProblem(sub).message))) continue;
        if (sub?.status === 404 && attempt < delays.length) notFound.push(p);
        else warnings.get(p.row.id)!.push(`Adding ${p.what} failed: ${sub ? explainProblem({ ...subProblem(sub) }, p.op) : 'no answer.'}`);
      }
      if (notFound.length) await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
      pending = notFound;
    }
  }
  return rows.map((r) => {
    const w = warnings.get(r.id)!;
    return { id: r.id, upn: r.userPrincipalName, state: w.length ? 'warning' : 'created', userId: r.userId, requestId: r.createRequestId ?? null, errorCode: w.length ? 'partial' : null, errorMessage: w.length ? `Created, but: ${w.join(' ')}` : null };
  });
}

/** Drives up to 20 rows to an outcome: look up, create, then groups and license. */
export async function processChunk(ctx: ChunkContext, chunk: PendingRow[]): Promise<void> {
  const live: LiveRow[] = chunk.map((r) => ({ ...r, payload: { ...r.payload } }));
  for (let pass = 0; pass < 3 && live.length; pass++) {
    const toLook = live.filter((r) => !r.payload.stage || r.payload.stage === 'sent');
    if (toLook.length) await done(ctx, live, await lookUp(ctx, toLook));
    const absent = live.filter((r) => r.payload.stage === 'absent');
    if (absent.length) await done(ctx, live, await create(ctx, absent));
    const extras = live.filter((r) => r.payload.stage === 'extras');
    if (extras.length) await done(ctx, live, await addExtras(ctx, extras));
  }
  await done(ctx, live, live.map((r) => ({ id: r.id, upn: r.userPrincipalName, state: 'failed', errorCode: 'unresolved', errorMessage: 'The row could not be settled; run the file again to check it.' })));
}

function prune(live: LiveRow[], remove: (r: LiveRow) => boolean) {
  for (let i = live.length - 1; i >= 0; i--) if (remove(live[i])) live.splice(i, 1);
}

async function done(ctx: ChunkContext, live: LiveRow[], outcomes: RowOutcome[]) {
  await finishRows(ctx.owner, ctx.job, outcomes, ctx.actor);
  const ids = new Set(outcomes.map((o) => o.id));
  prune(live, (r) => ids.has(r.id));
}
