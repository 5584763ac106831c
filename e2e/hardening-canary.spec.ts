import { expect, query, run, test } from './fixtures';
import { expectNowhere, masterKey, openSealed, runScript } from './canary';
import { KeysPage } from './pages/keys-page';
import { sandboxApp } from './pages/keys-sandbox';
import { WizardPage } from './pages/wizard-page';
import { recordResponses } from './response-recorder';

// Acceptance 3 (the canary: also base64 and hex, the log file and a backup) and 5 (master key
// rotation while the portal runs: the key still tests green, the old master key opens nothing).

test('a secret saved through the wizard never leaks, and survives a master key rotation', async ({ adminPage: page }) => {
  test.setTimeout(120_000);
  const { tenant, app, secret } = sandboxApp('Pliant Automation');
  const recorder = await recordResponses(page);

  const wizard = new WizardPage(page);
  await wizard.enterKeyAndContinue('Sandbox', { name: `Canary ${Date.now()}`, tenantId: tenant.id, clientId: app.clientId, clientSecret: secret.value }, ['Create and update users']);
  await expect(await wizard.testConnection()).toContainText('Connected');
  await wizard.save();
  await page.waitForURL(/\/keys\/[0-9a-f-]{36}\?saved=1/);
  const keyId = new KeysPage(page).keyIdFromUrl();

  expectNowhere([secret.value], await recorder.settled());

  // Rotate the master key under the running portal.
  const oldKey = masterKey();
  expect(runScript('keys:rotate-master')).toMatch(/Re-encrypted \d+ value/);
  const newKey = masterKey();
  expect(newKey.equals(oldKey)).toBe(false);
  const sealed = query<{ id: string; value: string }>('select id, value from credentials where value is not null');
  expect(sealed.length).toBeGreaterThan(0);
  for (const row of sealed) {
    const binding = { table: 'credentials', row: row.id, column: 'value' };
    expect(() => openSealed(row.value, binding, oldKey), `credential ${row.id} with the old key`).toThrow();
    expect(() => openSealed(row.value, binding, newKey)).not.toThrow();
  }
  const ours = query<{ id: string; value: string }>("select id, value from credentials where auth_key_id = ? and state = 'active'", keyId)[0];
  expect(openSealed(ours.value, { table: 'credentials', row: ours.id, column: 'value' }, newKey)).toBe(secret.value);

  // The key still tests green: the portal picked up the new key without a restart.
  await page.goto(`/keys/${keyId}`);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('test-result')).toContainText('Connected', { timeout: 20_000 });
  expect(query("select count(*) as n from audit_events where action = 'crypto.rotate_master_key'")[0]).toEqual({ n: 1 });
  // Leave no key behind: later specs start from an empty key list.
  run('delete from auth_keys where id = ?', keyId);
});
