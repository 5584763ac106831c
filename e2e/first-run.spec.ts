import { expect, test, query } from './fixtures';
import { PortalShell } from './pages/portal-shell';
import { SignInPage } from './pages/sign-in-page';

const admin = { name: 'Ada Admin', email: 'ada@example.test', password: 'first admin password 1' };

test('first run: create the first administrator, sign out, sign in again', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in$/);
  const signIn = new SignInPage(page);

  // Field errors appear beside their fields and nothing is created.
  await page.getByRole('button', { name: 'Create the first administrator' }).click();
  await expect(page.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#password-error')).toContainText('at least 12 characters');
  expect(query('select count(*) as n from accounts')[0]).toEqual({ n: 0 });

  await signIn.createFirstAdmin(admin.name, admin.email, admin.password);
  const shell = new PortalShell(page);
  await expect(shell.signedInAccount()).toHaveText(admin.email);
  // No authKey yet: the home page says what the portal is for and how to begin.
  await expect(page.getByRole('heading', { name: 'Welcome to authKey Portal', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Set up your first authKey' })).toBeVisible();
  expect(query("select role from accounts where email = ?", admin.email)).toEqual([{ role: 'admin' }]);

  await shell.signOut();
  // With an account in place the page offers sign-in, not first run.
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in$/);

  await signIn.signIn(admin.email, 'not the password at all');
  await expect(signIn.errorMessage()).toContainText('incorrect');
  const wrongPassword = await signIn.errorMessage().textContent();
  await signIn.goto();
  await signIn.signIn('nobody@example.test', admin.password);
  await expect(signIn.errorMessage()).toHaveText(wrongPassword ?? 'missing');

  await signIn.signIn(admin.email, admin.password);
  await expect(shell.signedInAccount()).toHaveText(admin.email);

  const actions = query<{ action: string; outcome: string }>("select action, outcome from audit_events where action like 'auth.%' or action like 'account.%' order by id");
  expect(actions).toEqual(
    expect.arrayContaining([
      { action: 'account.create_first_admin', outcome: 'success' },
      { action: 'auth.sign_in', outcome: 'success' },
      { action: 'auth.sign_in_failed', outcome: 'failure' },
      { action: 'auth.sign_out', outcome: 'success' },
    ]),
  );
});
