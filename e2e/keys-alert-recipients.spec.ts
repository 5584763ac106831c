import { createAccount, expect, query, signInAs, test } from './fixtures';
import { contosoApp, seedKeys } from './expiry-seed';

function seedKey(name: string): string {
  const { tenantId, app, secrets } = contosoApp('Pliant Automation');
  const [id] = seedKeys([{ name, tenantId, clientId: app.clientId, secret: secrets[0].value, expiresAt: secrets[0].expiresAt }]);
  return id;
}

test("an administrator sets a key's alert recipients; a wrong address is refused beside the field and changes nothing", async ({ adminPage: page }) => {
  const keyId = seedKey(`Recipients ${Date.now()}`);
  await page.goto(`/keys/${keyId}`);
  const field = page.getByLabel('Alert recipients');

  await field.fill('owner@contoso.example, not-an-address');
  await page.getByRole('button', { name: 'Save recipients' }).click();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#recipients-error')).toContainText('e-mail');
  expect(query('select extra_recipients from auth_keys where id = ?', keyId)).toEqual([{ extra_recipients: '' }]);

  await field.fill('Owner@Contoso.example; ops@contoso.example');
  await page.getByRole('button', { name: 'Save recipients' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Alert recipients saved.' })).toBeVisible();
  expect(query('select extra_recipients from auth_keys where id = ?', keyId)).toEqual([{ extra_recipients: 'owner@contoso.example, ops@contoso.example' }]);
  expect(query("select detail from audit_events where action = 'key.update' and auth_key_id = ?", keyId)).toEqual([{ detail: JSON.stringify({ changed: ['alertRecipients'], recipients: 2 }) }]);

  await page.reload();
  await expect(page.getByLabel('Alert recipients')).toHaveValue('owner@contoso.example, ops@contoso.example');
});

test('operators see the recipients but cannot change them', async ({ page }) => {
  const keyId = seedKey(`Recipients read-only ${Date.now()}`);
  const operator = await createAccount('operator');
  await signInAs(page, operator);
  await page.goto(`/keys/${keyId}`);
  await expect(page.getByText('No extra recipients.')).toBeVisible();
  await expect(page.getByLabel('Alert recipients')).toHaveCount(0);
});
