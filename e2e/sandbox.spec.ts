import fs from 'node:fs';
import path from 'node:path';
import { createAccount, dataDir, expect, query, signInAs, test } from './fixtures';

type Connection = {
  authorityHost: string;
  graphEndpoint: string;
  caCertPath: string;
  tenants: { id: string; displayName: string; apps: { displayName: string; clientId: string; secrets: { value: string; secretId: string }[] }[] }[];
};

function connection(): Connection {
  return JSON.parse(fs.readFileSync(path.join(dataDir(), 'sandbox', 'connection.json'), 'utf8'));
}

test('npm start wrote connection.json, and the Sandbox page shows the same values', async ({ adminPage: page }) => {
  const conn = connection();
  expect(conn.authorityHost).toMatch(/^https:\/\/localhost:\d+$/);
  expect(fs.existsSync(conn.caCertPath)).toBe(true);
  const contoso = conn.tenants.find((t) => t.displayName === 'Contoso Sandbox')!;
  const pliant = contoso.apps.find((a) => a.displayName === 'Pliant Automation')!;

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sandbox tenant' }).click();
  await expect(page.getByRole('heading', { name: 'Sandbox tenant', level: 1 })).toBeVisible();
  await expect(page.getByText(conn.authorityHost, { exact: true }).first()).toBeVisible();
  const app = page.getByRole('region', { name: 'Pliant Automation' });
  await expect(app.getByText(contoso.id, { exact: true })).toBeVisible();
  await expect(app.getByText(pliant.clientId, { exact: true })).toBeVisible();
  await expect(app.getByText(pliant.secrets[0].value, { exact: true })).toBeVisible();
  await expect(app.getByText(pliant.secrets[0].secretId, { exact: true })).toBeVisible();
  await expect(app.getByRole('button', { name: 'Copy Client ID' })).toBeVisible();
});

test('operators see the sandbox without its secret values', async ({ page }) => {
  const operator = await createAccount('operator');
  await signInAs(page, operator);
  await page.goto('/sandbox');
  const pliant = connection().tenants[0].apps.find((a) => a.displayName === 'Pliant Automation')!;
  await expect(page.getByRole('region', { name: 'Pliant Automation' }).getByText(pliant.clientId, { exact: true })).toBeVisible();
  expect(await page.content()).not.toContain(pliant.secrets[0].value);
  await expect(page.getByRole('button', { name: 'Reset…' })).toHaveCount(0);
});

test('an administrator resets the sandbox after confirming, and the reset is audited', async ({ adminPage: page, admin }) => {
  await page.goto('/sandbox');
  await page.getByRole('button', { name: 'Reset…' }).click();
  await page.getByRole('button', { name: 'Reset the sandbox' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'reset to its seed' })).toBeVisible();
  expect(query("select outcome from audit_events where action = 'sandbox.reset' and actor_id = ?", admin.id)).toEqual([{ outcome: 'success' }]);
});
