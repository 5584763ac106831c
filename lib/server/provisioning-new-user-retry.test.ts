import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

// No session here: every call runs as the kit's operator.
vi.mock('@/lib/auth/session', () => ({ ForbiddenError: class extends Error {}, requireRole: async () => ({ id: 'operator-1', email: 'operator@example.test', role: 'operator' }) }));

const { startKit, KIT_OPERATOR } = await import('@/test/bulk-test-kit');
const { createUserWithExtras } = await import('@/lib/server/provisioning-users');
const jobsDal = await import('@/lib/server/bulk-jobs');
const { runJob } = await import('@/lib/jobs/bulk-runner');
const { graphForKey } = await import('@/lib/graph/client');
const { listGroups } = await import('@/lib/graph/groups');
const { listSkus } = await import('@/lib/graph/licenses');
const { createUserSchema } = await import('@/lib/validation/provisioning');

// Short waits keep the test quick; production waits 0.5 s, 1 s and 2 s.
const DELAYS = [60, 120, 240] as const;
const notFound = (pathPattern: string, times?: number) => ({ method: 'POST', pathPattern, status: 404, code: 'Request_ResourceNotFound', message: "Resource does not exist or one of its queried reference-property objects are not present.", ...(times ? { times } : {}) });
const MEMBER_ADD = '/members/\\$ref$';
const ASSIGN_LICENSE = '/assignLicense$';

let kit: Awaited<ReturnType<typeof startKit>>;
let group: { id: string; name: string };
let sku: { id: string; name: string };

beforeAll(async () => {
  kit = await startKit();
  const client = await graphForKey(kit.keyId, { actor: KIT_OPERATOR });
  const groups = await listGroups(client);
  const skus = await listSkus(client);
  if (!groups.ok || !skus.ok) throw new Error('The sandbox did not list its groups and licenses.');
  const g = groups.data.find((x) => x.displayName === 'Pliant Licensed Users')!;
  const s = skus.data.find((x) => x.skuPartNumber === 'ENTERPRISEPACK')!;
  group = { id: g.id, name: g.displayName! };
  sku = { id: s.skuId, name: s.skuPartNumber };
});

beforeEach(async () => {
  await kit.admin('DELETE', 'faults');
});

afterAll(async () => {
  await kit?.close();
});

type Logged = Awaited<ReturnType<typeof kit.requests>>[number];
const calls = (log: Logged[], pattern: string) => log.filter((e) => e.method === 'POST' && new RegExp(pattern).test(e.path));

/** The follow-up was sent `expected.length` times with these statuses, each retry after its wait (by the sandbox's clock). */
function expectRetried(log: Logged[], pattern: string, expected: number[]) {
  const tries = calls(log, pattern);
  expect(tries.map((e) => e.status)).toEqual(expected);
  for (let i = 1; i < tries.length; i++) expect(tries[i].time - tries[i - 1].time).toBeGreaterThanOrEqual(DELAYS[i - 1]);
}

function singleInput(userName: string) {
  return createUserSchema.parse({
    keyId: kit.keyId,
    userName,
    domain: kit.domain,
    displayName: `Retry ${userName}`,
    passwordMode: 'generate',
    accountEnabled: true,
    forceChangePassword: true,
    usageLocation: 'US',
    groupIds: [group.id],
    skuId: sku.id,
  });
}

function bulkFile(upn: string): string {
  return [
    'version:v1.0',
    'Name [displayName] Required,User name [userPrincipalName] Required,Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] Required,Usage location [usageLocation],Groups [groups],License [license]',
    `Bulk retry,${upn},Passw0rd!retry,No,US,${group.name},${sku.name}`,
  ].join('\n');
}

async function runBulk(upn: string) {
  const created = await jobsDal.createBulkJob({ keyId: kit.keyId, fileName: 'retry.csv', bytes: Buffer.from(bulkFile(upn)) });
  if (!('id' in created)) throw new Error(`upload failed: ${created.message}`);
  await jobsDal.startJob(created.id);
  expect(await runJob(created.id, { writeLimit: { count: 3000, windowSeconds: 15 }, retryDelaysMs: DELAYS })).toBe('completed');
  const { rows } = await jobsDal.listJobRows(created.id);
  return rows[0];
}

