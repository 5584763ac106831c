import { createAccount, expect, signInAs, test } from './fixtures';
import { sandboxApp } from './pages/keys-sandbox';
import { ProvisioningPage } from './pages/provisioning-page';
import { sandboxAdmin, sandboxUser, setGrants } from './pages/provisioning-sandbox';
import { WizardPage } from './pages/wizard-page';

const KEY = 'Provisioning e2e key';

/** Saves a Sandbox key for Pliant Automation through the wizard (it is tested on save). */
async function createKey(page: import('@playwright/test').Page, name = KEY) {
  const { tenant, app, secret } = sandboxApp('Pliant Automation');
  const wizard = new WizardPage(page);
  await wizard.enterKeyAndContinue('Sandbox', { name, tenantId: tenant.id, clientId: app.clientId, clientSecret: secret.value }, ['Create and update users']);
  await wizard.save();
  await page.waitForURL(/\/keys\/[0-9a-f-]+/);
  return { tenant, app };
}

test('an operator creates a user with a group and a license, then manages and deletes it, each step read back from the tenant', async ({ adminPage: page }) => {
  test.setTimeout(120_000);
  const { tenant } = await createKey(page);
  const operator = await createAccount('operator');
  await page.context().clearCookies();
  await signInAs(page, operator);
  const prov = new ProvisioningPage(page);
  await prov.chooseKey(KEY);

  // Create, with a group and a license.
  const upn = `e2e.alex@${tenant.domains[0]}`;
  await page.getByRole('link', { name: 'New user' }).click();
  await page.getByLabel('User name', { exact: true }).fill('e2e.alex');
  await page.getByLabel('Domain').selectOption(tenant.domains[0]);
  await page.getByLabel('Display name').fill('Alex E2E');
  await page.getByLabel('First name').fill('Alex');
  // The long pickers are searchable: a country by part of its name, groups by part of theirs.
  await prov.pick('Usage location', 'united st', 'United States');
  const [groupName] = await prov.optionsFor('Add to groups', '');
  await page.getByRole('combobox', { name: 'Add to groups' }).press('Enter');
  await expect(page.getByRole('list', { name: 'Chosen: Add to groups' })).toContainText(groupName);
  await page.getByRole('combobox', { name: 'Add to groups' }).press('Escape');
  const licenseLabel = (await page.getByLabel('License', { exact: true }).locator('option').allTextContents()).find((t) => t.startsWith('ENTERPRISEPACK'))!;
  await page.getByLabel('License', { exact: true }).selectOption({ label: licenseLabel });
  await page.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByText(`Created ${upn}.`)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('secret-once')).toHaveText(/.{16}/);
  let user = await sandboxUser(upn);
  expect(user?.groups).toContain(groupName);
  expect(user?.assignedLicenses).toHaveLength(1);
  expect(user?.usageLocation).toBe('US');

  // Find it in the table.
  await page.getByRole('link', { name: 'Back to users' }).click();
  await prov.openUser(upn);

  // Disable, then enable.
  await page.getByRole('button', { name: 'Block sign-in' }).click();
  await expect(page.getByText('Sign-in is blocked.', { exact: true })).toBeVisible();
  expect((await sandboxUser(upn))?.accountEnabled).toBe(false);
  await page.getByRole('button', { name: 'Allow sign-in' }).click();
  await expect(page.getByText('Sign-in is allowed again.')).toBeVisible();
  expect((await sandboxUser(upn))?.accountEnabled).toBe(true);

  // Reset the password: a new one is shown once, and the tenant records the change.
  const before = (await sandboxUser(upn))!.lastPasswordChangeDateTime;
  await page.getByRole('button', { name: 'Reset password' }).click();
  await expect(page.getByTestId('secret-once')).toHaveText(/.{16}/);
  expect((await sandboxUser(upn))!.lastPasswordChangeDateTime > before).toBe(true);

  // Remove the license, then the group.
  await page.getByRole('button', { name: /Remove license ENTERPRISEPACK/ }).click();
  await expect(page.getByText('The license was removed.')).toBeVisible();
  expect((await sandboxUser(upn))?.assignedLicenses).toHaveLength(0);
  await page.getByRole('button', { name: `Remove from ${groupName}` }).click();
  await expect(page.getByText('Removed from the group.')).toBeVisible();
  expect((await sandboxUser(upn))?.groups).not.toContain(groupName);

  // Delete, with the UPN typed to confirm (a wrong one is refused first).
  await page.getByRole('button', { name: 'Delete user…' }).click();
  await page.getByLabel('User principal name').fill('someone.else@example.com');
  await page.getByRole('button', { name: 'Delete permanently' }).click();
  await expect(page.getByText('This is not the user’s user principal name.')).toBeVisible();
  expect(await sandboxUser(upn)).not.toBeNull();
  await page.getByLabel('User principal name').fill(upn);
  await page.getByRole('button', { name: 'Delete permanently' }).click();
  await expect(page.getByText(`${upn} was deleted.`)).toBeVisible();
  user = await sandboxUser(upn);
  expect(user).toBeNull();
});

test('a key without LicenseAssignment.ReadWrite.All gets a disabled license form naming it; a 403 from Graph names it too', async ({ adminPage: page }) => {
  test.setTimeout(120_000);
  const { app } = sandboxApp('Pliant Automation');
  const name = `${KEY} (permissions)`;
  await createKey(page, name);
  const prov = new ProvisioningPage(page);
  const seeded = 'megan.bowen@' + sandboxApp('Pliant Automation').tenant.domains[0];
  try {
    await setGrants(app.clientId, ['User.ReadWrite.All', 'GroupMember.ReadWrite.All', 'Application.Read.All']);
    await prov.testKey(name);
    await prov.chooseKey(name);
    await prov.openUser(seeded);
    const licenses = prov.card('Licenses');
    await expect(licenses.getByText(/needs the Microsoft Graph application permission LicenseAssignment\.ReadWrite\.All/)).toBeVisible();
    await expect(licenses.getByRole('button', { name: 'Assign license' })).toBeDisabled();

    await setGrants(app.clientId, app.grantedPermissions);
    await prov.testKey(name);
    await sandboxAdmin('POST', 'faults', { forced: [{ method: 'POST', pathPattern: 'assignLicense', status: 403, code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' }] });
    await prov.chooseKey(name);
    await prov.openUser(seeded);
    await expect(prov.card('Licenses').getByRole('button', { name: 'Assign license' })).toBeEnabled();
    await expect(prov.card('Licenses').getByRole('alert')).toHaveCount(0);
    await expect(prov.card('Licenses').getByLabel('License', { exact: true }).locator('option')).not.toHaveCount(0);
    await prov.card('Licenses').getByRole('button', { name: 'Assign license' }).click();
    await expect(prov.card('Licenses').getByRole('alert')).toContainText('LicenseAssignment.ReadWrite.All');
    await expect(prov.card('Licenses').getByRole('alert')).toContainText('request-id');
  } finally {
    await sandboxAdmin('DELETE', 'faults');
    await setGrants(app.clientId, app.grantedPermissions);
  }
});

test('auditors cannot open provisioning, nor call its routes', async ({ page }) => {
  const auditor = await createAccount('auditor');
  await signInAs(page, auditor);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Provisioning' })).toHaveCount(0);
  const res = await page.goto('/provisioning');
  expect(res?.status()).toBe(403);
  expect((await page.request.get('/api/provisioning/template')).status()).toBe(403);
});
