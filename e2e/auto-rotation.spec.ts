import fs from 'node:fs';
import path from 'node:path';
import { contosoApp, liveSandboxApp, sandboxAdmin, seedKeyRecords } from './expiry-seed';
import { dataDir, expect, removeCreatedKeysAfterAll, test } from './fixtures';
import { ExpiryDashboardPage } from './pages/expiry-dashboard-page';
import { KeyDetailPage } from './pages/key-detail-page';
import type { Page } from '@playwright/test';

removeCreatedKeysAfterAll();

// Issue 11's second "done when", with the clock injected: the portal (started with
// ROTATION_CLOCK_FILE, see playwright.config.ts) decides what is due as if this many days had
// passed, while Azure (the sandbox) keeps the real time.
const DAY = 86_400_000;
const clockFile = () => path.join(dataDir(), 'rotation-clock');
const moveClock = (days: number) => fs.writeFileSync(clockFile(), String(days * DAY));

type AppCredentials = { passwordCredentials: { keyId: string }[]; keyCredentials: { keyId: string }[] };
const rotatorCredentials = async () => (await sandboxAdmin<AppCredentials>('GET', `apps/${contosoApp('Pliant Rotator').app.clientId}`)).body;

/** "Check all now" kicks the scheduler, which tests every key and moves the rotations on. */
async function tickUntil(page: Page, keys: string[], state: string) {
  const dashboard = new ExpiryDashboardPage(page);
  await dashboard.goto();
  await dashboard.checkAllNow();
  const detail = new KeyDetailPage(page);
  for (const id of keys) {
    await expect(async () => {
      await detail.goto(id);
      await expect(page.getByTestId('rotation-status')).toHaveAttribute('data-state', state, { timeout: 1_000 });
    }).toPass({ timeout: 90_000, intervals: [2_000] });
  }
}

async function turnOn(page: Page, id: string, overlapDays = 7) {
  const detail = new KeyDetailPage(page);
  await detail.goto(id);
  // The key's test tells the portal that its token may change its own app.
  await expect(await detail.testConnection()).toContainText('Connected');
  const form = page.getByRole('form', { name: 'Automatic rotation settings' });
  await form.getByLabel(/Rotate this key’s (secret|certificate) automatically/).check();
  await form.getByLabel('Overlap (days)').fill(String(overlapDays));
  await form.getByRole('button', { name: 'Save rotation settings' }).click();
  await expect(form.getByText(`Automatic rotation is on: 30 days before expiry, with ${overlapDays} days of overlap.`)).toBeVisible();
}

/** A secret of the Pliant Rotator app (it owns itself) that ends in 45 days (not due yet by the real clock), and a key holding it. */
async function rotatorSecretKey(name: string) {
  const rotator = contosoApp('Pliant Rotator');
  const { body: secret } = await sandboxAdmin<{ secretId: string; value: string; expiresAt: string }>('POST', `apps/${rotator.app.clientId}/secrets`, { displayName: name, days: 45 });
  const [{ id }] = seedKeyRecords([{ name, tenantId: rotator.tenantId, clientId: rotator.app.clientId, secret: secret.value, expiresAt: secret.expiresAt }]);
  return { id, secretId: secret.secretId };
}

test.afterEach(() => fs.rmSync(clockFile(), { force: true }));

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
