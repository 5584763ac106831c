import { randomUUID } from 'node:crypto';
import { liveSandboxApp } from './expiry-seed';
import { expectNowhere } from './canary';
import { DEFAULT_PASSWORD, expect, query, removeCreatedKeysAfterAll, run, test } from './fixtures';
import { clearClock, moveClock, rotatorSecretKey, tickUntil, turnOn } from './pages/auto-rotation';
import { KeyDetailPage } from './pages/key-detail-page';
import { recordResponses } from './response-recorder';
import type { Page } from '@playwright/test';

removeCreatedKeysAfterAll();
test.afterEach(clearClock);

// Issue 18's "done when": a key whose secret Pliant holds rotates, but the previous secret stays
// in Azure after the overlap until the administrator revealed the new one (password again) and
// confirmed Pliant has it; its alert repeats until then; a token-broker-only key finishes alone.

async function addConsumer(page: Page, keyId: string, kind: 'Pliant authKey' | 'Token broker only', name = '') {
  await new KeyDetailPage(page).goto(keyId);
  const form = page.getByRole('form', { name: 'Add a consumer' });
  await form.getByRole('radio', { name: new RegExp(`^${kind}`) }).check();
  if (name) await form.getByLabel('Its name in Pliant').fill(name);
  await form.getByRole('button', { name: 'Add consumer' }).click();
  await expect(form.getByText(/^Added “/)).toBeVisible();
}

test('a Pliant-held secret is removed only after the hand-off; alerts repeat until then; a broker-only key finishes on its own', async ({ adminPage: page }) => {
  test.setTimeout(300_000);
  const recorder = await recordResponses(page);
  const channel = randomUUID();
  run("insert into alert_channels (id, kind, name, config, enabled) values (?, 'webhook', 'Hand-off test', '{}', 1)", channel);
  try {
    const pliant = await rotatorSecretKey(`Pliant-held ${Date.now().toString(36)}`);
    const broker = await rotatorSecretKey(`Broker-only ${Date.now().toString(36)}`);
    // The Consumers card: without a name for the Pliant authKey, nothing is added.
    await new KeyDetailPage(page).goto(pliant.id);
    const form = page.getByRole('form', { name: 'Add a consumer' });
    await form.getByRole('button', { name: 'Add consumer' }).click();
    await expect(form.getByText('Enter the authKey’s name in Pliant.')).toBeVisible();
    await addConsumer(page, pliant.id, 'Pliant authKey', 'M365 production');
    await addConsumer(page, broker.id, 'Token broker only');
    await turnOn(page, pliant.id);
    await turnOn(page, broker.id);

    moveClock(20);
    await tickUntil(page, [pliant.id, broker.id], 'overlap');
    await expect(page.getByTestId('consumer')).toHaveAttribute('data-uses-active', 'true'); // the broker key's page
    // Past the 7-day overlap: the broker key finishes; the Pliant key keeps its previous secret.
    moveClock(28);
    await tickUntil(page, [broker.id], 'done');
    expect((await liveSandboxApp('Pliant Rotator')).secrets.map((s) => s.secretId)).not.toContain(broker.secretId);
    const detail = new KeyDetailPage(page);
    await detail.goto(pliant.id);
    await expect(page.getByTestId('rotation-status')).toHaveAttribute('data-state', 'overlap');
    const handOff = detail.card('Hand over the new secret');
    await expect(handOff).toContainText('M365 production still uses the previous secret');
    await expect(page.getByTestId('consumer')).toHaveAttribute('data-uses-active', 'false');
    expect((await liveSandboxApp('Pliant Rotator')).secrets.map((s) => s.secretId)).toContain(pliant.secretId);
    await page.goto('/');
    await expect(page.locator('[data-testid="expiry-row"] [data-problem="waiting_consumers"]').first()).toBeVisible();
    // A day later, still waiting: the alert comes again.
    moveClock(29);
    await tickUntil(page, [pliant.id], 'overlap');
    await expect(async () => {
      const waiting = query<{ subject: string }>("select subject from alert_deliveries where channel_id = ? and subject like 'rotation:%:waiting:%'", channel);
      expect(waiting).toHaveLength(2);
    }).toPass({ timeout: 30_000 });

    // The reveal: refused without the password and with a wrong one, then shown once.
    await detail.goto(pliant.id);
    const reveal = page.getByRole('form', { name: 'Reveal the new secret' });
    await reveal.getByRole('button', { name: 'Reveal the new secret' }).click();
    await expect(reveal.getByText('Enter your own password: the new secret is shown only after it.')).toBeVisible();
    await reveal.getByLabel('Your password').fill('not my password at all');
    await reveal.getByRole('button', { name: 'Reveal the new secret' }).click();
    await expect(reveal.getByText('The current password is incorrect.')).toBeVisible();
    await reveal.getByLabel('Your password').fill(DEFAULT_PASSWORD);
    await reveal.getByRole('button', { name: 'Reveal the new secret' }).click();
    const value = (await page.getByTestId('secret-once').textContent())?.trim() ?? '';
    expect(value.length).toBeGreaterThan(30);
    expect((await recorder.settled()).filter(({ body }) => body.includes(value)), 'the reveal answer was read').toHaveLength(1);
    await expect(handOff).toContainText('Replace the Client Secret field');
    await handOff.getByRole('button', { name: 'Pliant (“M365 production”) now uses the new secret' }).click();
    await expect(handOff.getByText('Every copy holder has the new secret')).toBeVisible();
    await page.reload();
    await expect(page.getByTestId('consumer')).toHaveAttribute('data-uses-active', 'true');

    // Once confirmed, the next tick removes the previous secret.
    moveClock(30);
    await tickUntil(page, [pliant.id], 'done');
    expect((await liveSandboxApp('Pliant Rotator')).secrets.map((s) => s.secretId)).not.toContain(pliant.secretId);

    // The value came back in exactly one response, and nowhere else: no log, audit row, alert or file.
    const bodies = await recorder.settled();
    const carrying = bodies.filter(({ body }) => body.includes(value));
    expect(carrying, carrying.map((b) => b.url).join(', ')).toHaveLength(1);
    expectNowhere([value], bodies.filter(({ body }) => !body.includes(value)));
    expect(JSON.stringify(query('select * from alert_deliveries'))).not.toContain(value);
    expect(JSON.stringify(query("select * from audit_events where action = 'rotation.reveal'"))).toContain(pliant.id);
  } finally {
    run('delete from alert_channels where id = ?', channel);
  }
});

test('removing a consumer asks first: Cancel keeps it, Remove takes it off the list and is audited', async ({ adminPage: page }) => {
  const key = await rotatorSecretKey(`Consumer removal ${Date.now().toString(36)}`);
  await addConsumer(page, key.id, 'Pliant authKey', 'Retired Pliant');
  const list = page.getByRole('list', { name: 'Consumers of this key' });
  await list.getByRole('button', { name: 'Remove Retired Pliant' }).click();
  const question = list.getByRole('alertdialog', { name: 'Remove Retired Pliant' });
  await expect(question).toContainText('Remove it from the list?');
  await question.getByRole('button', { name: 'Cancel' }).click();
  await page.reload();
  await expect(page.getByTestId('consumer')).toHaveCount(1);

  await list.getByRole('button', { name: 'Remove Retired Pliant' }).click();
  await question.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(page.getByText('No consumer is recorded')).toBeVisible();
  expect(query<{ detail: string }>("select detail from audit_events where action = 'key.consumer_remove' and auth_key_id = ?", key.id).map((r) => JSON.parse(String(r.detail)))).toEqual([{ kind: 'pliant', name: 'Retired Pliant' }]);
});
