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

  card(title: string) {
    return this.page.locator('section').filter({ has: this.page.getByRole('heading', { name: title, exact: true }) });
  }
}
