import { expect, type Page } from '@playwright/test';

/** The API reference page: Swagger UI rendering /api/v1/openapi.json after the page loads. */
export class ApiReferencePage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto('/api-reference');
    await expect(this.page.getByRole('heading', { name: 'API reference', level: 1 })).toBeVisible();
    await this.waitForRender();
  }

  /** Swagger UI fetches the document and renders it after the page; the first operation marks the end. */
  async waitForRender() {
    await expect(this.page.getByRole('button', { name: /\/token-info/ }).first()).toBeVisible({ timeout: 20_000 });
  }

  async openFirstOperation() {
    const summary = this.page.getByRole('button', { name: /\/token-info/ }).first();
    await summary.click();
    await expect(summary).toHaveAttribute('aria-expanded', 'true');
  }

  async tryItOut() {
    await this.page.getByRole('button', { name: 'Try it out' }).first().click();
    await expect(this.page.getByRole('button', { name: 'Execute' }).first()).toBeVisible();
  }

  async openAuthorize() {
    await this.page.getByRole('button', { name: 'Authorize', exact: true }).first().click();
    await expect(this.page.getByRole('dialog').or(this.page.locator('.modal-ux'))).toBeVisible();
  }
}
