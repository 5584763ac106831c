import { expect, type Download, type Page } from '@playwright/test';
import { sandboxApp } from './keys-sandbox';
import { ProvisioningPage } from './provisioning-page';
import { WizardPage } from './wizard-page';

async function textOf(download: Download): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Saves a Sandbox key for Pliant Automation through the wizard (it is tested on save). */
export async function createSandboxKey(page: Page, name: string) {
  const { tenant, app, secret } = sandboxApp('Pliant Automation');
  const wizard = new WizardPage(page);
  await wizard.enterKeyAndContinue('Sandbox', { name, tenantId: tenant.id, clientId: app.clientId, clientSecret: secret.value }, ['Create and update users']);
  await wizard.save();
  await page.waitForURL(/\/keys\/[0-9a-f-]+/);
  return { tenant, app };
}

/** Bulk create from CSV: upload, preview, dry run, the job's progress and its results. */
export class BulkCreatePage {
  constructor(private readonly page: Page) {}

  async open(keyName: string) {
    await new ProvisioningPage(this.page).chooseKey(keyName);
    await this.page.getByRole('navigation', { name: 'Provisioning' }).getByRole('link', { name: 'Bulk create' }).click();
    await expect(this.page.getByRole('heading', { name: 'Bulk create users' })).toBeVisible();
  }

  private async download(link: string): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.page.getByRole('link', { name: link }).click()]);
    return { name: download.suggestedFilename(), text: await textOf(download) };
  }

  downloadTemplate() {
    return this.download('Download the template');
  }

  downloadResults() {
    return this.download('Download results CSV');
  }

  /** Uploads a file and lands on its job's page, where nothing has been sent yet. */
  async upload(fileName: string, csv: string) {
    await this.page.getByLabel('CSV file').setInputFiles({ name: fileName, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await this.page.getByRole('button', { name: 'Upload and check' }).click();
    await this.page.waitForURL(/\/bulk\/[0-9a-f-]{36}$/);
    await expect(this.page.getByRole('heading', { name: fileName, exact: true })).toBeVisible();
  }

  /** A row of the preview or results table, found by its row number in the file. */
  row(rowNumber: number) {
    return this.page
      .getByRole('table', { name: 'Rows of the file' })
      .getByRole('row')
      .filter({ has: this.page.getByRole('cell', { name: String(rowNumber), exact: true }) });
  }

  /** The filter above the table, whose links carry each outcome's count. */
  filterLink(name: string) {
    return this.page.getByRole('navigation', { name: 'Filter rows' }).getByRole('link', { name, exact: true });
  }

  async dryRun() {
    await this.page.getByRole('button', { name: 'Dry run' }).click();
    await expect(this.page.getByText(/^Dry run: \d+ would be created/)).toBeVisible({ timeout: 20_000 });
  }

  dryRunTable() {
    return this.page.getByRole('table', { name: 'Dry run: rows that would not be created as they are' });
  }

  /** The start button, whose label says how many users will be created. */
  startButton() {
    return this.page.getByRole('button', { name: /^Create \d+/ });
  }

  async start(label: string) {
    await expect(this.startButton()).toHaveText(label);
    await this.startButton().click();
  }

  progressBar() {
    return this.page.getByRole('progressbar', { name: 'Job progress' });
  }

  /** Waits for the bar to fill and the job to say it is done. */
  async waitForCompletion(total: number) {
    await expect(this.progressBar()).toHaveAttribute('aria-valuemax', String(total));
    await expect(this.progressBar()).toHaveAttribute('aria-valuenow', String(total), { timeout: 20_000 });
    await expect(this.page.getByRole('status').filter({ hasText: 'rows done' })).toHaveText(`${total} of ${total} rows done`);
    await expect(this.page.getByRole('heading', { name: 'Results', exact: true })).toBeVisible();
  }
}
