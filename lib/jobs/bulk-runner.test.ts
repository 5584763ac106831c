import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db';
import { auditEvents, jobRows, jobs } from '@/db/schema';
import type { Actor } from '@/lib/auth/session';

// The data access layer asks the session who is calling; these tests decide that.
vi.mock('@/lib/auth/session', () => import('@/test/fake-session'));
const { who } = await import('@/test/fake-session');

const { startKit, bulkCsv, KIT_OPERATOR } = await import('@/test/bulk-test-kit');
const jobsDal = await import('@/lib/server/bulk-jobs');
const { runJob } = await import('./bulk-runner');
const { graphForKey } = await import('@/lib/graph/client');
const { createUser } = await import('@/lib/graph/users');
const { listUsersPage } = await import('@/lib/server/provisioning-users');

let kit: Awaited<ReturnType<typeof startKit>>;
const auditor: Actor = { id: 'auditor-1', email: 'auditor@example.test', name: 'Auditor', role: 'auditor', mustChangePassword: false };
const fastWrites = { count: 3000, windowSeconds: 15 };

beforeAll(async () => {
  kit = await startKit({ latencyMs: 5 });
});

afterAll(async () => {
  await kit?.close();
});

/** 300 rows: rows 10 and 20 fail validation, row 30 uses a domain Graph refuses, rows 40–44 exist. */
function testFile(): string {
  return bulkCsv(kit.domain, 300, 'a', (n) => {
    if (n === 10) return [`Bad ${n}`, 'not-an-upn', 'Passw0rd!x', 'No', 'Test'];
    if (n === 20) return [`No password ${n}`, `bulk-a-${n}@${kit.domain}`, '', 'No', 'Test'];
    if (n === 30) return [`Wrong domain ${n}`, `bulk-a-${n}@unverified.example`, 'Passw0rd!x', 'No', 'Test'];
    return null;
  });
}

async function runFile(text: string) {
  who.actor = KIT_OPERATOR;
  const created = await jobsDal.createBulkJob({ keyId: kit.keyId, fileName: 'users.csv', bytes: Buffer.from(text) });
  if (!('id' in created)) throw new Error(`upload failed: ${created.message}`);
  expect(await jobsDal.startJob(created.id)).toMatchObject({ status: 'success' });
  expect(await runJob(created.id, { writeLimit: fastWrites })).toBe('completed');
  const job = (await jobsDal.getJob(created.id))!;
  const { rows } = await jobsDal.listJobRows(created.id, { limit: 1000 });
  return { job, rows };
}

