import { expect, query, removeCreatedKeysAfterAll, test } from './fixtures';
import { expectNowhere, masterKey, openSealed } from './canary';
import { KeysPage } from './pages/keys-page';
import { sandboxApp } from './pages/keys-sandbox';
import { WizardPage } from './pages/wizard-page';
import { recordResponses } from './response-recorder';

removeCreatedKeysAfterAll();

// Issue 11's first "done when": a certificate key made in the wizard against the sandbox tenant
// passes Test connection, is on the dashboard with its expiry, and its private key is nowhere.
test('a certificate key from the wizard signs in, shows its expiry on the dashboard, and its private key never leaves the server', async ({ adminPage: page }) => {
  test.setTimeout(120_000);
  // The sandbox picker's default app, Pliant Automation: it may read its own registration.
  sandboxApp('Pliant Automation');
  const recorder = await recordResponses(page);
  const name = `Certificate key ${Date.now()}`;
  const wizard = new WizardPage(page);
  await wizard.goto();
  await wizard.chooseCloud('Sandbox');
  await page.getByRole('button', { name: 'Fill from a sandbox app' }).click();
  await wizard.next();
  await wizard.tickOperations(['Create and update users', 'Read secret expiry automatically']);
  await wizard.next();

  await expect(wizard.stageHeading()).toContainText('Create the credential');
  await expect(page.getByText('Pliant’s authKey form takes a client secret')).toBeVisible();
  // Nothing generated yet: Next says what is missing, next to the choice.
  await page.getByRole('radio', { name: /^Certificate \(recommended\)/ }).check();
  await wizard.next();
  await expect(page.getByText('Generate or import the certificate first (stage 3).')).toBeVisible();
  // A bad import is refused next to its field, and nothing is prepared.
  await page.getByRole('radio', { name: 'Import PEM (certificate and key)' }).check();
  await page.getByLabel('Certificate (PEM)').fill('-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----');
  await page.getByLabel('Private key (PEM, unencrypted)').fill('-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----');
  await page.getByRole('button', { name: 'Import certificate' }).click();
  await expect(page.getByText('This is not a readable certificate.')).toBeVisible();
  await expect(page.getByLabel('Certificate (PEM)')).toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('radio', { name: 'Generate a new one here' }).check();

  const thumbprint = await wizard.generateCertificate();
  expect(thumbprint).toMatch(/^[0-9A-F]{40}$/);
  await expect(page.getByRole('link', { name: 'Download .cer' })).toHaveAttribute('href', /^data:application\/pkix-cert;base64,MII/);
  await page.getByRole('button', { name: 'Upload to the sandbox app' }).click();
  await expect(page.getByText('Uploaded to the sandbox app')).toBeVisible();
  await wizard.next();

  await expect(wizard.stageHeading()).toContainText('Create the authKey');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await expect(page.getByTestId('certificate-summary')).toContainText(thumbprint);
  await expect(page.getByLabel('Client Secret', { exact: true })).toHaveCount(0);
  await wizard.next();

  const result = await wizard.testConnection();
  await expect(result).toContainText('Connected');
  await wizard.save();
  await page.waitForURL(/\/keys\/[0-9a-f-]{36}\?saved=1/);
  const keyId = new KeysPage(page).keyIdFromUrl();
  await expect(page.getByRole('heading', { name: 'Certificate', exact: true })).toBeVisible();
  await expect(page.getByTestId('certificate-thumbprint')).toHaveText(thumbprint);
  await expect(page.getByTestId('expiry-source')).toContainText('Microsoft Graph');

  const [cred] = query<{ id: string; kind: string; value: string; hint: string; expires_at: string }>("select id, kind, value, hint, expires_at from credentials where auth_key_id = ? and state = 'active'", keyId);
  expect(cred).toMatchObject({ kind: 'certificate', hint: thumbprint });
  expect(query('select count(*) as n from pending_certificates where created_by = (select created_by from auth_keys where id = ?)', keyId)[0]).toEqual({ n: 0 });

  // The dashboard lists it as a certificate, with its days left.
  await page.goto('/');
  const row = page.locator(`[data-testid="expiry-row"][data-key-name="${name}"]`);
  await expect(row).toContainText(`Certificate ${thumbprint.slice(0, 8)}`);
  await expect(row).toContainText(cred.expires_at.slice(0, 10));

  // The private key, opened with the master key: in no response, audit row, log, database file or backup.
  const privateKey = openSealed(cred.value, { table: 'credentials', row: cred.id, column: 'value' }, masterKey());
  expect(privateKey).toContain('-----BEGIN PRIVATE KEY-----');
  const body = privateKey.replace(/-----[^-]+-----|\s/g, '');
  // The whole key, its base64 body, and a line of it: a leak in any shape is caught.
  expectNowhere([privateKey, body, body.slice(64, 128)], await recorder.settled());
});
