import fs from 'node:fs';
import path from 'node:path';
import { dataDir, expect, query, removeCreatedKeysAfterAll, test } from './fixtures';
import { KeyDetailPage } from './pages/key-detail-page';
import { KeyEditPage } from './pages/key-edit-page';
import { KeysPage } from './pages/keys-page';
import { sandboxApp, sandboxUser } from './pages/keys-sandbox';
import { setDelegatedGrants } from './pages/provisioning-sandbox';
import { WizardPage } from './pages/wizard-page';
import { recordResponses } from './response-recorder';

removeCreatedKeysAfterAll();

test('a Delegated key is set up through the wizard as the weaker choice, with a UPN and a password, and its Test connection shows the token’s scp', async ({ adminPage: page }) => {
  const { tenant, app, secret } = sandboxApp('Pliant Automation');
  const megan = sandboxUser('for Delegated keys');
  const recorder = await recordResponses(page);

  const wizard = new WizardPage(page);
  await wizard.goto('permissions');
  await wizard.tickOperations(['Read users']);
  await page.getByRole('button', { name: /Create the authKey/ }).click();
  await wizard.chooseCloud('Sandbox');
  await wizard.fillKey({ name: 'Megan (delegated)', tenantId: tenant.id, clientId: app.clientId, clientSecret: secret.value });

  // Enterprise App is the default; Delegated is offered, and says that it is the weaker choice.
  await expect(wizard.accessType('Enterprise App')).toBeChecked();
  await expect(page.getByLabel('Username', { exact: true })).toHaveCount(0);
  await expect(wizard.accessType('Delegated (username and password)')).toHaveAccessibleName(/Weaker: no MFA, and Microsoft discourages the password grant/);
  await wizard.accessType('Delegated (username and password)').check();
  await expect(page.locator('#accessType-warning')).toHaveText(/no MFA.*Prefer Enterprise App/);
  await expect(page.getByLabel('Username', { exact: true })).toBeEnabled();
  await expect(page.getByLabel('Password', { exact: true })).toBeEnabled();

  // Username is required as a UPN, Password is required: Next stays on the stage and says why.
  await wizard.next();
  await expect(wizard.stageHeading()).toContainText('Create the authKey');
  await expect(page.locator('#username-error')).toHaveText('Enter the user principal name, such as svc-pliant@contoso.com.');
  await expect(page.locator('#password-error')).toHaveText('Enter the password of that account.');
  await expect(page.getByLabel('Username', { exact: true })).toHaveAttribute('aria-describedby', /username-error/);
  await wizard.fillDelegated('megan.bowen', 'Not-her-password-1!');
  await expect(page.locator('#username-error')).toHaveText('Enter the user principal name, such as svc-pliant@contoso.com.');
  await expect(page.locator('#password-error')).toHaveCount(0);

  // A wrong password: 50126, explained.
  await wizard.fillDelegated(megan.userPrincipalName, 'Not-her-password-1!');
  await expect(page.locator('#username-error')).toHaveCount(0);
  await wizard.next();
  await expect(wizard.stageHeading()).toContainText('Test and save');
  await expect(page.getByText(`Delegated (username and password), as ${megan.userPrincipalName}`)).toBeVisible();
  const wrong = await wizard.testConnection();
  await expect(wrong).toContainText('Wrong username or password');
  await expect(wrong).toContainText('Step 19');
  await expect(wrong).toContainText('AADSTS50126');

  // The right password: a delegated token, whose scp is shown (not application roles).
  await wizard.back();
  await wizard.fillDelegated(megan.userPrincipalName, megan.password);
  await wizard.next();
  const result = await wizard.testConnection();
  await expect(result).toContainText('Delegated permissions (scp)');
  await expect(result).toContainText('User.Read');
  await expect(result).toContainText('User.ReadBasic.All');
  // "Read users" needs User.Read.All, which this app's delegated consent does not include.
  await expect(result).toContainText('Some delegated permissions are missing');
  await expect(result).toContainText('User.Read.All');
  await expect(result).toContainText('Microsoft Graph delegated permissions');

  // Saving a failing key needs the confirmation.
  await page.getByRole('checkbox', { name: /Save anyway/ }).check();
  await wizard.save();
  await page.waitForURL(/\/keys\/[0-9a-f-]{36}\?saved=1/, { timeout: 30_000 });
  const keyId = new KeysPage(page).keyIdFromUrl();
  const detail = new KeyDetailPage(page);
  await expect(detail.value('Details', 'Access Type')).toHaveText('Delegated (username and password)');
  await expect(detail.value('Details', 'Username')).toHaveText(megan.userPrincipalName);
  await expect(detail.value('Details', 'Password')).toHaveText('Configured');
  await expect(detail.lastTest()).toContainText('Delegated permissions (scp)');
  await expect(detail.lastTest()).toContainText('User.ReadBasic.All');

  // Once an administrator consents to User.Read.All for the app's delegated access, the key works
  // and the page says as whom. (Editing keeps the stored password when the field stays blank.)
  await setDelegatedGrants(app.clientId, ['User.Read', 'User.ReadBasic.All', 'User.Read.All']);
  const edit = new KeyEditPage(page);
  await edit.goto(keyId);
  await expect(edit.field('Password')).toHaveValue('');
  await expect(edit.hint('password')).toHaveText('Leave blank to keep the stored password.');
  await edit.field('Description').fill('Megan, delegated, for user reads');
  await edit.save();
  await page.waitForURL(new RegExp(`/keys/${keyId}\\?saved=1`));
  const ok = await detail.testConnection();
  await expect(ok).toContainText('Connected');
  await expect(ok).toContainText(`Signed in to Microsoft Graph as ${megan.userPrincipalName}`);
  await expect(ok).toContainText('Delegated permissions (scp)');
  const scp = ok.getByRole('heading', { name: 'Delegated permissions (scp)' }).locator('xpath=following-sibling::ul[1]');
  for (const scope of ['User.Read', 'User.ReadBasic.All', 'User.Read.All']) await expect(scp.getByText(scope, { exact: true })).toBeVisible();
  await expect(detail.lastTest()).toContainText('Working');

  // The password and the client secret: sealed in the database, never in a response or audit row.
  const [stored] = query<{ value: string }>("select value from credentials where auth_key_id = ? and kind = 'password' and state = 'active'", keyId);
  expect(stored.value).not.toContain(megan.password);
  for (const { url, body } of await recorder.settled()) {
    expect(body.includes(megan.password), `response of ${url}`).toBe(false);
    expect(body.includes(secret.value), `response of ${url}`).toBe(false);
  }
  const audit = JSON.stringify(query('select * from audit_events'));
  expect(audit).not.toContain(megan.password);
  expect(audit).toContain('AADSTS50126');
  for (const file of fs.readdirSync(dataDir()).filter((f) => f.startsWith('portal.db'))) {
    expect(fs.readFileSync(path.join(dataDir(), file)).includes(megan.password), file).toBe(false);
  }
  await setDelegatedGrants(app.clientId, ['User.Read', 'User.ReadBasic.All']);
});
