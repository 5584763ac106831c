import { createAccount, expect, query, run, signInAs, test } from './fixtures';
import { AuditPage } from './pages/audit-page';

test('auditors filter, page, expand and export the audit log; failed sign-ins and refusals are in it', async ({ page }) => {
  const auditor = await createAccount('auditor');
  const keyId = `key-${Date.now()}`;
  // Rows as the features write them, including a denial and a failed sign-in.
  for (let i = 0; i < 55; i++) {
    run("insert into audit_events (action, outcome, actor_email, auth_key_id, detail) values ('key.test', ?, 'ops@example.test', ?, ?)", i % 5 ? 'success' : 'failure', keyId, JSON.stringify({ n: i }));
  }
  run("insert into audit_events (action, outcome, actor_email, detail) values ('auth.sign_in_failed', 'failure', 'mallory@example.test', '{\"failures\":1}')");
  await signInAs(page, auditor);

  const audit = new AuditPage(page);
  await audit.goto();
  await audit.filter({ authKeyId: keyId, action: 'key.test' });
  await expect(page.getByRole('heading', { name: '55 rows' })).toBeVisible();
  await expect(audit.rows()).toHaveCount(50);
  await page.getByRole('link', { name: 'Older' }).click();
  await expect(audit.rows()).toHaveCount(5);
  await expect(page).toHaveURL(/page=2/);

  await audit.filter({ outcome: 'failure' });
  await expect(page.getByRole('heading', { name: '11 rows' })).toBeVisible();
  // A row expands to its detail.
  const first = audit.rows().first();
  await first.getByText('key.test').click();
  await expect(first.getByText('"n": 50')).toBeVisible();

  await audit.goto('?action=auth.sign_in_failed&actor=mallory');
  await expect(audit.rows()).toHaveCount(1);

  // The export carries the same filters and is refused to an operator.
  await audit.goto(`?authKeyId=${keyId}&outcome=failure`);
  const href = await audit.exportLink().getAttribute('href');
  const csv = await page.request.get(href!);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  expect(csv.headers()['cache-control']).toContain('no-store');
  const lines = (await csv.text()).trim().split('\r\n');
  expect(lines).toHaveLength(12);
  expect(lines[0]).toBe('id,at,actor,action,outcome,target_type,target_id,authkey_id,request_id,detail');

  const operator = await createAccount('operator');
  await page.context().clearCookies();
  await signInAs(page, operator);
  const refused = await page.request.get('/audit/export');
  expect(refused.status()).toBe(403);
  expect((await page.goto('/audit'))?.status()).toBe(403);
  expect(query("select count(*) as n from audit_events where action = 'access.denied' and actor_id = ?", operator.id)).toEqual([{ n: 2 }]);
});

test('an administrator sets the retention: only older rows are trimmed, and the trim is audited', async ({ adminPage: page, admin }) => {
  const old = new Date(Date.now() - 800 * 86_400_000).toISOString();
  const recent = new Date(Date.now() - 100 * 86_400_000).toISOString();
  run("insert into audit_events (at, action, outcome, actor_email) values (?, 'key.test', 'success', 'retention-old@example.test')", old);
  run("insert into audit_events (at, action, outcome, actor_email) values (?, 'key.test', 'success', 'retention-recent@example.test')", recent);
  const audit = new AuditPage(page);
  await audit.goto();
  await audit.setRetention('2 years');
  await expect(page.getByRole('status').filter({ hasText: 'kept for 730 days' })).toBeVisible();
  expect(query("select actor_email from audit_events where actor_email like 'retention-%'")).toEqual([{ actor_email: 'retention-recent@example.test' }]);
  const trim = query<{ actor_id: string; detail: string }>("select actor_id, detail from audit_events where action = 'audit.trim' order by id desc limit 1")[0];
  expect(trim.actor_id).toBe(admin.id);
  expect(JSON.parse(trim.detail)).toMatchObject({ days: 730 });
  expect(JSON.parse(trim.detail).deleted).toBeGreaterThanOrEqual(1);
  // Back to keeping everything, so the other specs' rows stay.
  await audit.setRetention('Keep forever');
  await expect(page.getByRole('status').filter({ hasText: 'kept forever' })).toBeVisible();
});
