import { expect, type Page } from '@playwright/test';

/** The authKeys list and a key's page. */
export class KeysPage {
  constructor(private readonly page: Page) {}

  async gotoList() {
    await this.page.goto('/keys');
    await expect(this.page.getByRole('heading', { name: 'authKeys', level: 1 })).toBeVisible();
  }

  async gotoKey(id: string) {
    await this.page.goto(`/keys/${id}`);
  }

  /** The id of the key page the browser is on. */
  keyIdFromUrl(): string {
    const match = /\/keys\/([0-9a-f-]{36})/.exec(this.page.url());
    if (!match) throw new Error(`Not on a key page: ${this.page.url()}`);
    return match[1];
  }

  lastTest() {
    return this.page.getByTestId('last-test');
  }

  expirySource() {
    return this.page.getByTestId('expiry-source');
  }

  async openDelete() {
    await this.page.getByRole('button', { name: 'Delete authKey' }).click();
  }
}
