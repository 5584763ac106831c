import type { Page } from '@playwright/test';

export class AccountsPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto('/settings/accounts');
  }

  async create(account: { name: string; email: string; role: 'Administrator' | 'Operator' | 'Auditor'; password: string }) {
    const form = this.page.getByRole('button', { name: 'Create account' }).locator('xpath=ancestor::form');
    await form.getByLabel('Name').fill(account.name);
    await form.getByLabel('Email').fill(account.email);
    await form.getByLabel('Role').selectOption({ label: account.role });
    await form.getByLabel('Initial password').fill(account.password);
    await this.page.getByRole('button', { name: 'Create account' }).click();
  }

  row(email: string) {
    return this.page.getByTestId(`account-${email}`);
  }

  async changeRole(email: string, role: 'Administrator' | 'Operator' | 'Auditor') {
    await this.row(email).getByLabel(`Role of ${email}`).selectOption({ label: role });
    await this.row(email).getByRole('button', { name: 'Change role' }).click();
  }

  async toggleDisabled(email: string, label: 'Disable' | 'Enable') {
    await this.row(email).getByRole('button', { name: label }).click();
  }

  async resetPassword(email: string, password: string) {
    await this.row(email).getByText('Reset password').click();
    await this.row(email).getByLabel(`New password for ${email}`).fill(password);
    await this.row(email).getByRole('button', { name: 'Set password' }).click();
  }

  status() {
    return this.page.locator('[aria-live="polite"]').filter({ hasText: /\S/ });
  }
}

export class ChangePasswordPage {
  constructor(private readonly page: Page) {}

  async change(current: string, next: string, confirm = next) {
    await this.page.getByLabel('Current password').fill(current);
    await this.page.getByLabel('New password', { exact: true }).fill(next);
    await this.page.getByLabel('Confirm new password').fill(confirm);
    await this.page.getByRole('button', { name: 'Change password' }).click();
  }
}
