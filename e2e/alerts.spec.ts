import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { contosoApp, seedKeys } from './expiry-seed';
import { expect, query, test } from './fixtures';
import { AlertChannelsPage } from './pages/alert-channels-page';
import { ExpiryDashboardPage } from './pages/expiry-dashboard-page';

// A local receiver stands in for Teams, Slack or any JSON webhook; /fail always answers 500.
const received: { path: string; body: Record<string, unknown> }[] = [];
const receiver = http.createServer((req, res) => {
  let raw = '';
  req.on('data', (c: Buffer) => (raw += c.toString()));
  req.on('end', () => {
    if (req.url === '/fail') return res.writeHead(500).end('receiver down');
    received.push({ path: req.url ?? '', body: JSON.parse(raw) });
    res.writeHead(200).end('ok');
  });
});
let base = '';

test.beforeAll(async () => {
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

test('a webhook channel sends a test, then one alert for a secret 10 days from expiry; a failing channel is logged', async ({ adminPage: page }) => {
  const run = Date.now().toString(36);
  const channels = new AlertChannelsPage(page);
  await channels.goto();
  await channels.addWebhook('Generic JSON webhook', `Hook ${run}`, `${base}/hook-${run}`);
  await expect(page.getByText(`Channel “Hook ${run}” added.`)).toBeVisible();
  await channels.addWebhook('Generic JSON webhook', `Down ${run}`, `${base}/fail`);
  await expect(page.getByText(`Channel “Down ${run}” added.`)).toBeVisible();

  await channels.channel(`Hook ${run}`).getByRole('button', { name: 'Send test' }).click();
  await expect(page.getByText(`Test sent to “Hook ${run}”.`)).toBeVisible();
  expect(received.filter((r) => r.path === `/hook-${run}`).map((r) => r.body.kind)).toEqual(['test']);
  await channels.channel(`Down ${run}`).getByRole('button', { name: 'Send test' }).click();
  await expect(channels.channel(`Down ${run}`).getByRole('alert')).toContainText('HTTP 500');

  const pliant = contosoApp('Pliant Automation');
  const name = `Alerted ${run}`;
  seedKeys([{ name, tenantId: pliant.tenantId, clientId: pliant.app.clientId, secret: pliant.secrets[0].value, expiresAt: pliant.secrets[0].expiresAt }]);
  const dashboard = new ExpiryDashboardPage(page);
  await dashboard.goto();
  await dashboard.checkAllNow();
  await expect.poll(() => received.filter((r) => r.path === `/hook-${run}` && (r.body.authKey as { name?: string })?.name === name).map((r) => r.body.threshold), { timeout: 30_000 }).toEqual(['14']);

  await page.goto('/notifications');
  const rows = page.getByTestId('delivery-row').filter({ hasText: name });
  await expect(rows.filter({ hasText: `Hook ${run}` })).toContainText('sent');
  await expect(rows.filter({ hasText: `Down ${run}` })).toContainText('HTTP 500: receiver down');

  // A second run of every check sends nothing new: one alert per secret per threshold.
  await dashboard.goto();
  await dashboard.checkAllNow();
  await page.waitForTimeout(3_000);
  expect(received.filter((r) => r.path === `/hook-${run}` && (r.body.authKey as { name?: string })?.name === name)).toHaveLength(1);
});

test('deleting a channel asks first, by keyboard alone: Escape and Cancel keep it, Enter on Yes removes it and writes an audit row', async ({ adminPage: page }) => {
  const name = `Doomed ${Date.now().toString(36)}`;
  const channels = new AlertChannelsPage(page);
  await channels.goto();
  await channels.addWebhook('Generic JSON webhook', name, `${base}/doomed`);
  await expect(page.getByText(`Channel “${name}” added.`)).toBeVisible();

  const section = channels.channel(name);
  const trigger = section.getByRole('button', { name: 'Delete', exact: true });
  const question = section.getByRole('alertdialog', { name: `Delete ${name}` });
  await trigger.focus();
  await page.keyboard.press('Enter');
  await expect(question).toContainText(`Delete “${name}” and its delivery log?`);
  await expect(question.getByRole('button', { name: 'Yes, delete' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(question).toBeHidden();
  await expect(trigger).toBeFocused();

  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await expect(question.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(question).toBeHidden();
  await expect(trigger).toBeFocused();
  await page.reload();
  await expect(channels.channel(name)).toBeVisible();

  await channels.channel(name).getByRole('button', { name: 'Delete', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(question.getByRole('button', { name: 'Yes, delete' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(channels.channel(name)).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('heading', { name, exact: true })).toHaveCount(0);
  expect(query<{ detail: string }>("select detail from audit_events where action = 'alert.channel_delete'").map((r) => String(r.detail))).toEqual(expect.arrayContaining([expect.stringContaining(name)]));
});
