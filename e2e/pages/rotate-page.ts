import type { Page } from '@playwright/test';

export class RotatePage {
  constructor(private readonly page: Page) {}

  async goto(keyId: string) {
    await this.page.goto(`/keys/${keyId}/rotate`);
  }

  currentSecret() {
    return this.page.getByTestId('current-secret');
  }

  previousSecret() {
    return this.page.getByTestId('previous-secret');
  }

  lastTest() {
    return this.page.getByTestId('last-test');
  }

  async pasteAndSwap(value: string, expires = '') {
    await this.page.getByLabel('New client secret Value').fill(value);
    if (expires) await this.page.getByLabel('Secret expires').fill(expires);
    await this.page.getByRole('button', { name: 'Test and swap' }).click();
  }

  async rollBack() {
    await this.page.getByRole('button', { name: 'Roll back' }).click();
    await this.page.getByRole('button', { name: 'Yes, roll back' }).click();
  }

  async addPassword() {
    await this.page.getByRole('button', { name: 'Create a new secret in Azure' }).click();
  }

  async removeOldSecret() {
    await this.page.getByRole('button', { name: 'Delete the old secret in Azure' }).click();
    await this.page.getByRole('button', { name: 'Yes, delete it in Azure' }).click();
  }

  status() {
    return this.page.locator('form').getByRole('status').or(this.page.locator('form').getByRole('alert'));
  }
}
