import type { Page } from '@playwright/test';

export class PortalShell {
  constructor(private readonly page: Page) {}

  signedInAccount() {
    return this.page.getByTestId('signed-in-account');
  }

  async signOut() {
    await this.page.getByRole('button', { name: 'Sign out' }).click();
    await this.page.waitForURL('**/sign-in');
  }

  nav() {
    return this.page.getByRole('navigation', { name: 'Main' });
  }
}
