import { expect, query, removeCreatedKeysAfterAll, test } from './fixtures';
import { KeysPage } from './pages/keys-page';
import { sandboxApp } from './pages/keys-sandbox';
import { WizardPage } from './pages/wizard-page';

removeCreatedKeysAfterAll();

const OTHER_GUID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

test('the Secret ID is refused in the form, while typing', async ({ adminPage: page }) => {
  const { tenant, app, secret } = sandboxApp('Pliant Automation');
  const wizard = new WizardPage(page);
  await wizard.goto('key');
  await wizard.chooseCloud('Sandbox');
  await wizard.fillKey({ name: 'Secret ID by mistake', tenantId: tenant.id, clientId: app.clientId, clientSecret: secret.secretId });
  const field = page.getByLabel('Client Secret', { exact: true });
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#clientSecret-error')).toHaveText("This looks like the Secret ID. Paste the secret's Value (step 16).");
  await expect(field).toHaveAttribute('aria-describedby', /clientSecret-error/);
  await wizard.next();
  await expect(wizard.stageHeading()).toContainText('Create the authKey');
});

test('a wrong secret saved with confirmation is explained as Value, not the Secret ID, at step 16', async ({ adminPage: page }) => {
  const { tenant, app } = sandboxApp('Pliant Automation');
  const wizard = new WizardPage(page);
  await wizard.enterKeyAndContinue('Sandbox', { name: 'Wrong secret', tenantId: tenant.id, clientId: app.clientId, clientSecret: 'NotTheRightValue~0123456789abcdefgh' }, ['Read users']);
  await wizard.save();
  // The server tested first and refuses without a confirmation.
  await expect(page.getByTestId('test-result')).toContainText('The client secret is wrong', { timeout: 20_000 });
  expect(query("select count(*) as n from auth_keys where name = 'Wrong secret'")).toEqual([{ n: 0 }]);
  await page.getByRole('checkbox', { name: /Save anyway/ }).check();
  await wizard.save();
  await page.waitForURL(/\/keys\/[0-9a-f-]{36}/);
  const keys = new KeysPage(page);
  await expect(keys.lastTest()).toContainText('Failing');
  await expect(keys.lastTest()).toContainText('Value, not the Secret ID');
  await expect(keys.lastTest()).toContainText('Step 16');
  await expect(keys.lastTest()).toContainText('Trace ID');
});

test('consent pending says admin consent has not been granted, with the consent link', async ({ adminPage: page }) => {
  const { tenant, app, secret } = sandboxApp('Pliant (consent pending)');
  const wizard = new WizardPage(page);
  await wizard.enterKeyAndContinue('Sandbox', { name: 'Consent pending', tenantId: tenant.id, clientId: app.clientId, clientSecret: secret.value }, ['Read users']);
  const result = await wizard.testConnection();
  await expect(result).toContainText('admin consent has not been granted');
  await expect(result).toContainText('Step 11');
  await expect(result.getByRole('link', { name: 'Open the admin consent page' })).toHaveAttribute('href', new RegExp(`/${tenant.id}/adminconsent\\?client_id=${app.clientId}$`));
});

test('an expired secret, a wrong tenant and a wrong client ID each get their own explanation', async ({ adminPage: page }) => {
  const legacy = sandboxApp('Legacy Connector');
  const wizard = new WizardPage(page);
  await wizard.enterKeyAndContinue('Sandbox', { name: 'Legacy', tenantId: legacy.tenant.id, clientId: legacy.app.clientId, clientSecret: legacy.secret.value }, ['Read users']);
  await expect(await wizard.testConnection()).toContainText('The client secret has expired');

  const { tenant, app, secret } = sandboxApp('Pliant Automation');
  await wizard.enterKeyAndContinue('Sandbox', { name: 'Wrong tenant', tenantId: OTHER_GUID, clientId: app.clientId, clientSecret: secret.value }, ['Read users']);
  const wrongTenant = await wizard.testConnection();
  await expect(wrongTenant).toContainText('Tenant not found');
  await expect(wrongTenant).toContainText('Step 18');

  await wizard.enterKeyAndContinue('Sandbox', { name: 'Wrong client', tenantId: tenant.id, clientId: OTHER_GUID, clientSecret: secret.value }, ['Read users']);
  const wrongClient = await wizard.testConnection();
  await expect(wrongClient).toContainText('No such application in this tenant');
  await expect(wrongClient).toContainText('Step 18');
});
