import { createAccount, expect, query, run, signInAs, test } from './fixtures';
import { AccountsPage, ChangePasswordPage } from './pages/accounts-page';
import { PortalShell } from './pages/portal-shell';
import { SignInPage } from './pages/sign-in-page';

const unique = () => Math.random().toString(36).slice(2, 8);

test('an administrator creates an account, which must choose its own password before anything else', async ({ adminPage: page, admin }) => {
  const accountsPage = new AccountsPage(page);
  const email = `olga-${unique()}@example.test`;
  await accountsPage.goto();
  // A common password is refused beside its field, and nothing is created.
  await accountsPage.create({ name: 'Olga Operator', email, role: 'Operator', password: 'qwertyuiop123' });
  await expect(page.locator('#new-password-error')).toContainText('commonly used');
  expect(query('select count(*) as n from accounts where email = ?', email)).toEqual([{ n: 0 }]);

  await accountsPage.create({ name: 'Olga Operator', email, role: 'Operator', password: 'initial pass from admin' });
  await expect(accountsPage.status()).toContainText(`Created ${email}`);
  await expect(accountsPage.row(email)).toContainText('Must change password');
  expect(query('select action, actor_id from audit_events where action = ? and target_id = (select id from accounts where email = ?)', 'account.create', email)).toEqual([
    { action: 'account.create', actor_id: admin.id },
  ]);

  await new PortalShell(page).signOut();
  await new SignInPage(page).signIn(email, 'initial pass from admin');
  await expect(page).toHaveURL(/\/change-password$/);
  // Every other page sends it back here until the password is changed.
  await page.goto('/sandbox');
  await expect(page).toHaveURL(/\/change-password$/);

  const change = new ChangePasswordPage(page);
  await change.change('not the current one', 'olga chose this herself');
  await expect(page.locator('#currentPassword-error')).toContainText('incorrect');
  await change.change('initial pass from admin', 'olga chose this herself');
  await expect(new PortalShell(page).signedInAccount()).toHaveText(email);
  await expect(page).toHaveURL(/\/$/);
  expect(query('select must_change_password as m from accounts where email = ?', email)).toEqual([{ m: 0 }]);
});

test('role changes and disabling take effect on the very next request', async ({ adminPage: page, browser }) => {
  const operator = await createAccount('operator');
  const other = await browser.newContext();
  const operatorPage = await other.newPage();
  await signInAs(operatorPage, operator);

  const accountsPage = new AccountsPage(page);
  await accountsPage.goto();
  await accountsPage.changeRole(operator.email, 'Auditor');
  await expect(accountsPage.status()).toContainText('is now auditor');
  await operatorPage.reload();
  await expect(operatorPage).toHaveURL(/\/sign-in$/);

  // Signed in again, it is an auditor now; then disabled, its session ends at once again.
  await signInAs(operatorPage, operator);
  await operatorPage.goto('/audit');
  await expect(operatorPage.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  await accountsPage.goto();
  await accountsPage.toggleDisabled(operator.email, 'Disable');
  await expect(accountsPage.status()).toContainText('is disabled');
  await operatorPage.reload();
  await expect(operatorPage).toHaveURL(/\/sign-in$/);
  await new SignInPage(operatorPage).signIn(operator.email, operator.password);
  await expect(new SignInPage(operatorPage).errorMessage()).toContainText('incorrect');

  await accountsPage.toggleDisabled(operator.email, 'Enable');
  await expect(accountsPage.status()).toContainText('can sign in again');
  await accountsPage.resetPassword(operator.email, 'reset by the admin today');
  await expect(accountsPage.status()).toContainText('must change it at next sign-in');
  await new SignInPage(operatorPage).signIn(operator.email, 'reset by the admin today');
  await expect(operatorPage).toHaveURL(/\/change-password$/);

  const actions = query<{ action: string }>('select action from audit_events where target_id = ? order by id', operator.id).map((r) => r.action);
  expect(actions).toEqual(expect.arrayContaining(['account.update', 'account.disable', 'account.enable', 'account.reset_password']));
  await other.close();
});

test('accounts are for administrators only: others get a 403 page and the refusal is audited', async ({ page }) => {
  for (const role of ['operator', 'auditor'] as const) {
    const account = await createAccount(role);
    await signInAs(page, account);
    const response = await page.goto('/settings/accounts');
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { name: 'Not available to your role' })).toBeVisible();
    expect(query("select count(*) as n from audit_events where action = 'access.denied' and actor_id = ?", account.id)).toEqual([{ n: 1 }]);
    await page.context().clearCookies();
  }
});

test('every account changes its own password with the current one', async ({ page }) => {
  const auditor = await createAccount('auditor');
  await signInAs(page, auditor);
  await page.goto('/settings/password');
  const change = new ChangePasswordPage(page);
  await change.change(auditor.password, 'a fresh passphrase for me', 'a different confirmation');
  await expect(page.locator('#confirm-error')).toContainText('do not match');
  await change.change(auditor.password, 'a fresh passphrase for me');
  await expect(page).toHaveURL(/changed=1/);
  await expect(page.getByRole('status').filter({ hasText: 'Your password is changed.' })).toBeVisible();
  // Still signed in (this session was renewed), and the new password works from now on.
  await page.goto('/settings');
  await expect(new PortalShell(page).signedInAccount()).toHaveText(auditor.email);
  await new PortalShell(page).signOut();
  await signInAs(page, { ...auditor, password: 'a fresh passphrase for me' });
});

test('the last active administrator cannot be demoted, and the refusal is audited; with a second one it can', async ({ adminPage: page, admin }) => {
  // For this test the signed-in administrator is the only active one.
  const others = query<{ id: string }>("select id from accounts where role = 'admin' and disabled = 0 and id != ?", admin.id).map((r) => r.id);
  for (const id of others) run('update accounts set disabled = 1 where id = ?', id);
  try {
    const accounts = new AccountsPage(page);
    await accounts.goto();
    await accounts.changeRole(admin.email, 'Auditor');
    await expect(accounts.status()).toContainText('This is the last active administrator. Make another account an administrator first.');
    // The last active administrator is always the one signed in: the page offers no Disable for oneself.
    await expect(accounts.row(admin.email).getByRole('button', { name: 'Disable' })).toHaveCount(0);
    expect(query('select role, disabled from accounts where id = ?', admin.id)).toEqual([{ role: 'admin', disabled: 0 }]);
    const refusals = query<{ detail: string }>("select detail from audit_events where target_id = ? and outcome = 'denied' order by id", admin.id);
    expect(refusals.map((r) => JSON.parse(r.detail).reason)).toEqual(['last active admin']);

    // With a second active administrator, the same change goes through.
    await createAccount('admin');
    await accounts.goto();
    await accounts.changeRole(admin.email, 'Auditor');
    await expect.poll(() => query('select role from accounts where id = ?', admin.id)).toEqual([{ role: 'auditor' }]);
  } finally {
    for (const id of others) run('update accounts set disabled = 0 where id = ?', id);
  }
});
