import { expect, type Page } from '@playwright/test';

/** The provisioning pages, driven the way an operator would. */
export class ProvisioningPage {
  constructor(private readonly page: Page) {}

  async chooseKey(name: string) {
    await this.page.goto('/provisioning');
    await this.page.getByRole('link', { name: `Use ${name}`, exact: true }).click();
    await expect(this.page.getByRole('heading', { name: 'Users', exact: true })).toBeVisible();
  }

  async testKey(name: string) {
    await this.page.goto('/provisioning');
    await this.page.getByRole('button', { name: `Test connection of ${name}`, exact: true }).click();
    await expect(this.page.getByText(/The key passed its test|The test failed/)).toBeVisible({ timeout: 20_000 });
  }

  async search(text: string) {
    await this.page.getByLabel('Search users').fill(text);
    await this.page.getByRole('button', { name: 'Search' }).click();
  }

  async openUser(upn: string) {
    await this.search(upn);
    await this.page.getByTestId(`user-row-${upn}`).getByRole('link').click();
    await expect(this.page.getByText(upn).first()).toBeVisible();
  }

  /** A searchable picker: type, then pick the option by its name (arrows and Enter work too). */
  async pick(label: string, typed: string, option: string | RegExp) {
    const box = this.page.getByRole('combobox', { name: label, exact: true });
    await box.fill(typed);
    await this.page.getByRole('listbox', { name: label, exact: true }).getByRole('option', { name: option }).click();
  }

  /** The options a picker offers for what is typed. */
  async optionsFor(label: string, typed: string): Promise<string[]> {
    const box = this.page.getByRole('combobox', { name: label, exact: true });
    if (typed) await box.fill(typed);
    else await box.click();
    const options = this.page.getByRole('listbox', { name: label, exact: true }).getByRole('option');
    await expect(options.first()).toBeVisible();
    return options.allTextContents();
  }

  card(title: string) {
    return this.page.locator('section').filter({ has: this.page.getByRole('heading', { name: title, exact: true }) });
  }
}
