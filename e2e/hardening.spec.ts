import http from 'node:http';
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

  // A client's own X-Forwarded-Proto is no proxy's word: without TRUST_PROXY, no HSTS for it
  // (behind a configured proxy it appears: lib/security/request-policy.test.ts).
  const claimed = await page.request.get('/', { headers: { 'X-Forwarded-Proto': 'https' } });
  expect(claimed.headers()['strict-transport-security']).toBeUndefined();
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

test('session cookies are HttpOnly and SameSite=Lax over http; a client claiming https without TRUST_PROXY changes nothing', async ({ page, playwright, baseURL }) => {
  const account = await createAccount('auditor');
  const plain = await cookiesSetDuring(page, () => signInAs(page, account));
  const session = plain.find((c) => c.startsWith('authjs.session-token='));
  expect(session, plain.join('\n')).toBeTruthy();
  expect(session).toMatch(/;\s*HttpOnly/i);
  expect(session).toMatch(/;\s*SameSite=Lax/i);
  expect(session).not.toMatch(/;\s*Secure/i);

  // X-Forwarded-Proto and -Host from the client itself: no proxy is configured, so they are dropped
  // at the door and the answer is the plain-http one (the https cookies are unit-tested in auth.test.ts).
  const signInAction = manifestActions().find((a) => a.exportedName === 'signInAction')!;
  const api = await playwright.request.newContext({ baseURL });
  const response = await api.post('/sign-in', {
    headers: { 'Next-Action': signInAction.id, Origin: new URL(page.url()).origin, 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'portal.example.com', Accept: 'text/x-component' },
    multipart: actionBody({ email: account.email, password: account.password }),
    maxRedirects: 0,
  });
  const forged = response.headersArray().filter((h) => h.name.toLowerCase() === 'set-cookie').map((h) => h.value);
  expect(forged.find((c) => c.startsWith('authjs.session-token=')), forged.join('\n')).toBeTruthy();
  expect(forged.some((c) => c.startsWith('__Host-'))).toBe(false);
  // No cookie at all goes out without HttpOnly.
  for (const line of [...plain, ...forged]) expect(line, line).toMatch(/;\s*HttpOnly/i);
  await api.dispose();
});

test('X-Forwarded-Host does not make a foreign Origin the portal\'s own unless TRUST_PROXY says a proxy is in front', async ({ page }) => {
  const admin = await createAccount('admin');
  await signInAs(page, admin);
  const action = manifestActions().find((a) => a.exportedName === 'setAuditRetentionAction')!;
  const before = allCounts();
  const response = await page.request.post(action.route, {
    headers: { 'Next-Action': action.id, Origin: 'https://evil.example', 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'https', Accept: 'text/x-component' },
    multipart: actionBody({ days: '1' }),
    maxRedirects: 0,
  });
  expect(response.status()).toBe(403);
  expect(allCounts()).toEqual(before);
});

/** A POST sent in chunks of 64 KB with no Content-Length at all (Transfer-Encoding: chunked). */
function chunkedPost(url: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    // The server may stop reading once it has answered: a reset after the answer is fine.
    request.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    request.on('close', () => resolve({ status: -1, text: 'the connection closed without an answer' }));
    for (let at = 0; at < body.length; at += 65_536) request.write(body.subarray(at, at + 65_536));
    request.end();
  });
}

test('a body over 1 MB is refused by the bytes received, whether it declares its length or comes chunked, and nothing is read', async ({ page }) => {
  const admin = await createAccount('admin');
  await signInAs(page, admin);
  const origin = new URL(page.url()).origin;
  const action = manifestActions().find((a) => a.exportedName === 'createAccountAction')!;
  const big = await page.request.post(action.route, {
    headers: { Origin: origin, 'Next-Action': action.id },
    multipart: actionBody({ name: 'x'.repeat(1024 * 1024 + 10) }),
    maxRedirects: 0,
  });
  expect(big.status()).toBe(413);

  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const before = allCounts();
  const form = (size: number) => Buffer.from(`name=${'y'.repeat(size)}&email=chunky%40example.test&role=auditor&password=a+long+enough+passphrase`);
  const headers = { Origin: origin, Cookie: cookie, 'Next-Action': action.id, 'Content-Type': 'application/x-www-form-urlencoded' };
  const chunked = await chunkedPost(`${origin}${action.route}`, headers, form(1_800_000));
  expect(chunked.status).toBe(413);
  expect(chunked.text).toContain('The request body exceeds 1024 KB');
  const huge = await chunkedPost(`${origin}${action.route}`, headers, form(20 * 1024 * 1024));
  expect(huge.status).toBe(413);
  expect(allCounts()).toEqual(before);
  // The CSV upload has 2 MB, counted the same way.
  const upload = await chunkedPost(`${origin}/provisioning/${PLACEHOLDER_ID}/bulk`, headers, form(2 * 1024 * 1024 + 100));
  expect(upload.status).toBe(413);
  expect(upload.text).toContain('2048 KB');
});