describe('bulk create from CSV against the sandbox', () => {
  it('creates 292, marks 5 existing and fails 3 with reasons, through 429s and 503s, honouring Retry-After', async () => {
    who.actor = KIT_OPERATOR;
    const client = await graphForKey(kit.keyId, { actor: KIT_OPERATOR });
    for (let n = 40; n < 45; n++) {
      const r = await createUser(client, { accountEnabled: true, displayName: `Existing ${n}`, mailNickname: `bulk-a-${n}`, userPrincipalName: `bulk-a-${n}@${kit.domain}`, passwordProfile: { password: 'Passw0rd!pre', forceChangePasswordNextSignIn: true } });
      expect(r.ok).toBe(true);
    }
    const since = Date.now();
    await kit.admin('POST', 'faults', {
      latencyMs: 5,
      rate: 0.04,
      forced: [
        { method: 'POST', pathPattern: '^/v1\\.0/\\$batch$', status: 503, times: 1 },
        { method: 'POST', pathPattern: '^/v1\\.0/\\$batch$', status: 429, times: 1, retryAfter: 1 },
      ],
    });
    const { job, rows } = await runFile(testFile());
    await kit.admin('POST', 'faults', { latencyMs: 5 });

    expect(job.state).toBe('completed');
    expect(job.counts).toMatchObject({ created: 292, exists: 5, failed: 3, pending: 0 });
    const failed = rows.filter((r) => r.state === 'failed');
    expect(failed.map((r) => r.rowNumber)).toEqual([10, 20, 30]);
    expect(failed[0].errorMessage).toMatch(/must look like name@domain/);
    expect(failed[1].errorMessage).toMatch(/Initial password is required/);
    expect(failed[2].errorMessage).toMatch(/verified domain/);
    expect(rows.filter((r) => r.state === 'exists').map((r) => r.rowNumber)).toEqual([40, 41, 42, 43, 44]);
    expect(rows.filter((r) => r.state === 'created').every((r) => r.userId && r.requestId)).toBe(true);

    const log = await kit.requests(since);
    // Exactly one successful create per created row: nothing was created twice.
    expect(log.filter((e) => e.method === 'POST' && e.path === '/v1.0/users' && e.status === 201)).toHaveLength(292);
    for (const r of rows.filter((x) => x.state === 'created').slice(0, 25)) expect((await kit.userByUpn(r.userPrincipalName))?.id).toBe(r.userId);

    // Throttled and unavailable sub-requests were retried only after their Retry-After, by the
    // sandbox's own clock. Lookups (GET /users/{upn}) have a path per row, so each retry is visible.
    const throttled = log.filter((e) => e.batchRequestId && (e.status === 429 || e.status === 503));
    expect(throttled.length).toBeGreaterThan(5);
    const lookups = throttled.filter((e) => e.method === 'GET');
    expect(lookups.length).toBeGreaterThan(0);
    for (const t of lookups) {
      const retry = log.find((e) => e.method === 'GET' && e.path === t.path && e.time > t.time);
      expect(retry, `retry of ${t.path}`).toBeDefined();
      expect(retry!.time - t.time).toBeGreaterThanOrEqual((t.retryAfter ?? 1) * 1000);
    }
    // The whole-batch 503 and 429 were retried after their Retry-After too.
    const batchFaults = log.filter((e) => e.path === '/v1.0/$batch' && e.status >= 429);
    expect(batchFaults.map((e) => e.status).sort()).toEqual([429, 503]);
  });

  it('shares one job between two instances: every row once, and their writes together within one budget', async () => {
    who.actor = KIT_OPERATOR;
    const created = await jobsDal.createBulkJob({ keyId: kit.keyId, fileName: 'shared.csv', bytes: Buffer.from(bulkCsv(kit.domain, 300, 'shared')) });
    if (!('id' in created)) throw new Error(`upload failed: ${created.message}`);
    await jobsDal.startJob(created.id);
    const since = Date.now();
    // 200 writes per 4 s shared by both: alone, each would spend that much.
    const budget = { count: 200, windowSeconds: 4 };
    const results = await Promise.all([
      runJob(created.id, { owner: 'instance-a', writeLimit: budget, concurrency: 2 }),
      runJob(created.id, { owner: 'instance-b', writeLimit: budget, concurrency: 2 }),
    ]);
    expect(results.sort()).toEqual(['completed', 'idle']);
    const job = (await jobsDal.getJob(created.id))!;
    expect(job).toMatchObject({ state: 'completed', counts: { created: 300, pending: 0 } });
    const creates = (await kit.requests(since)).filter((e) => e.method === 'POST' && e.path === '/v1.0/users' && e.status === 201);
    expect(creates).toHaveLength(300);
    // Both instances worked the job: each settled some of its rows, and none was settled twice.
    const audits = (await getDb().select({ detail: auditEvents.detail }).from(auditEvents).where(eq(auditEvents.action, 'job.row'))).map((a) => a.detail as { jobId?: string; instance?: string });
    const mine = audits.filter((a) => a.jobId === created.id);
    expect(mine).toHaveLength(300);
    expect(mine.filter((a) => a.instance === 'instance-a').length).toBeGreaterThanOrEqual(20);
    expect(mine.filter((a) => a.instance === 'instance-b').length).toBeGreaterThanOrEqual(20);
    // No 4-second window holds more than the shared budget.
    const times = creates.map((e) => e.time).sort((a, b) => a - b);
    let most = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i] - times[j] >= budget.windowSeconds * 1000) j++;
      most = Math.max(most, i - j + 1);
    }
    expect(most).toBeLessThanOrEqual(budget.count);
    expect(most).toBeGreaterThan(budget.count / 2);
  });

  it('marks every user as exists when the same file runs again, creating nobody', async () => {
    const since = Date.now();
    const { job } = await runFile(testFile());
    expect(job.counts).toMatchObject({ created: 0, exists: 297, failed: 3 });
    const log = await kit.requests(since);
    expect(log.filter((e) => e.method === 'POST' && e.path === '/v1.0/users' && e.status === 201)).toHaveLength(0);
  });

  it('lets operators provision and refuses auditors on the server', async () => {
    who.actor = auditor;
    await expect(jobsDal.createBulkJob({ keyId: kit.keyId, fileName: 'x.csv', bytes: Buffer.from(bulkCsv(kit.domain, 1, 'r')) })).rejects.toThrow('Your role does not allow this.');
    await expect(listUsersPage(kit.keyId, { top: 5 })).rejects.toThrow('Your role does not allow this.');
    who.actor = null;
    await expect(listUsersPage(kit.keyId, { top: 5 })).rejects.toThrow('NEXT_REDIRECT');
    who.actor = KIT_OPERATOR;
    const page = await listUsersPage(kit.keyId, { top: 5, search: 'bulk-a-1' });
    expect(page.status === 'success' ? 'success' : page.message).toBe('success');
  });
});

