import { expect, type Page } from '@playwright/test';

export type KeyEntry = { name?: string; tenantId: string; clientId: string; clientSecret: string };

/** The setup wizard at /keys/new, driven the way an administrator would. */
export class WizardPage {
  constructor(private readonly page: Page) {}

  async goto(stage?: string) {
    await this.page.goto(stage ? `/keys/new?stage=${stage}` : '/keys/new');
    await expect(this.page.getByRole('heading', { name: 'Set up an authKey' })).toBeVisible();
  }

  stageHeading() {
    return this.page.locator('#wizard-stage-heading');
  }

  async next() {
    await this.page.getByRole('button', { name: 'Next' }).click();
  }

  async chooseCloud(label: string) {
    await this.page.getByLabel('Cloud', { exact: true }).selectOption({ label });
  }

  async tickOperations(labels: string[]) {
    for (const label of labels) await this.page.getByRole('checkbox', { name: new RegExp(label) }).check();
  }

  permissionCount() {
    return this.page.getByTestId('permission-count');
  }

  async fillKey(entry: KeyEntry) {
    if (entry.name) await this.page.getByLabel('Name', { exact: true }).fill(entry.name);
    await this.page.getByLabel('Tenant ID', { exact: true }).fill(entry.tenantId);
    await this.page.getByLabel('Client ID', { exact: true }).fill(entry.clientId);
    await this.page.getByLabel('Client Secret', { exact: true }).fill(entry.clientSecret);
    await this.page.getByLabel('Client Secret', { exact: true }).blur();
  }

  /** Stage 4 straight away (cloud chosen there), filled, then on to stage 5. */
  async enterKeyAndContinue(cloud: string, entry: KeyEntry, operations: string[] = []) {
    await this.goto('permissions');
    await this.tickOperations(operations);
    await this.page.getByRole('button', { name: /Create the authKey/ }).click();
    await this.chooseCloud(cloud);
    await this.fillKey(entry);
    await this.next();
    await expect(this.stageHeading()).toContainText('Test and save');
  }

  /** The Access Type radio for "Enterprise App" or "Delegated (username and password)". */
  accessType(name: 'Enterprise App' | 'Delegated (username and password)') {
    return this.page.getByRole('radio', { name: new RegExp(`^${name.replace(/[()]/g, '\\$&')}`) });
  }

  async fillDelegated(username: string, password: string) {
    await this.page.getByLabel('Username', { exact: true }).fill(username);
    await this.page.getByLabel('Username', { exact: true }).blur();
    await this.page.getByLabel('Password', { exact: true }).fill(password);
    await this.page.getByLabel('Password', { exact: true }).blur();
  }

  async back() {
    await this.page.getByRole('button', { name: 'Back' }).click();
  }

  async testConnection() {
    await this.page.getByRole('button', { name: 'Test connection' }).click();
    await expect(this.page.getByTestId('test-result')).toBeVisible({ timeout: 20_000 });
    return this.page.getByTestId('test-result');
  }

  async save() {
    await this.page.getByRole('button', { name: 'Save authKey' }).click();
  }
}
