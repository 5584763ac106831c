import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dataDir, expect, query, removeCreatedKeysAfterAll, run, test } from './fixtures';
import { actionBody, manifestActions } from './hardening-build';
import { KeyDetailPage } from './pages/key-detail-page';
import { KeyEditPage } from './pages/key-edit-page';
import { KeyListPage } from './pages/key-list-page';
import { KeysPage } from './pages/keys-page';
import { sandboxApp } from './pages/keys-sandbox';
import { WizardPage } from './pages/wizard-page';
import { recordResponses } from './response-recorder';

removeCreatedKeysAfterAll();

type Credential = { id: string; state: string; value: string | null; hint: string | null; expires_at: string | null; expiry_source: string | null };

const credentialsOf = (keyId: string) => query<Credential>("select id, state, value, hint, expires_at, expiry_source from credentials where auth_key_id = ? and kind = 'secret' order by created_at, id", keyId);

/** A working Pliant Automation key, saved through the wizard with its longest-lived secret. */
async function createWorkingKey(page: import('@playwright/test').Page, name: string): Promise<string> {
  const { tenant, app, secret } = sandboxApp('Pliant Automation');
  const wizard = new WizardPage(page);
  await wizard.enterKeyAndContinue('Sandbox', { name, tenantId: tenant.id, clientId: app.clientId, clientSecret: secret.value }, ['Create and update users', 'Read secret expiry automatically']);
  await wizard.save();
  await page.waitForURL(/\/keys\/[0-9a-f-]{36}\?saved=1/, { timeout: 30_000 });
  return new KeysPage(page).keyIdFromUrl();
}

test('the stored secret is write-only (configured, hint, expiry, source), and Replace secret swaps in a new value and erases the old one', async ({ adminPage: page }) => {
  const { app, secret } = sandboxApp('Pliant Automation');
  const other = app.secrets.find((s) => s.secretId !== secret.secretId && Date.parse(s.expiresAt) > Date.now());
  if (!other) throw new Error('Pliant Automation needs a second valid secret');
  expect(other.hint).not.toBe(secret.hint);
  const recorder = await recordResponses(page);

  const keyId = await createWorkingKey(page, 'Replace me');
  const detail = new KeyDetailPage(page);
  await expect(detail.value('Client Secret', 'Status')).toHaveText('Configured');
  await expect(detail.value('Client Secret', 'Starts with')).toHaveText(secret.hint);
  await expect(detail.value('Client Secret', 'Expires')).toContainText(new Date(secret.expiresAt).toLocaleDateString('en-GB', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }));
  await expect(detail.value('Client Secret', 'Expiry source')).toContainText('Microsoft Graph');
  // Write-only: no field, text or attribute of the page carries the value.
  expect(await page.content()).not.toContain(secret.value);
  const [old] = credentialsOf(keyId);
  expect(old).toMatchObject({ state: 'active', hint: secret.hint, expiry_source: 'graph' });
  expect(old.value).not.toBeNull();
  expect(old.value).not.toContain(secret.value);

  // A Secret ID is refused while typing, before anything is sent.
  const card = detail.card('Client Secret');
  await card.getByRole('button', { name: 'Replace secret' }).click();
  await card.getByLabel('Client Secret', { exact: true }).fill(other.secretId);
  await card.getByLabel('Client Secret', { exact: true }).blur();
  await expect(card.locator('#clientSecret-error')).toHaveText("This looks like the Secret ID. Paste the secret's Value (step 16).");
  await card.getByRole('button', { name: 'Cancel' }).click();

  await detail.replaceSecret(other.value);
  await expect(card.getByText('The secret was replaced and tested.')).toBeVisible({ timeout: 20_000 });
  await expect(card.getByTestId('test-result')).toContainText('Connected');
  await page.reload();
  await expect(detail.value('Client Secret', 'Starts with')).toHaveText(other.hint);
  await expect(detail.value('Client Secret', 'Expires')).toContainText(new Date(other.expiresAt).toLocaleDateString('en-GB', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }));
  await expect(detail.value('Client Secret', 'Expiry source')).toContainText('Microsoft Graph');
  await expect(detail.lastTest()).toContainText('Working');

  // In the database: one active secret (the new one); the old row kept for history, its value erased.
  const rows = credentialsOf(keyId);
  expect(rows.filter((r) => r.state === 'active')).toHaveLength(1);
  const active = rows.find((r) => r.state === 'active')!;
  expect(active.id).not.toBe(old.id);
  expect(active.hint).toBe(other.hint);
  expect(rows.find((r) => r.id === old.id)).toMatchObject({ state: 'retired', value: null });
  const everyValue = JSON.stringify(query('select value from credentials'));
  expect(everyValue).not.toContain(old.value!);
  expect(query("select count(*) as n from audit_events where action = 'key.replace_secret' and auth_key_id = ?", keyId)).toEqual([{ n: 1 }]);

  // Neither value in any response, audit row or file of the portal's data directory.
  for (const { body } of await recorder.settled()) {
    expect(body.includes(secret.value)).toBe(false);
    expect(body.includes(other.value)).toBe(false);
  }
  expect(JSON.stringify(query('select * from audit_events'))).not.toContain(other.value);
  for (const file of fs.readdirSync(dataDir()).filter((f) => f.startsWith('portal.db'))) {
    const bytes = fs.readFileSync(path.join(dataDir(), file));
    expect(bytes.includes(other.value), file).toBe(false);
    expect(bytes.includes(secret.value), file).toBe(false);
  }
});

