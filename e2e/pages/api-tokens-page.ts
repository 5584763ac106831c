import { expect, type Page } from '@playwright/test';

/** Settings → API tokens. */
export class ApiTokensPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto('/settings/api-tokens');
    await expect(this.page.getByRole('heading', { name: 'API tokens', level: 1 })).toBeVisible();
  }

  form() {
    return this.page.locator('form').filter({ has: this.page.getByRole('button', { name: 'Create token' }) });
  }

  /** Fills and submits the form; `keys` names the authKeys per per-key scope. Returns the token shown once. */
  async create(opts: { name: string; scopes: string[]; keys?: Record<string, string[]>; days?: number; perMinute?: number }): Promise<string> {
    await this.fill(opts);
    await this.form().getByRole('button', { name: 'Create token' }).click();
    const shown = this.page.getByTestId('secret-once');
    await expect(shown).toHaveText(/^akp_/);
    return (await shown.textContent())!.trim();
  }

  async fill(opts: { name: string; scopes: string[]; keys?: Record<string, string[]>; days?: number; perMinute?: number }) {
    const form = this.form();
    await form.getByLabel('Name').fill(opts.name);
    if (opts.days) await form.getByLabel('Expires after (days)').fill(String(opts.days));
    if (opts.perMinute) await form.getByLabel('Requests per minute').fill(String(opts.perMinute));
    for (const box of await form.getByRole('checkbox', { name: /^(Read|Test|Issue|Provision)/ }).all()) await box.uncheck();
    for (const scope of opts.scopes) await form.getByRole('checkbox', { name: new RegExp(`${scope.replace(':', '\\:')}`) }).first().check();
    for (const [scope, names] of Object.entries(opts.keys ?? {})) for (const n of names) await form.getByRole('checkbox', { name: `${n} for ${scope}` }).check();
  }

  async revoke(name: string) {
    await this.page.getByRole('button', { name: `Revoke ${name}` }).click();
    await this.page.getByRole('alertdialog', { name: `Revoke ${name}` }).getByRole('button', { name: 'Yes, revoke' }).click();
    // The row says so at once (its Revoke button is gone with the active state).
    await expect(this.page.getByRole('row', { name: new RegExp(name) })).toContainText('revoked');
  }
}
