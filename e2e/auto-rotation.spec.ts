import { contosoApp, liveSandboxApp, sandboxAdmin, seedKeyRecords } from './expiry-seed';
import { expect, removeCreatedKeysAfterAll, test } from './fixtures';
import { clearClock, moveClock, rotatorCredentials, rotatorSecretKey, tickUntil, turnOn } from './pages/auto-rotation';
import { KeyDetailPage } from './pages/key-detail-page';

removeCreatedKeysAfterAll();

// Issue 11's second "done when", with the clock injected (see e2e/pages/auto-rotation.ts).
test.afterEach(clearClock);

test('a secret key and a certificate key rotate on their own in their window, keep working through the swap, and lose the old credential after the overlap', async ({ adminPage: page }) => {
  test.setTimeout(300_000);
  const rotator = contosoApp('Pliant Rotator');
  const secretKey = await rotatorSecretKey(`Auto secret ${Date.now().toString(36)}`);
  const [certKey] = seedKeyRecords([{ name: `Auto certificate ${Date.now().toString(36)}`, tenantId: rotator.tenantId, clientId: rotator.app.clientId, secret: '', expiresAt: null, certificateMonths: 3 }]);
  const der = certKey.certificatePem!.replace(/-----[^-]+-----|\s/g, '');
  expect((await sandboxAdmin('POST', `apps/${rotator.app.clientId}/certificates`, { key: der, displayName: 'Auto certificate' })).status).toBe(201);
  const oldCertificates = (await rotatorCredentials()).keyCredentials.map((k) => k.keyId);

  // Off by default, with the permission it needs said plainly.
  const detail = new KeyDetailPage(page);
  await detail.goto(secretKey.id);
  await expect(detail.card('Automatic rotation')).toContainText('Application.ReadWrite.OwnedBy');
  await expect(page.getByTestId('rotation-status')).toHaveCount(0);
  // Bad input is refused beside its field and changes nothing.
  await expect(await detail.testConnection()).toContainText('Connected');
  const form = page.getByRole('form', { name: 'Automatic rotation settings' });
  await form.getByLabel('Overlap (days)').fill('45');
  await form.getByRole('button', { name: 'Save rotation settings' }).click();
  await expect(form.getByText('Keep the overlap shorter than the 30 days before expiry')).toBeVisible();

  await turnOn(page, secretKey.id);
  await turnOn(page, certKey.id);

  // 70 days on, both are inside their 30-day window: the scheduler rotates them.
  moveClock(70);
  await tickUntil(page, [secretKey.id, certKey.id], 'overlap');
  await detail.goto(secretKey.id);
  await expect(page.getByTestId('rotation-status')).toContainText('Rotated: the new secret is active');
  // The key keeps working with the new secret; the old one is still valid in Azure.
  await expect(await detail.testConnection()).toContainText('Connected');
  expect((await liveSandboxApp('Pliant Rotator')).secrets.map((s) => s.secretId)).toContain(secretKey.secretId);
  await detail.goto(certKey.id);
  await expect(await detail.testConnection()).toContainText('Connected');
  expect((await rotatorCredentials()).keyCredentials.map((k) => k.keyId)).toEqual(expect.arrayContaining(oldCertificates));

  // Past the 7-day overlap, the old credentials are removed from Azure.
  moveClock(78);
  await tickUntil(page, [secretKey.id, certKey.id], 'done');
  const after = await rotatorCredentials();
  expect(after.passwordCredentials.map((s) => s.keyId)).not.toContain(secretKey.secretId);
  for (const old of oldCertificates) expect(after.keyCredentials.map((k) => k.keyId)).not.toContain(old);
  await detail.goto(certKey.id);
  await expect(page.getByTestId('rotation-status')).toContainText('the previous certificate was removed from Azure');
  await expect(await detail.testConnection()).toContainText('Connected');
});

test('a tenant policy that blocks new secrets stops the rotation with the policy named and the certificate suggested', async ({ adminPage: page }) => {
  test.setTimeout(180_000);
  const rotator = contosoApp('Pliant Rotator');
  const key = await rotatorSecretKey(`Blocked ${Date.now().toString(36)}`);
  expect((await sandboxAdmin('PUT', `tenants/${rotator.tenantId}/app-management-policy`, { passwordAddition: true })).status).toBe(200);
  try {
    await turnOn(page, key.id);
    moveClock(20);
    await tickUntil(page, [key.id], 'failed');
    const status = page.getByTestId('rotation-status');
    await expect(status).toContainText('The current secret stays active');
    await expect(status).toContainText('An app management policy in this tenant blocks new client secrets on this app');
    await expect(status).toContainText('passwordAddition');
    await expect(status).toContainText('Switch this key to a certificate');
    expect((await liveSandboxApp('Pliant Rotator')).secrets.map((s) => s.secretId)).toContain(key.secretId);
  } finally {
    await sandboxAdmin('DELETE', `tenants/${rotator.tenantId}/app-management-policy`);
  }
});