test('editing with a blank Client Secret keeps the stored one; a changed description is saved and audited', async ({ adminPage: page }) => {
  const { secret } = sandboxApp('Pliant Automation');
  const keyId = await createWorkingKey(page, 'Edit me');
  const [before] = credentialsOf(keyId);

  const edit = new KeyEditPage(page);
  await edit.goto(keyId);
  await expect(edit.field('Client Secret')).toHaveValue('');
  await expect(edit.hint('clientSecret')).toHaveText(`Leave blank to keep the stored secret (starts with “${secret.hint}”).`);
  await expect(edit.field('Name')).toHaveValue('Edit me');
  await edit.field('Description').fill('Pliant Automation, production tenant');
  await edit.save();

  await page.waitForURL(new RegExp(`/keys/${keyId}\\?saved=1`));
  const detail = new KeyDetailPage(page);
  await expect(page.getByText('The authKey was saved.')).toBeVisible();
  await expect(detail.description()).toHaveText('Pliant Automation, production tenant');
  await expect(detail.value('Client Secret', 'Starts with')).toHaveText(secret.hint);

  // The same credential row, value untouched.
  const after = credentialsOf(keyId);
  expect(after).toEqual([before]);
  expect(query<{ description: string }>('select description from auth_keys where id = ?', keyId)).toEqual([{ description: 'Pliant Automation, production tenant' }]);
  const audit = query<{ outcome: string; detail: string; actor_email: string }>("select outcome, detail, actor_email from audit_events where action = 'key.update' and auth_key_id = ?", keyId);
  expect(audit).toHaveLength(1);
  expect(audit[0].outcome).toBe('success');
  expect(JSON.parse(audit[0].detail)).toMatchObject({ changed: ['description'], newCredential: false });
  expect(audit[0].detail).not.toContain(secret.value);

  // The kept secret still signs in.
  await expect(await detail.testConnection()).toContainText('Connected');
});

