import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { contosoApp, sandboxAdmin, seedKeyRecords } from '../expiry-seed';
import { dataDir } from '../fixtures';
import { ExpiryDashboardPage } from './expiry-dashboard-page';
import { KeyDetailPage } from './key-detail-page';

// Automatic rotation as an administrator drives it, with the portal's rotation clock injected:
// the portal (started with ROTATION_CLOCK_FILE, see playwright.config.ts) decides what is due as
// if this many days had passed, while Azure (the sandbox) keeps the real time.
const DAY = 86_400_000;
const clockFile = () => path.join(dataDir(), 'rotation-clock');
export const moveClock = (days: number) => fs.writeFileSync(clockFile(), String(days * DAY));
export const clearClock = () => fs.rmSync(clockFile(), { force: true });

type AppCredentials = { passwordCredentials: { keyId: string }[]; keyCredentials: { keyId: string }[] };
export const rotatorCredentials = async () => (await sandboxAdmin<AppCredentials>('GET', `apps/${contosoApp('Pliant Rotator').app.clientId}`)).body;

/** "Check all now" kicks the scheduler, which tests every key and moves the rotations on. */
export async function tickUntil(page: Page, keys: string[], state: string) {
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

/** Tests the key (its token tells the portal it may change its own app) and turns rotation on. */
export async function turnOn(page: Page, id: string, overlapDays = 7) {
  const detail = new KeyDetailPage(page);
  await detail.goto(id);
  await expect(await detail.testConnection()).toContainText('Connected');
  const form = page.getByRole('form', { name: 'Automatic rotation settings' });
  await form.getByLabel(/Rotate this key’s (secret|certificate) automatically/).check();
  await form.getByLabel('Overlap (days)').fill(String(overlapDays));
  await form.getByRole('button', { name: 'Save rotation settings' }).click();
  await expect(form.getByText(`Automatic rotation is on: 30 days before expiry, with ${overlapDays} days of overlap.`)).toBeVisible();
}

/** A secret of the Pliant Rotator app (it owns itself) that ends in 45 days (not due yet by the real clock), and a key holding it. */
export async function rotatorSecretKey(name: string) {
  const rotator = contosoApp('Pliant Rotator');
  const { body: secret } = await sandboxAdmin<{ secretId: string; value: string; expiresAt: string }>('POST', `apps/${rotator.app.clientId}/secrets`, { displayName: name, days: 45 });
  const [{ id }] = seedKeyRecords([{ name, tenantId: rotator.tenantId, clientId: rotator.app.clientId, secret: secret.value, expiresAt: secret.expiresAt }]);
  return { id, secretId: secret.secretId };
}
