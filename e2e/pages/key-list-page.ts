import { expect, type Locator, type Page } from '@playwright/test';

export type KeyListFilter = { search?: string; cloud?: string; tenant?: string; status?: string; expiry?: string };

/** The authKeys list: its filter form (a plain GET form) and its sortable table. */
export class KeyListPage {
  constructor(private readonly page: Page) {}

  async goto(query = '') {
    await this.page.goto(`/keys${query}`);
    await expect(this.page.getByRole('heading', { name: 'authKeys', level: 1 })).toBeVisible();
  }

  form(): Locator {
    return this.page.getByRole('search', { name: 'Filter authKeys' });
  }

  /** Sets every filter given (by the option's visible label), leaves the others as they are, and applies. */
  async filter(f: KeyListFilter) {
    const form = this.form();
    if (f.search !== undefined) await form.getByLabel('Search', { exact: true }).fill(f.search);
    if (f.cloud !== undefined) await form.getByLabel('Cloud', { exact: true }).selectOption({ label: f.cloud });
    if (f.tenant !== undefined) await form.getByLabel('Tenant', { exact: true }).selectOption({ label: f.tenant });
    if (f.status !== undefined) await form.getByLabel('Status', { exact: true }).selectOption({ label: f.status });
    if (f.expiry !== undefined) await form.getByLabel('Expiry', { exact: true }).selectOption({ label: f.expiry });
    const before = this.page.url();
    await form.getByRole('button', { name: 'Apply' }).click();
    await this.page.waitForURL((url) => url.toString() !== before);
  }

  select(label: 'Cloud' | 'Tenant' | 'Status' | 'Expiry'): Locator {
    return this.form().getByLabel(label, { exact: true });
  }

  /** The key names in the table, top to bottom. */
  async names(): Promise<string[]> {
    const table = this.page.getByRole('table');
    if ((await table.count()) === 0) return [];
    return table.locator('tbody tr td:first-child a').allTextContents();
  }

  columnHeader(name: string): Locator {
    return this.page.getByRole('columnheader', { name, exact: true });
  }

  async sortBy(column: string) {
    const before = this.page.url();
    await this.columnHeader(column).getByRole('link').click();
    await this.page.waitForURL((url) => url.toString() !== before);
  }

  row(name: string): Locator {
    return this.page.getByRole('row').filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }

  noMatch(): Locator {
    return this.page.getByText('No authKeys match these filters.');
  }
}
