import { contosoApp, liveSandboxApp, seedKeys, setRotationWindow } from './expiry-seed';
import { expect, test } from './fixtures';
import { ExpiryDashboardPage } from './pages/expiry-dashboard-page';
import { RotatePage } from './pages/rotate-page';

test.beforeEach(() => setRotationWindow(2));

test('a wrong new secret keeps the old one; a right one swaps and tests green; rollback restores the previous', async ({ adminPage: page }) => {
  const pliant = contosoApp('Pliant Automation');
  const [soon, later] = pliant.secrets;
  const [keyId] = seedKeys([{ name: `Rotation ${Date.now().toString(36)}`, tenantId: pliant.tenantId, clientId: pliant.app.clientId, secret: soon.value, expiresAt: soon.expiresAt }]);
  const rotate = new RotatePage(page);
  await rotate.goto(keyId);
  await expect(rotate.currentSecret()).toContainText(`${soon.hint}…`);

  await rotate.pasteAndSwap('Wr0~ng-secret-value-for-this-app-123456');
  await expect(page.getByRole('alert').filter({ hasText: 'The new secret did not work, so the current one stays active' })).toContainText('The client secret is wrong');
  await expect(rotate.currentSecret()).toContainText(`${soon.hint}…`);

  await rotate.pasteAndSwap(later.value, later.expiresAt.slice(0, 10));
  await expect(page.getByText('The new secret is active and the key tests green')).toBeVisible({ timeout: 30_000 });
  await page.reload();
  await expect(rotate.currentSecret()).toContainText(`${later.hint}…`);
  await expect(rotate.lastTest()).toContainText('Last test passed');
  await expect(rotate.previousSecret()).toContainText(`${soon.hint}…`);
  await expect(page.getByTestId('credential-history-row')).toHaveCount(2);

  await rotate.rollBack();
  await expect(page.getByText('The previous secret is active again. The key tests green.')).toBeVisible({ timeout: 30_000 });
  await expect(rotate.currentSecret()).toContainText(`${soon.hint}…`);
  await expect(rotate.lastTest()).toContainText('Last test passed');
  await expect(page.getByTestId('credential-history-row').first()).toHaveAttribute('data-state', /active|retired/);
});

test('addPassword rotates the app that owns itself, and removePassword deletes the old secret', async ({ adminPage: page }) => {
  const rotator = contosoApp('Pliant Rotator');
  const old = rotator.secrets.at(-1)!;
  const [keyId] = seedKeys([{ name: `Rotator ${Date.now().toString(36)}`, tenantId: rotator.tenantId, clientId: rotator.app.clientId, secret: old.value, expiresAt: old.expiresAt }]);

  // "Check all now" tests every key, which tells the portal this one may manage its own app.
  const dashboard = new ExpiryDashboardPage(page);
  await dashboard.goto();
  await dashboard.checkAllNow();
  await expect(page.getByText('Checking every authKey now')).toBeVisible();
  const rotate = new RotatePage(page);
  await expect(async () => {
    await rotate.goto(keyId);
    await expect(rotate.lastTest()).toContainText('Last test passed', { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });

  await rotate.addPassword();
  await expect(page.getByText('The new secret is active and the key tests green')).toBeVisible({ timeout: 30_000 });
  await page.reload();
  await expect(rotate.currentSecret()).toContainText('read from Microsoft Graph');
  await expect(rotate.previousSecret()).toContainText(old.secretId);
  const withNew = await liveSandboxApp('Pliant Rotator');
  expect(withNew.secrets.map((s) => s.secretId)).toContain(old.secretId);
  expect(withNew.secrets).toHaveLength(rotator.secrets.length + 1);

  await rotate.removeOldSecret();
  await expect(page.getByText('The old secret was deleted in Azure')).toBeVisible();
  const after = await liveSandboxApp('Pliant Rotator');
  expect(after.secrets.map((s) => s.secretId)).not.toContain(old.secretId);
  expect(after.secrets).toHaveLength(rotator.secrets.length);
});

test('a new secret that expires sooner than the current one is swapped only after a confirmation, and the delete step names both end dates', async ({ adminPage: page }) => {
  const pliant = contosoApp('Pliant Automation');
  const [soon, later] = pliant.secrets;
  const [keyId] = seedKeys([{ name: `Shorter ${Date.now().toString(36)}`, tenantId: pliant.tenantId, clientId: pliant.app.clientId, secret: later.value, expiresAt: later.expiresAt }]);
  const rotate = new RotatePage(page);
  await rotate.goto(keyId);
  await rotate.pasteAndSwap(soon.value, soon.expiresAt.slice(0, 10));
  const days = Math.trunc((Date.parse(later.expiresAt) - Date.parse(soon.expiresAt)) / 86_400_000);
  const question = page.getByRole('alertdialog', { name: `The new secret expires ${days} days sooner` });
  await expect(question).toContainText(`It expires on ${soon.expiresAt.slice(0, 10)}; the current one on ${later.expiresAt.slice(0, 10)}`, { timeout: 30_000 });
  // Nothing was swapped yet, and no success was claimed.
  await expect(page.getByText('The new secret is active')).toHaveCount(0);
  await page.reload();
  await expect(rotate.currentSecret()).toContainText(`${later.hint}…`);

  await rotate.pasteAndSwap(soon.value, soon.expiresAt.slice(0, 10));
  await question.getByRole('button', { name: 'Use the shorter-lived secret anyway' }).click();
  await expect(page.getByText('The new secret is active and the key tests green')).toBeVisible({ timeout: 30_000 });
  await page.reload();
  await expect(rotate.currentSecret()).toContainText(`${soon.hint}…`);

  // Deleting the old secret names both dates and says that the old one lives longer; cancelled here.
  await page.getByRole('button', { name: 'Delete the old secret in Azure' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Delete the old secret in Azure' });
  await expect(confirm).toContainText(`expires ${later.expiresAt.slice(0, 10)}`);
  await expect(confirm).toContainText(`expires ${soon.expiresAt.slice(0, 10)}`);
  await expect(confirm).toContainText('The previous secret lives longer than the current one.');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
});
