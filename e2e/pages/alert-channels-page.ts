import type { Page } from '@playwright/test';

export class AlertChannelsPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto('/settings/alerts');
  }

  async addWebhook(kind: 'Generic JSON webhook' | 'Slack incoming webhook' | 'Microsoft Teams (Workflows)', name: string, url: string) {
    const form = this.page.getByRole('region', { name: 'Add a channel' }).or(this.page.locator('section').filter({ has: this.page.getByRole('heading', { name: 'Add a channel' }) }));
    await form.getByLabel('Kind').selectOption({ label: kind });
    await form.getByLabel('Channel name').fill(name);
    await form.getByLabel('Webhook URL').fill(url);
    await form.getByRole('button', { name: 'Add channel' }).click();
  }

  channel(name: string) {
    return this.page.locator('section').filter({ has: this.page.getByRole('heading', { name, exact: true }) });
  }
}
