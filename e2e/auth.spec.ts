import { createAccount, expect, query, run, signInAs, test } from './fixtures';
import { SignInPage } from './pages/sign-in-page';

/** Two client addresses on this machine: the same portal over IPv4 and over IPv6 loopback. */
const addresses = () => {
  const port = new URL(test.info().project.use.baseURL!).port;
  return { v4: `http://127.0.0.1:${port}`, v6: `http://[::1]:${port}` };
};
const failures = (email: string) => query<{ n: number }>("select count(*) as n from audit_events where action = 'auth.sign_in_failed' and actor_email = ?", email)[0].n;

const pairRows = (email: string) =>
  query<{ address: string; failures: number; locked_until: string | null }>("select address, failures, locked_until from throttles where scope = 'sign-in' and subject = ? and address != '*'", email);

test('ten wrong passwords lock that address out, even for the right one, while the owner signs in from another address', async ({ page, browser }) => {
  // The growing per-account delay (1 s, 2 s, 4 s… from the sixth failure) is most of this test's time.
  test.setTimeout(180_000);
  const account = await createAccount('operator');
  const signIn = new SignInPage(page);
  const { v4, v6 } = addresses();
  await page.goto(`${v4}/sign-in`);
  for (let attempt = 1; attempt <= 10; attempt++) {
    await signIn.signIn(account.email, `wrong password ${attempt}`);
    // Each answer is in (from the sixth on, after a growing delay) before the next guess.
    await expect.poll(() => failures(account.email), { timeout: 20_000 }).toBe(attempt);
    // The 10th failure still gets the usual answer; only the next attempt meets the lock.
    await expect(signIn.errorMessage()).toContainText('incorrect');
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  }
  await signIn.signIn(account.email, account.password);
  await expect(signIn.errorMessage()).toContainText('locked for 15 minutes');
  await expect(page).toHaveURL(/\/sign-in$/);

  const [locked] = pairRows(account.email);
  expect(locked.address).toMatch(/127\.0\.0\.1$/);
  expect(locked.failures).toBe(11);
  expect(new Date(locked.locked_until!).getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
  const audit = query<{ action: string; outcome: string }>('select action, outcome from audit_events where actor_email = ? order by id', account.email);
  expect(audit.filter((a) => a.action === 'auth.sign_in_failed' && a.outcome === 'failure')).toHaveLength(10);
  expect(audit).toContainEqual({ action: 'auth.lockout', outcome: 'denied' });
  expect(audit.at(-1)).toEqual({ action: 'auth.sign_in_failed', outcome: 'denied' });

  // The same account from another address is only slowed down, not locked out.
  const elsewhere = await browser.newContext();
  const owner = await elsewhere.newPage();
  await owner.goto(`${v6}/sign-in`);
  await new SignInPage(owner).signIn(account.email, account.password);
  await expect(owner.getByTestId('signed-in-account')).toHaveText(account.email, { timeout: 20_000 });
  await elsewhere.close();

  // The first address stays locked until its 15 minutes are over; then the right password works again.
  await signIn.signIn(account.email, account.password);
  // The lock message is still on the page from before, so wait for this refusal's own audit row:
  // lifting the lock while this attempt is in flight would let it sign in instead.
  const refusals = () => query<{ n: number }>("select count(*) as n from audit_events where actor_email = ? and action = 'auth.sign_in_failed' and outcome = 'denied'", account.email)[0].n;
  await expect.poll(refusals, { timeout: 20_000 }).toBe(2);
  await expect(signIn.errorMessage()).toContainText('locked for 15 minutes');
  run("update throttles set locked_until = '2000-01-01T00:00:00.000Z' where scope = 'sign-in' and subject = ? and address != '*'", account.email);
  await signIn.signIn(account.email, account.password);
  await expect(page.getByTestId('signed-in-account')).toHaveText(account.email, { timeout: 20_000 });
});

test('a session cookie copied before Sign out is refused after it; Sign out everywhere ends every session', async ({ page, browser }) => {
  const account = await createAccount('auditor');
  await signInAs(page, account);
  const captured = await page.context().cookies();
  // Someone took a copy of the cookie while the session was live.
  const thief = await browser.newContext();
  await thief.addCookies(captured);
  const stolen = await thief.newPage();
  await stolen.goto('/keys');
  await expect(stolen.getByTestId('signed-in-account')).toHaveText(account.email);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await stolen.goto('/keys');
  await expect(stolen).toHaveURL(/\/sign-in$/);
  const response = await thief.request.get('/api/expiry/export', { maxRedirects: 0 });
  expect(response.status()).toBe(401);
  expect(query("select count(*) as n from revoked_sessions where account_id = ?", account.id)).toEqual([{ n: 1 }]);
  await thief.close();

  // Two live sessions; Sign out everywhere from one ends both.
  await signInAs(page, account);
  const other = await browser.newContext();
  const second = await other.newPage();
  await signInAs(second, account);
  await page.goto('/settings/password');
  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await second.reload();
  await expect(second).toHaveURL(/\/sign-in$/);
  await other.close();
  const audit = query<{ action: string }>("select action from audit_events where actor_id = ? and action like 'auth.sign_out%' order by id", account.id);
  expect(audit.map((a) => a.action)).toEqual(['auth.sign_out', 'auth.sign_out_everywhere']);
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