describe('what an upload stores', () => {
  const counts = async () => {
    const db = getDb();
    return { jobs: (await db.select().from(jobs)).length, rows: (await db.select().from(jobRows)).length };
  };

  it('stores nothing for a file with an unterminated quote or in Latin-1, and says which line or encoding', async () => {
    who.actor = KIT_OPERATOR;
    const before = await counts();
    const quoted = bulkCsv(kit.domain, 3, 'q', (n) => (n === 2 ? ['"Broken', `bulk-q-2@${kit.domain}`, 'Passw0rd!q2', 'No', 'Test'] : null));
    const broken = await jobsDal.createBulkJob({ keyId: kit.keyId, fileName: 'broken.csv', bytes: Buffer.from(quoted) });
    expect(broken).toMatchObject({ status: 'error', fieldErrors: { file: [expect.stringMatching(/^Line 4: a quoted value is never closed/)] } });
    const latin1 = await jobsDal.createBulkJob({ keyId: kit.keyId, fileName: 'latin1.csv', bytes: Buffer.from(bulkCsv(kit.domain, 1, 'l', () => ['José Müller', `bulk-l-1@${kit.domain}`, 'Passw0rd!l1', 'No', 'Test']), 'latin1') });
    expect(latin1).toMatchObject({ status: 'error', message: expect.stringContaining('CSV UTF-8') });
    expect(await counts()).toEqual(before);
  });

  it('keeps initial passwords sealed: none is found in plain text anywhere in the database file or its WAL', async () => {
    who.actor = KIT_OPERATOR;
    const passwords = ['Plain!Canary1', 'Plain!Canary2', 'Plain!Canary3'];
    const text = bulkCsv(kit.domain, 3, 'p', (n) => [`Canary ${n}`, `bulk-p-${n}@${kit.domain}`, passwords[n - 1], n === 3 ? 'Maybe' : 'No', 'Test']);
    const created = await jobsDal.createBulkJob({ keyId: kit.keyId, fileName: 'canary.csv', bytes: Buffer.from(text) });
    expect(created).toMatchObject({ status: 'success', invalid: 1 });
    const stored = Buffer.concat(['portal.db', 'portal.db-wal'].map((f) => (fs.existsSync(path.join(kit.dir, f)) ? fs.readFileSync(path.join(kit.dir, f)) : Buffer.alloc(0))));
    for (const p of passwords) expect(stored.includes(Buffer.from(p)), p).toBe(false);
    // The sealed column holds them for the valid rows only (the invalid row's password is not kept).
    const sealed = await getDb().select({ secret: jobRows.secret, state: jobRows.state }).from(jobRows).where(eq(jobRows.jobId, (created as { id: string }).id));
    expect(sealed.map((r) => [r.state, r.secret !== null])).toEqual([['pending', true], ['pending', true], ['invalid', false]]);
  });
});