test('a saved key cannot be re-pointed at another host or tenant without its secret typed again, and the change is audited', async ({ adminPage: page }) => {
  const { secret } = sandboxApp('Pliant Automation');
  const keyId = await createWorkingKey(page, 'Re-point me');
  const keyBefore = query('select cloud, authority_host, graph_endpoint, tenant_id from auth_keys where id = ?', keyId);
  const updates = () => query("select detail from audit_events where action = 'key.update' and auth_key_id = ?", keyId).length;

  const edit = new KeyEditPage(page);
  await edit.goto(keyId);
  await edit.field('Cloud').selectOption({ label: 'Custom' });
  await edit.field('Authority host').fill('https://login.attacker.example');
  await edit.field('Graph endpoint').fill('https://graph.attacker.example');
  await expect(edit.hint('clientSecret')).toContainText('enter the Client Secret again');
  await edit.save();
  await expect(page.locator('#clientSecret-error')).toContainText('a stored secret is never sent to a changed cloud, authority host, Graph endpoint or tenant');

  // The server refuses it too, whatever the browser checked: the same save, sent straight to the action.
  const key = query<{ name: string; client_id: string; tenant_id: string }>('select name, client_id, tenant_id from auth_keys where id = ?', keyId)[0];
  const action = manifestActions().find((a) => a.exportedName === 'updateKeyAction')!;
  const response = await page.request.post(`/keys/${keyId}/edit`, {
    headers: { 'Next-Action': action.id, Origin: new URL(page.url()).origin, Accept: 'text/x-component' },
    multipart: actionBody({ keyId, name: key.name, accessType: 'app', cloud: 'custom', authorityHost: 'https://login.attacker.example', graphEndpoint: 'https://graph.attacker.example', tenantId: key.tenant_id, clientId: key.client_id, clientSecret: '', operations: 'users.write' }),
    maxRedirects: 0,
  });
  expect(await response.text()).toContain('a stored secret is never sent to a changed cloud');
  expect(query('select cloud, authority_host, graph_endpoint, tenant_id from auth_keys where id = ?', keyId)).toEqual(keyBefore);
  expect(updates()).toBe(0);

  // With the secret typed again, the change goes through, audited as a re-pointing.
  await edit.field('Cloud').selectOption({ label: 'Sandbox' });
  await edit.field('Tenant ID').fill('contoso-sandbox.onmicrosoft.com');
  await edit.field('Client Secret').fill(secret.value);
  await edit.save();
  await page.waitForURL(new RegExp(`/keys/${keyId}\\?saved=1`));
  const [audit] = query<{ detail: string }>("select detail from audit_events where action = 'key.update' and auth_key_id = ?", keyId);
  expect(JSON.parse(audit.detail)).toMatchObject({ repointed: ['tenantId'], newCredential: true });
  expect(audit.detail).not.toContain(secret.value);
});

// Keys for the list's filters and sorting, written beside the running server like fixtures'
// accounts: four clouds, three tenants, every status and every expiry band.
const TENANT = (n: number) => `${String(n).repeat(8)}-0000-4000-8000-000000000000`;
const DAY = 86_400_000;

function seedKey(name: string, o: { cloud: string; tenant: string; outcome?: 'success' | 'failure'; testedAgoMs?: number; expiresInDays?: number }) {
  const id = randomUUID();
  const tested = o.outcome ? new Date(Date.now() - (o.testedAgoMs ?? 0)).toISOString() : null;
  run(
    'insert into auth_keys (id, name, cloud, tenant_id, client_id, last_tested_at, last_test_outcome, last_test_roles) values (?, ?, ?, ?, ?, ?, ?, ?)',
    id, name, o.cloud, o.tenant, randomUUID(), tested, o.outcome ?? null, o.outcome ? '[]' : null,
  );
  if (o.expiresInDays !== undefined) {
    run(
      "insert into credentials (id, auth_key_id, kind, state, value, hint, expires_at, expiry_source) values (?, ?, 'secret', 'active', null, 'xyz', ?, 'typed')",
      randomUUID(), id, new Date(Date.now() + o.expiresInDays * DAY).toISOString(),
    );
  }
  return id;
}