describe('group and license right after creating a user, while Graph cannot find the new user yet', () => {
  it('single create: two 404s, then the group and license go through, without a second create', async () => {
    await kit.admin('POST', 'faults', { forced: [notFound(MEMBER_ADD, 2), notFound(ASSIGN_LICENSE, 2)] });
    const since = Date.now();
    const r = await createUserWithExtras(singleInput('retry.single'), { groups: true, licenses: true }, { retryDelaysMs: DELAYS });
    expect(r.status === 'success' ? r.data.warnings : r.message).toEqual([]);
    const log = await kit.requests(since);
    expectRetried(log, MEMBER_ADD, [404, 404, 204]);
    expectRetried(log, ASSIGN_LICENSE, [404, 404, 200]);
    expect(calls(log, '^/v1\\.0/users$').map((e) => e.status)).toEqual([201]);
    const user = await kit.userByUpn(`retry.single@${kit.domain}`);
    expect(user.groups).toContain(group.name);
    expect(user.assignedLicenses.map((l: { skuId: string }) => l.skuId)).toEqual([sku.id]);
  });

  it('single create: still 404 after every try, the user stays created once and the result warns', async () => {
    await kit.admin('POST', 'faults', { forced: [notFound(MEMBER_ADD), notFound(ASSIGN_LICENSE)] });
    const since = Date.now();
    const r = await createUserWithExtras(singleInput('retry.never'), { groups: true, licenses: true }, { retryDelaysMs: DELAYS });
    if (r.status !== 'success') throw new Error(r.message);
    expect(r.data.warnings).toHaveLength(2);
    expect(r.data.warnings[0]).toMatch(/^Adding to group .* failed\./);
    expect(r.data.warnings[1]).toMatch(/^Assigning the license failed\./);
    const log = await kit.requests(since);
    expectRetried(log, MEMBER_ADD, [404, 404, 404, 404]);
    expectRetried(log, ASSIGN_LICENSE, [404, 404, 404, 404]);
    expect(calls(log, '^/v1\\.0/users$').map((e) => e.status)).toEqual([201]);
    expect((await kit.userByUpn(`retry.never@${kit.domain}`))?.groups).not.toContain(group.name);
  });

  it('bulk row: two 404s on its group and license, then both go through and the row is created without a warning', async () => {
    await kit.admin('POST', 'faults', { forced: [notFound(MEMBER_ADD, 2), notFound(ASSIGN_LICENSE, 2)] });
    const since = Date.now();
    const upn = `bulk-retry-ok@${kit.domain}`;
    const row = await runBulk(upn);
    expect(row).toMatchObject({ state: 'created', errorCode: null, errorMessage: null });
    const log = await kit.requests(since);
    expectRetried(log, MEMBER_ADD, [404, 404, 204]);
    expectRetried(log, ASSIGN_LICENSE, [404, 404, 200]);
    expect(calls(log, '^/v1\\.0/users$').map((e) => e.status)).toEqual([201]);
    const user = await kit.userByUpn(upn);
    expect(user.id).toBe(row.userId);
    expect(user.groups).toContain(group.name);
    expect(user.assignedLicenses).toHaveLength(1);
  });

  it('bulk row: still 404 after every try, the row is created once with a warning naming both', async () => {
    await kit.admin('POST', 'faults', { forced: [notFound(MEMBER_ADD), notFound(ASSIGN_LICENSE)] });
    const since = Date.now();
    const row = await runBulk(`bulk-retry-never@${kit.domain}`);
    expect(row).toMatchObject({ state: 'warning', errorCode: 'partial' });
    expect(row.errorMessage).toMatch(new RegExp(`^Created, but: Adding group “${group.name}” failed: .* Adding license ${sku.name} failed: `));
    const log = await kit.requests(since);
    expectRetried(log, MEMBER_ADD, [404, 404, 404, 404]);
    expectRetried(log, ASSIGN_LICENSE, [404, 404, 404, 404]);
    expect(calls(log, '^/v1\\.0/users$').map((e) => e.status)).toEqual([201]);
  });
});
