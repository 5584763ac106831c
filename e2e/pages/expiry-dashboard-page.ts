import type { Page } from '@playwright/test';

export class ExpiryDashboardPage {
  constructor(private readonly page: Page) {}

  async goto(query = '') {
    await this.page.goto(`/${query}`);
  }

  count(band: string) {
    return this.page.getByTestId(`count-${band}-value`);
  }

  async counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const band of ['expired', 'critical', 'warning', 'notice', 'healthy', 'unknown']) out[band] = Number(await this.count(band).innerText());
    return out;
  }

  rows() {
    return this.page.getByTestId('expiry-row');
  }

  row(keyName: string) {
    return this.page.locator(`[data-testid="expiry-row"][data-key-name="${keyName}"]`);
  }

  timelineMarks() {
    return this.page.getByTestId('expiry-timeline').getByTestId('timeline-mark');
  }

  async checkAllNow() {
    await this.page.getByRole('button', { name: 'Check all now' }).click();
  }
}