test('the list filters by cloud, tenant, status and expiry, and sorts by each sortable column both ways', async ({ adminPage: page }) => {
  const p = `Flt${randomUUID().slice(0, 6)}`;
  const [alpha, bravo, charlie, delta] = ['Alpha', 'Bravo', 'Charlie', 'Delta'].map((n) => `${p} ${n}`);
  seedKey(alpha, { cloud: 'global', tenant: TENANT(1), outcome: 'success', testedAgoMs: 2 * DAY, expiresInDays: 200 });
  seedKey(bravo, { cloud: 'sandbox', tenant: TENANT(2), outcome: 'failure', testedAgoMs: 3_600_000, expiresInDays: 10 });
  seedKey(charlie, { cloud: 'china', tenant: TENANT(1), expiresInDays: -5 });
  seedKey(delta, { cloud: 'usgov', tenant: TENANT(3) });

  const list = new KeyListPage(page);
  await list.goto();
  // The search only scopes the test to its own keys; every other filter is combined with it.
  await list.filter({ search: p });
  expect(await list.names()).toEqual([alpha, bravo, charlie, delta]);

  await list.filter({ cloud: 'Global' });
  expect(await list.names()).toEqual([alpha]);
  await expect(list.select('Cloud')).toHaveValue('global');
  await list.filter({ cloud: 'China (21Vianet)' });
  expect(await list.names()).toEqual([charlie]);
  await list.filter({ cloud: 'US Government (DoD)' });
  expect(await list.names()).toEqual([]);
  await expect(list.noMatch()).toBeVisible();
  await list.filter({ cloud: 'All clouds' });

  await list.filter({ tenant: TENANT(1) });
  expect(await list.names()).toEqual([alpha, charlie]);
  await list.filter({ tenant: 'All tenants' });

  await list.filter({ status: 'Working' });
  expect(await list.names()).toEqual([alpha]);
  await list.filter({ status: 'Failing' });
  expect(await list.names()).toEqual([bravo]);
  await expect(list.row(bravo)).toContainText('Failing');
  await list.filter({ status: 'Not tested' });
  expect(await list.names()).toEqual([charlie, delta]);
  await expect(list.select('Status')).toHaveValue('untested');
  await list.filter({ status: 'Any status' });

  await list.filter({ expiry: 'Expired' });
  expect(await list.names()).toEqual([charlie]);
  await expect(list.row(charlie)).toContainText('expired');
  await list.filter({ expiry: 'Within 30 days' });
  expect(await list.names()).toEqual([bravo]);
  await list.filter({ expiry: 'Later' });
  expect(await list.names()).toEqual([alpha]);
  await list.filter({ expiry: 'Unknown' });
  expect(await list.names()).toEqual([delta]);

  // Filters combine.
  await list.filter({ expiry: 'Any expiry', status: 'Not tested', tenant: TENANT(3) });
  expect(await list.names()).toEqual([delta]);
  await list.filter({ status: 'Any status', tenant: 'All tenants' });
  expect(await list.names()).toEqual([alpha, bravo, charlie, delta]);

  // Sorting: the first click sorts ascending, the second descending; aria-sort says which.
  await expect(list.columnHeader('Name')).toHaveAttribute('aria-sort', 'ascending');
  await list.sortBy('Name');
  await expect(list.columnHeader('Name')).toHaveAttribute('aria-sort', 'descending');
  expect(await list.names()).toEqual([delta, charlie, bravo, alpha]);

  await list.sortBy('Secret expires');
  await expect(list.columnHeader('Secret expires')).toHaveAttribute('aria-sort', 'ascending');
  await expect(list.columnHeader('Name')).toHaveAttribute('aria-sort', 'none');
  expect(await list.names()).toEqual([charlie, bravo, alpha, delta]); // unknown expiry last
  await list.sortBy('Secret expires');
  expect(await list.names()).toEqual([delta, alpha, bravo, charlie]);

  await list.sortBy('Last tested');
  expect(await list.names()).toEqual([charlie, delta, alpha, bravo]); // never tested first, by name
  await list.sortBy('Last tested');
  expect(await list.names()).toEqual([bravo, alpha, delta, charlie]);

  await list.sortBy('Tenant');
  expect(await list.names()).toEqual([alpha, charlie, bravo, delta]);

  // Sorting keeps the filters, and applying filters keeps the sort.
  await list.filter({ tenant: TENANT(1) });
  expect(await list.names()).toEqual([alpha, charlie]);
  await list.sortBy('Tenant');
  expect(page.url()).toContain(`tenant=${TENANT(1)}`);
  expect(await list.names()).toEqual([charlie, alpha]);
  await list.filter({ status: 'Working' });
  expect(new URL(page.url()).searchParams.get('sort')).toBe('tenant');
  expect(new URL(page.url()).searchParams.get('dir')).toBe('desc');
  expect(await list.names()).toEqual([alpha]);
});
