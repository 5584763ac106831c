import type { Browser, Page } from '@playwright/test';
import { createAccount, expect, query, removeCreatedKeysAfterAll, signInAs, test, type TestAccount } from './fixtures';
import { KeysPage } from './pages/keys-page';
import { sandboxApp } from './pages/keys-sandbox';
import { WizardPage } from './pages/wizard-page';

removeCreatedKeysAfterAll();

/** Signs `account` in elsewhere and moves its session cookie into `page`: the page now acts as that account. */
async function becomes(browser: Browser, page: Page, account: TestAccount) {
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signInAs(otherPage, account);
  const cookies = await other.cookies();
  await other.close();
  await page.context().clearCookies();
  await page.context().addCookies(cookies);
}

const counts = () => ({
  keys: query('select id, name, tenant_id, client_id, updated_at from auth_keys order by id'),
  credentials: query('select id, state, value from credentials order by id'),
});

for (const role of ['operator', 'auditor'] as const) {
  test(`an ${role} is refused by the server when creating, editing or deleting a key`, async ({ browser, adminPage: page }) => {
    const { tenant, app, secret } = sandboxApp('Pliant Automation');
    const other = await createAccount(role);
    const wizard = new WizardPage(page);
    const keys = new KeysPage(page);

    // A key to edit and delete, made by the administrator (saved untested, with confirmation).
    await wizard.enterKeyAndContinue('Sandbox', { name: `Target for ${role}`, tenantId: tenant.id, clientId: app.clientId, clientSecret: secret.value }, ['Read users']);
    await wizard.save();
    await page.waitForURL(/\/keys\/[0-9a-f-]{36}/);
    const keyId = keys.keyIdFromUrl();
    const before = counts();

    // Create: the admin's wizard, submitted with the other role's session.
    await wizard.enterKeyAndContinue('Sandbox', { name: `Created by ${role}`, tenantId: tenant.id, clientId: app.clientId, clientSecret: secret.value }, ['Read users']);
    await becomes(browser, page, other);
    await wizard.save();
    await expect(page.getByText('Your role does not allow this.')).toBeVisible();
    expect(counts()).toEqual(before);

    // Edit.
    await page.context().clearCookies();
    await signInAs(page, await createAccount('admin'));
    await page.goto(`/keys/${keyId}/edit`);
    await page.getByLabel('Name', { exact: true }).fill(`Renamed by ${role}`);
    await becomes(browser, page, other);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByText('Your role does not allow this.')).toBeVisible();
    expect(counts()).toEqual(before);

    // Delete, with the name typed correctly.
    await page.context().clearCookies();
    await signInAs(page, await createAccount('admin'));
    await keys.gotoKey(keyId);
    await keys.openDelete();
    await page.getByLabel('Type the key’s name to confirm').fill(`Target for ${role}`);
    await becomes(browser, page, other);
    await page.getByRole('button', { name: 'Delete permanently' }).click();
    await expect(page.getByText('Your role does not allow this.')).toBeVisible();
    expect(counts()).toEqual(before);

    // The refusals are audited, and the UI does not offer these actions to the role.
    expect(query("select count(*) as n from audit_events where action = 'access.denied' and actor_id = ?", other.id)[0]).toMatchObject({ n: 3 });
    await keys.gotoKey(keyId);
    await expect(page.getByRole('link', { name: 'Edit' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Delete authKey' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Test connection' })).toHaveCount(role === 'operator' ? 1 : 0);
  });
}
