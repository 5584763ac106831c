import { contosoApp, seedKeys } from './expiry-seed';
import { expect, test } from './fixtures';
import { ExpiryDashboardPage } from './pages/expiry-dashboard-page';

// Other specs may add keys to the same portal: this one compares with what was there before.
test('the dashboard bands the sandbox seed’s secrets, soonest first, with counts and one timeline mark each', async ({ adminPage: page }) => {
  const dashboard = new ExpiryDashboardPage(page);
  await dashboard.goto();
  const before = await dashboard.counts();
  const marksBefore = await dashboard.timelineMarks().count();

  const pliant = contosoApp('Pliant Automation');
  const legacy = contosoApp('Legacy Connector');
  const [tenDay, hundredEighty] = pliant.secrets;
  const run = Date.now().toString(36);
  const names = { ten: `Pliant 10-day ${run}`, expired: `Legacy Connector ${run}`, long: `Pliant 180-day ${run}` };
  const [, , longId] = seedKeys([
    { name: names.ten, tenantId: pliant.tenantId, clientId: pliant.app.clientId, secret: tenDay.value, expiresAt: tenDay.expiresAt },
    { name: names.expired, tenantId: legacy.tenantId, clientId: legacy.app.clientId, secret: legacy.secrets[0].value, expiresAt: legacy.secrets[0].expiresAt },
    { name: names.long, tenantId: pliant.tenantId, clientId: pliant.app.clientId, secret: hundredEighty.value, expiresAt: hundredEighty.expiresAt },
  ]);

  await dashboard.goto(`?tenant=${pliant.tenantId}`);
  await expect(dashboard.row(names.ten).getByText('Warning', { exact: true })).toBeVisible();
  await expect(dashboard.row(names.ten).getByTestId('days-left')).toHaveText('10 days left');
  await expect(dashboard.row(names.expired).getByText('Expired', { exact: true })).toBeVisible();
  await expect(dashboard.row(names.expired).getByTestId('days-left')).toHaveText('expired 5 days ago');
  await expect(dashboard.row(names.long).getByText('Healthy', { exact: true })).toBeVisible();

  // Soonest first: the expired secret, then 10 days, then 180 days.
  const order = await dashboard.rows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key-name')));
  const mine = order.filter((n) => Object.values(names).includes(n ?? ''));
  expect(mine).toEqual([names.expired, names.ten, names.long]);

  // Problems are called out: never tested, and the 10-day key's app has a newer secret once checked.
  await expect(dashboard.row(names.ten).getByText('Never tested')).toBeVisible();

  await dashboard.goto();
  const after = await dashboard.counts();
  expect(after).toEqual({ ...before, expired: before.expired + 1, warning: before.warning + 1, healthy: before.healthy + 1 });
  await expect(dashboard.timelineMarks()).toHaveCount(marksBefore + 3);
  await expect(page.getByTestId('expiry-timeline').locator(`[data-band="expired"]`)).toHaveCount(after.expired);
  await expect(page.locator('#timeline-caption')).toContainText('Already expired');

  // Filters: only the expired band.
  await dashboard.goto('?band=expired');
  await expect(dashboard.row(names.expired)).toBeVisible();
  await expect(dashboard.row(names.ten)).toHaveCount(0);

  // The CSV export carries the same rows (hints only, never values).
  const csv = await (await page.request.get(`/api/expiry/export?tenant=${pliant.tenantId}`)).text();
  expect(csv.split('\r\n')[0]).toContain('authkey,authkey_id,tenant_id');
  expect(csv).toContain(`${names.ten},`);
  expect(csv).not.toContain(tenDay.value);

  // One count of days left on every page: dashboard, key page, list and export agree (rounded up:
  // the sandbox's "+180 days" secret, a few minutes old, has 180 days left everywhere).
  const expected = `${Math.ceil((Date.parse(hundredEighty.expiresAt) - Date.now()) / 86_400_000)} days left`;
  expect(expected).toBe('180 days left');
  await dashboard.goto(`?tenant=${pliant.tenantId}`);
  await expect(dashboard.row(names.long).getByTestId('days-left')).toHaveText(expected);
  await page.goto(`/keys/${longId}`);
  await expect(page.getByTestId('days-left')).toHaveText(`(${expected})`);
  await page.goto(`/keys?q=${encodeURIComponent(names.long)}`);
  await expect(page.getByTestId('days-left')).toHaveText(`(${expected})`);
  const line = csv.split('\r\n').find((l) => l.startsWith(`${names.long},`))!;
  expect(line.split(',')[csv.split('\r\n')[0].split(',').indexOf('days_left')]).toBe('180');
});
