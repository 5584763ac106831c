import type { Page } from '@playwright/test';

export class AuditPage {
  constructor(private readonly page: Page) {}

  async goto(query = '') {
    await this.page.goto(`/audit${query}`);
  }

  async filter(filters: { action?: string; outcome?: string; actor?: string; authKeyId?: string; from?: string; to?: string }) {
    const form = this.page.getByRole('form', { name: 'Audit filters' });
    if (filters.action !== undefined) await form.getByLabel('Action').selectOption(filters.action);
    if (filters.outcome !== undefined) await form.getByLabel('Outcome').selectOption(filters.outcome);
    if (filters.actor !== undefined) await form.getByLabel('Actor').fill(filters.actor);
    if (filters.authKeyId !== undefined) await form.getByLabel('authKey ID').fill(filters.authKeyId);
    if (filters.from !== undefined) await form.getByLabel('From (UTC)').fill(filters.from);
    if (filters.to !== undefined) await form.getByLabel('To (UTC)').fill(filters.to);
    await form.getByRole('button', { name: 'Apply filters' }).click();
  }

  rows() {
    return this.page.getByRole('list', { name: 'Audit rows' }).getByRole('listitem');
  }

  exportLink() {
    return this.page.getByRole('link', { name: 'Export CSV' });
  }

  async setRetention(label: string) {
    await this.page.getByLabel('Keep audit rows for').selectOption({ label });
    await this.page.getByRole('button', { name: 'Save retention' }).click();
  }
}
