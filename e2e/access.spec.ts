import fs from 'node:fs';
import path from 'node:path';
import { builtPages, builtRouteHandlers, manifestActions, PLACEHOLDER_ID } from './hardening-build';
import { dataDir, expect, query, test } from './fixtures';

// Actions that must work without a session, because they are how a session begins.
const PUBLIC_ACTIONS = new Set(['signInAction', 'createFirstAdminAction']);

/** Row counts of every table whose change would matter (the refusals' own bookkeeping aside). */
function tableCounts() {
  const tables = query<{ name: string }>("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not in ('audit_events', 'anonymous_denials', 'throttles', '__drizzle_migrations')");
  return Object.fromEntries(tables.map(({ name }) => [name, query<{ n: number }>(`select count(*) as n from "${name}"`)[0].n]));
}

test('every page other than sign-in redirects to sign-in without a session', async ({ page }) => {
  const pages = builtPages().filter((route) => route !== '/sign-in' && route !== '/_not-found');
  expect(pages).toContain('/');
  for (const route of pages) {
    await page.goto(route);
    await expect(page, `${route} should redirect`).toHaveURL(/\/sign-in$/);
  }
});

test('every server action called without a session is refused and changes nothing', async ({ request }) => {
  const actions = manifestActions();
  expect(actions.length).toBeGreaterThan(0);
  const before = tableCounts();
  for (const { id, exportedName, route } of actions) {
    for (const cookie of [undefined, 'authjs.session-token=forged-or-expired']) {
      const response = await request.post(route, {
        headers: { 'Next-Action': id, 'Content-Type': 'text/plain;charset=UTF-8', Origin: new URL(test.info().project.use.baseURL!).origin, ...(cookie ? { Cookie: cookie } : {}) },
        data: '[]',
        maxRedirects: 0,
      });
      const label = `${route}#${exportedName} ${cookie ? 'with a forged cookie' : 'without a cookie'}`;
      if (PUBLIC_ACTIONS.has(exportedName)) {
        expect(response.status(), label).toBeLessThan(500);
        continue;
      }
      // Refused means sent to sign-in: by the proxy without a cookie, by the action itself with a forged one.
      const redirect = response.headers()['x-action-redirect'] ?? response.headers()['location'] ?? '';
      expect(redirect, label).toContain('/sign-in');
    }
  }
  expect(tableCounts()).toEqual(before);
});

test('route handlers other than health and auth refuse without a session', async ({ request }) => {
  // /api/v1 takes Bearer tokens only (many of its routes have no GET): e2e/api.spec.ts checks its 401s.
  const routes = builtRouteHandlers().filter((route) => route !== '/api/health' && !route.startsWith('/api/auth') && !(route.startsWith('/api/v1/') && route !== '/api/v1/openapi.json'));
  for (const route of routes) {
    const url = route.replace(/\[[^\]]+\]/g, PLACEHOLDER_ID);
    for (const cookie of [undefined, 'authjs.session-token=forged-or-expired']) {
      const response = await request.get(url, { headers: cookie ? { Cookie: cookie } : {}, maxRedirects: 0 });
      expect([401, 307, 303], `${route} ${cookie ?? 'no cookie'}`).toContain(response.status());
    }
  }
  const health = await request.get('/api/health');
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok' });
});

test('a flood of requests with bogus session cookies adds a bounded number of audit rows, and the API answers 429 past its limit', async ({ request }) => {
  const denied = () => query<{ n: number }>("select count(*) as n from audit_events where action = 'access.denied'")[0].n;
  // The evidence: refusals still counted per address and minute, plus those already summed up in summary rows.
  const evidence = () =>
    query<{ n: number }>("select coalesce(sum(count), 0) as n from anonymous_denials")[0].n +
    query<{ n: number }>("select coalesce(sum(json_extract(detail, '$.count')), 0) as n from audit_events where action = 'access.denied' and json_extract(detail, '$.summary') = 1")[0].n;
  const before = denied();
  const counted = evidence();
  const statuses: number[] = [];
  for (let i = 0; i < 400; i++) {
    const response = await request.get('/api/expiry/export', { headers: { Cookie: `authjs.session-token=bogus-${i}` }, maxRedirects: 0 });
    statuses.push(response.status());
    if (response.status() === 429) expect(Number(response.headers()['retry-after'])).toBeGreaterThan(0);
  }
  expect(new Set(statuses)).toEqual(new Set([401, 429]));
  // At most the first refusal of a new minute and the summary of one that ended meanwhile: never 400 rows.
  expect(denied() - before).toBeLessThanOrEqual(3);
  expect(evidence() - counted).toBeGreaterThanOrEqual(399);
});

test('the data directory is 0700 and every file in it 0600 while the portal runs', () => {
  const loose: string[] = [];
  const walk = (entry: string) => {
    const stat = fs.lstatSync(entry);
    const want = stat.isDirectory() ? 0o700 : 0o600;
    if (!stat.isSymbolicLink() && (stat.mode & 0o777) !== want) loose.push(`${entry} ${(stat.mode & 0o777).toString(8)}`);
    if (stat.isDirectory()) for (const child of fs.readdirSync(entry)) walk(path.join(entry, child));
  };
  walk(dataDir());
  expect(fs.existsSync(path.join(dataDir(), 'portal.db-wal'))).toBe(true);
  expect(loose).toEqual([]);
});
