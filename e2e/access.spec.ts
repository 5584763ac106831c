import fs from 'node:fs';
import path from 'node:path';
import { expect, query, test } from './fixtures';

// Reads the production build the server runs, so every page and action is covered as it is added.
const distDir = path.resolve(process.env.NEXT_DIST_DIR || '.next');

type ActionEntry = { workers: Record<string, unknown>; filename?: string; exportedName?: string };

function builtActions(): [string, ActionEntry][] {
  const manifest = JSON.parse(fs.readFileSync(path.join(distDir, 'server', 'server-reference-manifest.json'), 'utf8'));
  return Object.entries(manifest.node as Record<string, ActionEntry>);
}

function builtPages(): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(distDir, 'app-path-routes-manifest.json'), 'utf8')) as Record<string, string>;
  return Object.entries(manifest)
    .filter(([entry]) => entry.endsWith('/page'))
    .map(([, route]) => route.replace(/\[\.\.\.[^\]]+\]|\[[^\]]+\]/g, '00000000-0000-4000-8000-000000000000'));
}

// Actions that must work without a session, because they are how a session begins.
const PUBLIC_ACTIONS = new Set(['signInAction', 'createFirstAdminAction']);

/** Row counts of every table whose change would matter (audit rows of the refusals are expected). */
function tableCounts() {
  const tables = query<{ name: string }>("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not in ('audit_events', 'sign_in_attempts', '__drizzle_migrations')");
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
  const actions = builtActions();
  expect(actions.length).toBeGreaterThan(0);
  const before = tableCounts();
  for (const [id, entry] of actions) {
    const worker = Object.keys(entry.workers)[0];
    const route = '/' + worker.replace(/^app\//, '').replace(/\/page$/, '').split('/').filter((s) => !s.startsWith('(')).join('/');
    for (const cookie of [undefined, 'authjs.session-token=forged-or-expired']) {
      const response = await request.post(route.replace(/\[[^\]]+\]/g, '00000000-0000-4000-8000-000000000000'), {
        headers: { 'Next-Action': id, 'Content-Type': 'text/plain;charset=UTF-8', Origin: new URL(test.info().project.use.baseURL!).origin, ...(cookie ? { Cookie: cookie } : {}) },
        data: '[]',
        maxRedirects: 0,
      });
      const label = `${entry.filename}#${entry.exportedName} ${cookie ? 'with a forged cookie' : 'without a cookie'}`;
      if (PUBLIC_ACTIONS.has(entry.exportedName ?? '')) {
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
  const manifest = JSON.parse(fs.readFileSync(path.join(distDir, 'app-path-routes-manifest.json'), 'utf8')) as Record<string, string>;
  const routes = Object.entries(manifest)
    .filter(([entry]) => entry.endsWith('/route'))
    .map(([, route]) => route)
    .filter((route) => route !== '/api/health' && !route.startsWith('/api/auth'));
  for (const route of routes) {
    const url = route.replace(/\[[^\]]+\]/g, '00000000-0000-4000-8000-000000000000');
    for (const cookie of [undefined, 'authjs.session-token=forged-or-expired']) {
      const response = await request.get(url, { headers: cookie ? { Cookie: cookie } : {}, maxRedirects: 0 });
      expect([401, 307, 303], `${route} ${cookie ?? 'no cookie'}`).toContain(response.status());
    }
  }
  const health = await request.get('/api/health');
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok' });
});
