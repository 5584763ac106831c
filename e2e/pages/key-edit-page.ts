import { expect, type Locator, type Page } from '@playwright/test';

/** /keys/{id}/edit: the authKey form with the stored values; a blank Client Secret keeps the stored one. */
export class KeyEditPage {
  constructor(private readonly page: Page) {}

  async goto(id: string) {
    await this.page.goto(`/keys/${id}/edit`);
    await expect(this.page.getByRole('form', { name: 'Edit authKey' })).toBeVisible();
  }

  field(label: string): Locator {
    return this.page.getByRole('form', { name: 'Edit authKey' }).getByLabel(label, { exact: true });
  }

  /** The hint under a field (its aria-describedby), e.g. what a blank Client Secret does. */
  hint(name: string): Locator {
    return this.page.locator(`#${name}-hint`);
  }

  operation(label: string): Locator {
    return this.page.getByRole('checkbox', { name: label, exact: true });
  }

  async save() {
    await this.page.getByRole('button', { name: 'Save changes' }).click();
  }
}
