import { createAccount, expect, query, run, signInAs, test } from './fixtures';
import { SignInPage } from './pages/sign-in-page';

test('the 11th failed attempt is refused even with the right password, and the lock is audited', async ({ page }) => {
  test.setTimeout(90_000);
  const account = await createAccount('operator');
  const signIn = new SignInPage(page);
  await signIn.goto();
  for (let attempt = 1; attempt <= 10; attempt++) {
    await signIn.signIn(account.email, `wrong password ${attempt}`);
    // The 10th failure still gets the usual answer; only the next attempt meets the lock.
    await expect(signIn.errorMessage()).toContainText('incorrect');
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  }
  await signIn.signIn(account.email, account.password);
  await expect(signIn.errorMessage()).toContainText('locked for 15 minutes');
  await expect(page).toHaveURL(/\/sign-in$/);

  const [attempts] = query<{ failures: number; locked_until: string }>('select failures, locked_until from sign_in_attempts where email = ?', account.email);
  expect(attempts.failures).toBe(10);
  expect(new Date(attempts.locked_until).getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
  const audit = query<{ action: string; outcome: string }>('select action, outcome from audit_events where actor_email = ? order by id', account.email);
  expect(audit.filter((a) => a.action === 'auth.sign_in_failed' && a.outcome === 'failure')).toHaveLength(10);
  expect(audit).toContainEqual({ action: 'auth.lockout', outcome: 'denied' });
  expect(audit.at(-1)).toEqual({ action: 'auth.sign_in_failed', outcome: 'denied' });

  // When the lock has ended, the right password works again.
  run("update sign_in_attempts set locked_until = '2000-01-01T00:00:00.000Z' where email = ?", account.email);
  await signIn.signIn(account.email, account.password);
  await expect(page.getByTestId('signed-in-account')).toHaveText(account.email);
});

test("a disabled account's existing session is refused on its next request", async ({ page }) => {
  const account = await createAccount('auditor');
  await signInAs(page, account);
  run('update accounts set disabled = 1, session_version = session_version + 1 where id = ?', account.id);
  await page.reload();
  await expect(page).toHaveURL(/\/sign-in$/);
  // And signing in again is refused with the usual message.
  const signIn = new SignInPage(page);
  await signIn.signIn(account.email, account.password);
  await expect(signIn.errorMessage()).toContainText('incorrect');
});

test('a bumped session version ends older sessions at once', async ({ page }) => {
  const account = await createAccount('admin');
  await signInAs(page, account);
  run('update accounts set session_version = session_version + 1 where id = ?', account.id);
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in$/);
});
