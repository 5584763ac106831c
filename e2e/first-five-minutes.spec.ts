import { expect, query, removeCreatedKeysAfterAll, run, test } from './fixtures';
import { sandboxApp } from './pages/keys-sandbox';
import { RotatePage } from './pages/rotate-page';
import { WizardPage } from './pages/wizard-page';
import { recordResponses } from './response-recorder';

removeCreatedKeysAfterAll();

// The README's "First five minutes", as a new administrator walks it: nothing typed but choices.
test('first five minutes: the get-started panel, a sandbox key filled from the picker, tested and saved, then rotated with a secret made on the Sandbox page', async ({ adminPage: page }) => {
  test.setTimeout(120_000);
  const { tenant, app, secret } = sandboxApp('Pliant Automation');
  const recorder = await recordResponses(page);
  run('delete from auth_keys');

  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Welcome to authKey Portal', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Set up your first authKey' })).toContainText('An authKey is the Tenant ID, Client ID and Client Secret');
  // No empty counters or chart before there is anything to count.
  await expect(page.getByTestId('expiry-timeline')).toHaveCount(0);
  await page.getByRole('link', { name: 'Try it against the sandbox tenant' }).click();

  const wizard = new WizardPage(page);
  await expect(wizard.stageHeading()).toContainText('Register the app');
  await expect(page.getByLabel('Cloud', { exact: true })).toHaveValue('sandbox');
  await expect(page.getByText('Steps 1–4 in the sandbox tenant')).toBeVisible();
  // No Azure portal in the sandbox: its own equivalent instead.
  await expect(page.getByRole('link', { name: /open App registrations/ })).toHaveCount(0);
  await expect(page.getByLabel('Sandbox app', { exact: true })).toHaveValue(`${tenant.id}|${app.clientId}`);
  await page.getByRole('button', { name: 'Fill from a sandbox app' }).click();
  await expect(page.getByTestId('sandbox-filled')).toContainText(`Filled from Pliant Automation in Contoso Sandbox: its Tenant ID, Client ID and the secret starting with “${secret.hint}”`);
  await wizard.next();

  await wizard.tickOperations(['Create and update users', 'Read secret expiry automatically']);
  await expect(page.getByTestId('sandbox-coverage')).toHaveText('That covers every chosen operation.');
  await wizard.next();
  await expect(page.getByText('Steps 12–14 in the sandbox tenant')).toBeVisible();
  await expect(page.getByText(`the one starting with “${secret.hint}”, which expires on ${secret.expiresAt.slice(0, 10)}`)).toBeVisible();
  await wizard.next();

  await expect(page.getByLabel('Tenant ID', { exact: true })).toHaveValue(tenant.id);
  await expect(page.getByLabel('Client ID', { exact: true })).toHaveValue(app.clientId);
  await expect(page.getByTestId('sandbox-secret')).toContainText(`the secret starting with “${secret.hint}”`);
  await expect(page.getByLabel('Client Secret', { exact: true })).toHaveCount(0);
  await wizard.next();

  const result = await wizard.testConnection();
  await expect(result).toContainText('Connected');
  await wizard.save();
  await page.waitForURL(/\/keys\/[0-9a-f-]{36}\?saved=1/);
  const keyId = new URL(page.url()).pathname.split('/')[2];
  // The sandbox's secret was looked up by the server: no page or answer carried its value.
  for (const { url, body } of await recorder.settled()) expect(body.includes(secret.value), `response of ${url}`).toBe(false);
  // The test that passed in the wizard is the key's first test: one sign-in, one measured time.
  const tests = query<{ latency_ms: number }>('select latency_ms from key_tests where auth_key_id = ?', keyId);
  expect(tests).toHaveLength(1);
  await expect(page.getByTestId('last-test')).toContainText(`${tests[0].latency_ms} ms`);

  // The dashboard now shows it, with its days left.
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Secret expiry', level: 1 })).toBeVisible();
  await expect(page.locator('[data-testid="expiry-row"][data-key-name="Pliant Automation"]')).toBeVisible();

  // Rotation: a new secret made on the Sandbox page, pasted into the rotation.
  await page.goto('/sandbox');
  await expect(page.getByText('Sandbox-only values')).toBeVisible();
  const automation = page.getByRole('region', { name: 'Pliant Automation', exact: true });
  await automation.getByRole('button', { name: 'New client secret for Pliant Automation' }).click();
  const form = page.getByRole('form', { name: 'New client secret for Pliant Automation' });
  await form.getByLabel('Description').fill('First five minutes');
  await form.getByLabel('Expires after (days)').fill('365');
  await form.getByRole('button', { name: 'Add' }).click();
  const created = page.getByTestId('new-sandbox-secret');
  await expect(created).toBeVisible();
  const newValue = (await created.locator('code').first().textContent())!.trim();
  expect(newValue).toMatch(/^.{3}8Q~/);
  expect(query("select action from audit_events where action = 'sandbox.new_secret'")).toHaveLength(1);

  const rotate = new RotatePage(page);
  await rotate.goto(keyId);
  await expect(page.getByTestId('sandbox-rotation-steps')).toContainText('Sandbox tenant page');
  await rotate.pasteAndSwap(newValue);
  await expect(page.getByText('The new secret is active and the key tests green')).toBeVisible({ timeout: 30_000 });
  await page.reload();
  await expect(rotate.currentSecret()).toContainText(`${newValue.slice(0, 3)}…`);
  await expect(rotate.previousSecret()).toContainText(`${secret.hint}…`);
});

test('an abandoned draft is offered, not imposed: Start over begins with empty fields', async ({ adminPage: page }) => {
  const wizard = new WizardPage(page);
  await wizard.goto();
  await page.getByLabel('App name', { exact: true }).fill('Half-done key');
  await wizard.next();
  await wizard.tickOperations(['Read users']);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'You have an unfinished authKey' })).toBeVisible();
  await expect(page.getByTestId('draft-summary')).toContainText('at stage 2 “Choose what the key will do”');
  await page.getByRole('button', { name: 'Start over' }).click();
  await expect(page.getByRole('heading', { name: 'You have an unfinished authKey' })).toHaveCount(0);
  await expect(wizard.stageHeading()).toContainText('Register the app');
  await wizard.next();
  await expect(page.getByRole('checkbox', { name: /Read users/ })).not.toBeChecked();
  await page.reload();
  // Starting over discarded the old draft; the new one has no name yet.
  await expect(page.getByTestId('draft-summary')).not.toContainText('Half-done key');
});
