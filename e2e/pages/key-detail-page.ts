import { expect, type Locator, type Page } from '@playwright/test';

/** A saved authKey's page: its details, the write-only Client Secret, Replace secret and Test connection. */
export class KeyDetailPage {
  constructor(private readonly page: Page) {}

  async goto(id: string) {
    await this.page.goto(`/keys/${id}`);
    await expect(this.page.getByRole('heading', { level: 1 })).toBeVisible();
  }

  /** A card of the page, by its heading ("Details", "Client Secret", "Connection"…). */
  card(title: string): Locator {
    return this.page.locator('section').filter({ has: this.page.getByRole('heading', { name: title, level: 2, exact: true }) });
  }

  /** The value beside a term of a card's description list ("Starts with", "Expires"…). */
  value(card: string, term: string): Locator {
    return this.card(card).locator('dt', { hasText: new RegExp(`^${term}$`) }).locator('xpath=following-sibling::dd[1]');
  }

  description(): Locator {
    return this.page.getByRole('heading', { level: 1 }).locator('xpath=following-sibling::p[1]');
  }

  async replaceSecret(value: string, expires = '') {
    const card = this.card('Client Secret');
    await card.getByRole('button', { name: 'Replace secret' }).click();
    const form = card.getByRole('form', { name: 'Replace secret' });
    await form.getByLabel('Client Secret', { exact: true }).fill(value);
    if (expires) await form.getByLabel('Secret expires', { exact: true }).fill(expires);
    await form.getByRole('button', { name: 'Replace and test' }).click();
  }

  /** Runs Test connection in the Connection card and returns its result. */
  async testConnection(): Promise<Locator> {
    const card = this.card('Connection');
    await card.getByRole('button', { name: 'Test connection' }).click();
    const result = card.getByTestId('test-result');
    await expect(result).toBeVisible({ timeout: 20_000 });
    return result;
  }

  lastTest(): Locator {
    return this.page.getByTestId('last-test');
  }
}
