import { clientBundleActionIds, manifestActions, actionBody, builtPages, PLACEHOLDER_ID } from './hardening-build';
import { createAccount, expect, query, signInAs, test } from './fixtures';

/** Row counts of every table: a refused request writes nothing at all, not even an audit row. */
function allCounts() {
  const tables = query<{ name: string }>("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'");
  return Object.fromEntries(tables.map(({ name }) => [name, query<{ n: number }>(`select count(*) as n from "${name}"`)[0].n]));
}

test('every server action refuses a foreign or missing Origin, with or without a session, and writes nothing', async ({ page, playwright, baseURL }) => {
  const fromBundle = clientBundleActionIds();
  const fromManifest = manifestActions();
  expect(fromBundle.length).toBeGreaterThan(0);
  // The bundle can only call actions the server knows.
  for (const id of fromBundle) expect(fromManifest.map((a) => a.id)).toContain(id);
  const routeOf = new Map(fromManifest.map((a) => [a.id, a.route]));
  const ids = [...new Set([...fromBundle, ...fromManifest.map((a) => a.id)])];

  const admin = await createAccount('admin');
  await signInAs(page, admin);
  const signedIn = page.request;
  const anonymous = await playwright.request.newContext({ baseURL });
  const before = allCounts();
  for (const id of ids) {
    const route = routeOf.get(id) ?? '/';
    for (const [who, client] of [['anonymous', anonymous], ['admin', signedIn]] as const) {
      for (const origin of ['https://evil.example', undefined]) {
        const headers: Record<string, string> = { 'Next-Action': id, Accept: 'text/x-component', ...(origin ? { Origin: origin } : {}) };
        const response = await client.post(route, { headers, multipart: actionBody({ email: 'x@example.test', password: 'x'.repeat(12) }), maxRedirects: 0 });
        expect(response.status(), `${id} at ${route} as ${who}, Origin ${origin ?? 'missing'}`).toBe(403);
      }
    }
    // The no-JavaScript form path carries the action id in the body instead of a header.
    const form = await anonymous.post(route, { headers: { Origin: 'https://evil.example' }, multipart: { [`$ACTION_ID_${id}`]: '' }, maxRedirects: 0 });
    expect(form.status(), `${id} as a plain form post`).toBe(403);
  }
  expect(allCounts()).toEqual(before);
  await anonymous.dispose();
});

test('every page carries the security headers and a fresh CSP nonce that its scripts use', async ({ page }) => {
  const admin = await createAccount('admin');
  await signInAs(page, admin);
  const pages = builtPages();
  expect(pages).toEqual(expect.arrayContaining(['/', '/sign-in', '/audit', '/settings/accounts']));
  const nonces = new Set<string>();
  for (const route of pages) {
    const response = await page.request.get(route, { maxRedirects: 0 });
    const h = response.headers();
    const label = `${route} (${response.status()})`;
    const csp = h['content-security-policy'] ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce, label).toBeTruthy();
    nonces.add(nonce!);
    for (const directive of ["object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'", "'strict-dynamic'"]) expect(csp, label).toContain(directive);
    expect(csp, label).not.toContain('unsafe-eval');
    expect(h['x-content-type-options'], label).toBe('nosniff');
    expect(h['referrer-policy'], label).toBe('same-origin');
    expect(h['cache-control'], label).toContain('no-store');
    expect(h['strict-transport-security'], `${label}: no HSTS over http`).toBeUndefined();
    if (response.status() === 200) {
      const html = await response.text();
      // Every script Next renders carries this response's nonce; none is left without it.
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length, label).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, label).toContain(`nonce="${nonce}"`);
    }
  }
  expect(nonces.size).toBe(pages.length);

  // Behind a TLS-terminating proxy: HSTS appears.
  const https = await page.request.get('/', { headers: { 'X-Forwarded-Proto': 'https' } });
  expect(https.headers()['strict-transport-security']).toMatch(/max-age=\d{7,}/);
  // And the pages really run under the policy: client components hydrate (the sidebar's links respond).
  const violations: string[] = [];
  page.on('console', (m) => m.type() === 'error' && /Content Security Policy/i.test(m.text()) && violations.push(m.text()));
  await page.goto('/settings/accounts');
  await page.getByRole('link', { name: 'Audit log' }).click();
  await expect(page).toHaveURL(/\/audit$/);
  expect(violations).toEqual([]);
  expect(PLACEHOLDER_ID).toBeTruthy();
});

/** Set-Cookie lines of every response while `run` signs in (read while the page is still open). */
async function cookiesSetDuring(page: import('@playwright/test').Page, run: () => Promise<void>) {
  const responses: import('@playwright/test').Response[] = [];
  const collect = (r: import('@playwright/test').Response) => void responses.push(r);
  page.on('response', collect);
  await run();
  page.off('response', collect);
  const lines: string[] = [];
  for (const r of responses) {
    for (const h of await r.headersArray()) if (h.name.toLowerCase() === 'set-cookie') lines.push(...h.value.split('\n'));
  }
  return lines;
}

test('session cookies are HttpOnly and SameSite=Lax over http, and Secure with the __Host- prefix over https', async ({ page, playwright, baseURL }) => {
  const account = await createAccount('auditor');
  const plain = await cookiesSetDuring(page, () => signInAs(page, account));
  const session = plain.find((c) => c.startsWith('authjs.session-token='));
  expect(session, plain.join('\n')).toBeTruthy();
  expect(session).toMatch(/;\s*HttpOnly/i);
  expect(session).toMatch(/;\s*SameSite=Lax/i);
  expect(session).not.toMatch(/;\s*Secure/i);

  // Behind a TLS-terminating proxy (X-Forwarded-Proto: https), signing in through the same action.
  const signInAction = manifestActions().find((a) => a.exportedName === 'signInAction')!;
  const origin = new URL(page.url()).origin.replace(/^http:/, 'https:');
  const api = await playwright.request.newContext({ baseURL });
  const response = await api.post('/sign-in', {
    headers: { 'Next-Action': signInAction.id, Origin: origin, 'X-Forwarded-Proto': 'https', Accept: 'text/x-component' },
    multipart: actionBody({ email: account.email, password: account.password }),
    maxRedirects: 0,
  });
  const secure = response.headersArray().filter((h) => h.name.toLowerCase() === 'set-cookie').map((h) => h.value);
  const hostSession = secure.find((c) => c.startsWith('__Host-authjs.session-token='));
  expect(hostSession, secure.join('\n')).toBeTruthy();
  expect(hostSession).toMatch(/;\s*Secure/i);
  expect(hostSession).toMatch(/;\s*HttpOnly/i);
  expect(hostSession).toMatch(/;\s*SameSite=Lax/i);
  expect(hostSession).toMatch(/;\s*Path=\//i);
  expect(hostSession).not.toMatch(/;\s*Domain=/i);
  // No cookie at all goes out without HttpOnly.
  for (const line of [...plain, ...secure]) expect(line, line).toMatch(/;\s*HttpOnly/i);
  await api.dispose();
});

test('a body over 1 MB is refused before any form is read', async ({ page }) => {
  const admin = await createAccount('admin');
  await signInAs(page, admin);
  const big = await page.request.post('/settings/accounts', {
    headers: { Origin: new URL(page.url()).origin, 'Next-Action': manifestActions()[0].id },
    multipart: actionBody({ name: 'x'.repeat(1024 * 1024 + 10) }),
    maxRedirects: 0,
  });
  expect(big.status()).toBe(413);
});
