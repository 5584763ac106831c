import fs from 'node:fs';
import path from 'node:path';
import { dataDir, expect, query, run, test } from './fixtures';
import { KeysPage } from './pages/keys-page';
import { WizardPage } from './pages/wizard-page';
import { sandboxApp } from './pages/keys-sandbox';
import { recordResponses } from './response-recorder';

/** Every file of the data directory except the sandbox's own (its connection.json lists the secrets by design). */
function portalFiles(dir = dataDir()): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'sandbox' ? [] : portalFiles(full);
    return [full];
  });
}

test('a new administrator goes through the whole wizard to a working least-privilege key, and the secret never comes back', async ({ adminPage: page }) => {
  const { tenant, app, secret } = sandboxApp('Pliant Automation');
  const recorder = await recordResponses(page);

  // A new administrator starts from no key at all, whatever specs ran before in this data directory.
  run('delete from auth_keys');
  const keys = new KeysPage(page);
  await keys.gotoList();
  await expect(page.getByRole('heading', { name: 'No authKeys yet' })).toBeVisible();
  await page.getByRole('link', { name: 'Start the setup wizard' }).click();

  const wizard = new WizardPage(page);
  await expect(wizard.stageHeading()).toContainText('Register the app');
  await expect(page.getByRole('link', { name: /New registration|open it directly/ }).first()).toHaveAttribute('href', /CreateApplicationBlade/);
  // The Azure steps for the Global cloud; the key is pointed at the sandbox in stage 4.
  await page.getByLabel('App name', { exact: true }).fill('Pliant Automation');
  await wizard.next();

  await expect(wizard.stageHeading()).toContainText('Choose what the key will do');
  await wizard.tickOperations(['Create and update users', 'Manage group membership', 'Read secret expiry automatically']);
  await expect(wizard.permissionCount()).toHaveText('3');
  const list = page.getByRole('list', { name: 'Permissions to add' });
  for (const p of ['User.ReadWrite.All', 'GroupMember.ReadWrite.All', 'Application.Read.All']) await expect(list).toContainText(p);
  await expect(list).toContainText('741f803b-c850-494e-b5df-cde7c675a1ca');
  await expect(list).not.toContainText('User.Read.All ');
  // The Azure CLI script follows the choices: role GUIDs and --append.
  await page.getByText('Prefer the Azure CLI?').click();
  await expect(page.getByLabel('Azure CLI script', { exact: true })).toContainText('dbaae8cf-10b5-4b86-a4a1-f871c94c6695=Role');
  await expect(page.getByLabel('Azure CLI script', { exact: true })).toContainText('--append');
  await wizard.next();

  await expect(wizard.stageHeading()).toContainText('Create the credential');
  await expect(page.getByRole('radio', { name: /^Client secret/ })).toBeChecked();
  await expect(page.getByText('The Secret ID beside it is a GUID')).toBeVisible();
  await page.getByLabel('180 days (6 months), recommended').check();
  await wizard.next();

  await expect(wizard.stageHeading()).toContainText('Create the authKey');
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Pliant Automation');
  await expect(page.getByRole('radio', { name: /Enterprise App/ })).toBeChecked();
  await wizard.chooseCloud('Sandbox');
  // Username and Password belong to Delegated keys only: an Enterprise App key does not show them.
  await expect(page.getByLabel('Username', { exact: true })).toHaveCount(0);
  await expect(page.getByLabel('Password', { exact: true })).toHaveCount(0);
  await wizard.fillKey({ tenantId: ` ${tenant.id}\n`, clientId: `"${app.clientId}"`, clientSecret: secret.value });

  // Progress survives a reload, offered rather than imposed; the secret does not, and never reaches storage.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'You have an unfinished authKey' })).toBeVisible();
  await expect(page.getByTestId('draft-summary')).toContainText('“Pliant Automation”, started');
  await expect(page.getByTestId('draft-summary')).toContainText('at stage 4 “Create the authKey”');
  await page.getByRole('button', { name: 'Resume your draft' }).click();
  await expect(wizard.stageHeading()).toContainText('Create the authKey');
  // The stages behind are marked done, for screen readers too.
  await expect(page.getByRole('navigation', { name: 'Wizard stages' }).getByRole('button', { name: /Choose what the key will do.*\(done\)/ })).toBeVisible();
  await expect(page.getByLabel('Tenant ID', { exact: true })).toHaveValue(` ${tenant.id}\n`.replace('\n', ''));
  await expect(page.getByLabel('Client Secret', { exact: true })).toHaveValue('');
  const stored = await page.evaluate(() => JSON.stringify({ ...window.localStorage }));
  expect(stored).toContain(app.clientId);
  expect(stored).not.toContain(secret.value);
  await page.getByLabel('Client Secret', { exact: true }).fill(secret.value);
  await wizard.next();

  const result = await wizard.testConnection();
  await expect(result).toContainText('Connected');
  await expect(result).toContainText('Nothing missing for the chosen operations.');
  for (const p of app.grantedPermissions) await expect(result).toContainText(p);
  await expect(result).toContainText('from Microsoft Graph');
  await wizard.save();

  await page.waitForURL(/\/keys\/[0-9a-f-]{36}\?saved=1/);
  const id = keys.keyIdFromUrl();
  await expect(page.getByText('The authKey was saved.')).toBeVisible();
  await expect(keys.lastTest()).toContainText('Working');
  await expect(keys.lastTest()).toContainText('nothing missing');
  await expect(keys.expirySource()).toContainText('Microsoft Graph');
  await expect(page.getByText('Configured')).toBeVisible();
  await expect(page.getByText(secret.value.slice(0, 3), { exact: true })).toBeVisible();

  const [row] = query<{ expires_at: string; expiry_source: string; value: string }>("select expires_at, expiry_source, value from credentials where auth_key_id = ? and state = 'active'", id);
  expect(row.expiry_source).toBe('graph');
  expect(row.expires_at.slice(0, 10)).toBe(secret.expiresAt.slice(0, 10));
  expect(row.value).not.toContain(secret.value);

  // Test again from the key's page, and look at the list.
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('test-result')).toContainText('Connected', { timeout: 20_000 });
  await keys.gotoList();
  await expect(page.getByRole('link', { name: 'Pliant Automation' })).toBeVisible();
  await page.getByLabel('Search', { exact: true }).fill('no such key');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText('No authKeys match these filters.')).toBeVisible();

  // The canary: not in any response, audit row, or file of the portal's data directory.
  const bodies = await recorder.settled();
  expect(bodies.length).toBeGreaterThan(10);
  for (const { url, body } of bodies) expect(body.includes(secret.value), `response of ${url}`).toBe(false);
  const audit = query('select * from audit_events');
  expect(audit.length).toBeGreaterThan(3);
  expect(JSON.stringify(audit)).not.toContain(secret.value);
  const files = portalFiles();
  expect(files.some((f) => f.endsWith('portal.db'))).toBe(true);
  for (const file of files) expect(fs.readFileSync(file).includes(secret.value), file).toBe(false);
});
