import { expect, type Page } from '@playwright/test';

export class SignInPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto('/sign-in');
  }

  async signIn(email: string, password: string) {
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByLabel('Password', { exact: true }).fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }

  async createFirstAdmin(name: string, email: string, password: string) {
    await expect(this.page.getByRole('heading', { name: 'Create the first administrator' })).toBeVisible();
    await this.page.getByLabel('Name').fill(name);
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByLabel('Password', { exact: true }).fill(password);
    await this.page.getByLabel('Confirm password').fill(password);
    await this.page.getByRole('button', { name: 'Create the first administrator' }).click();
  }

  errorMessage() {
    // Scoped to the form: Next's route announcer is an (empty) alert too.
    return this.page.locator('form').getByRole('alert');
  }
}
