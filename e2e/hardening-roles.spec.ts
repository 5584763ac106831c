import type { APIRequestContext } from '@playwright/test';
import { actionBody, builtPageRoutes, builtRouteHandlers, manifestActions, PLACEHOLDER_ID } from './hardening-build';
import { createAccount, expect, query, signInAs, test, type TestAccount } from './fixtures';

type Role = TestAccount['role'];
const ALL: Role[] = ['admin', 'operator', 'auditor'];

/**
 * The brief's role table, per server action. Every action in the build must be listed: add yours
 * here with the roles allowed and, when your action validates its form before it authorizes,
 * fields that pass validation (so a refused role reaches the role check and is audited).
 * `fields` may use {target}: the id of a throwaway account.
 */
const ACTIONS: Record<string, { roles: Role[] | 'public'; fields?: Record<string, string>; last?: boolean }> = {
  signInAction: { roles: 'public' },
  createFirstAdminAction: { roles: 'public' },
  signOutAction: { roles: ALL, last: true },
  signOutEverywhereAction: { roles: ALL, last: true },
  changeOwnPasswordAction: { roles: ALL, fields: { currentPassword: 'not the current one', newPassword: 'a new passphrase here', confirm: 'a new passphrase here' } },
  createAccountAction: { roles: ['admin'], fields: { name: 'Role test', email: 'role-test-{n}@example.test', role: 'auditor', password: 'role table passphrase' } },
  changeRoleAction: { roles: ['admin'], fields: { accountId: '{target}', role: 'auditor' } },
  setAccountDisabledAction: { roles: ['admin'], fields: { accountId: '{target}', disabled: 'false' } },
  resetPasswordAction: { roles: ['admin'], fields: { accountId: '{target}', password: 'role table passphrase' } },
  setAuditRetentionAction: { roles: ['admin'], fields: { days: '0' } },
  resetSandboxAction: { roles: ['admin'] },
  newSandboxSecretAction: { roles: ['admin'] },
  // authKeys: writing keys and their secrets is for administrators; testing a saved key also for operators.
  testValuesAction: { roles: ['admin'] },
  createKeyAction: { roles: ['admin'] },
  updateKeyAction: { roles: ['admin'] },
  replaceSecretAction: { roles: ['admin'] },
  saveAlertRecipientsAction: { roles: ['admin'] },
  deleteKeyAction: { roles: ['admin'] },
  testKeyAction: { roles: ['admin', 'operator'] },
  // Rotation changes secrets: administrators only.
  rotateSecretAction: { roles: ['admin'] },
  addPasswordAction: { roles: ['admin'] },
  rollbackAction: { roles: ['admin'] },
  removeOldSecretAction: { roles: ['admin'] },
  // Certificates and automatic rotation (issue 11), consumers and the hand-off (issue 18): administrators.
  prepareCertificateAction: { roles: ['admin'] },
  uploadToSandboxAction: { roles: ['admin'] },
  saveAutoRotationAction: { roles: ['admin'] },
  rotateNowAction: { roles: ['admin'] },
  addConsumerAction: { roles: ['admin'] },
  removeConsumerAction: { roles: ['admin'] },
  revealSecretAction: { roles: ['admin'] },
  confirmHandOffAction: { roles: ['admin'] },
  // Expiry: checking every key is a test (operators too); thresholds and alert channels are settings.
  checkAllNowAction: { roles: ['admin', 'operator'] },
  saveThresholdsAction: { roles: ['admin'] },
  saveChannelAction: { roles: ['admin'] },
  deleteChannelAction: { roles: ['admin'] },
  sendTestAlertAction: { roles: ['admin'] },
  // Provisioning: what the keys exist for. Operators run it; auditors only read.
  testProvisioningKeyAction: { roles: ['admin', 'operator'] },
  createUserAction: { roles: ['admin', 'operator'] },
  updateUserAction: { roles: ['admin', 'operator'] },
  setEnabledAction: { roles: ['admin', 'operator'] },
  resetUserPasswordAction: { roles: ['admin', 'operator'] },
  deleteUserAction: { roles: ['admin', 'operator'] },
  addGroupAction: { roles: ['admin', 'operator'] },
  removeGroupAction: { roles: ['admin', 'operator'] },
  assignLicenseAction: { roles: ['admin', 'operator'] },
  removeLicenseAction: { roles: ['admin', 'operator'] },
  uploadCsvAction: { roles: ['admin', 'operator'] },
  dryRunAction: { roles: ['admin', 'operator'] },
  startJobAction: { roles: ['admin', 'operator'] },
  cancelJobAction: { roles: ['admin', 'operator'] },
  // Automation API tokens: administrators only (an operator or auditor cannot create one).
  createApiTokenAction: { roles: ['admin'], fields: { name: 'Role table {n}', days: '1', requestsPerMinute: '10', scopes: 'keys:read' } },
  revokeApiTokenAction: { roles: ['admin'] },
};

/** Every page, by the roles that may open it; any other role gets the 403 page. */
const PAGES: Record<string, Role[] | 'public'> = {
  '/': ALL,
  '/sign-in': 'public',
  '/change-password': ALL,
  '/keys': ALL,
  '/keys/new': ['admin'],
  '/keys/[keyId]': ALL,
  '/keys/[keyId]/edit': ['admin'],
  '/keys/[keyId]/rotate': ALL,
  '/notifications': ALL,
  '/audit': ['admin', 'auditor'],
  '/sandbox': ALL,
  '/settings': ALL,
  '/settings/password': ALL,
  '/settings/thresholds': ALL,
  '/settings/alerts': ['admin'],
  '/settings/accounts': ['admin'],
  '/settings/api-tokens': ['admin'],
  '/api-reference': ALL,
  '/provisioning': ['admin', 'operator'],
  '/provisioning/[keyId]': ['admin', 'operator'],
  '/provisioning/[keyId]/users/new': ['admin', 'operator'],
  '/provisioning/[keyId]/users/[userId]': ['admin', 'operator'],
  '/provisioning/[keyId]/bulk': ['admin', 'operator'],
  '/provisioning/[keyId]/bulk/[jobId]': ['admin', 'operator'],
};

/** Route handlers (GET), other than health and Auth.js's own. */
const ROUTES: Record<string, Role[]> = {
  '/audit/export': ['admin', 'auditor'],
  // Expiry dates are no secret: everyone who can see the dashboard can export it.
  '/api/expiry/export': ALL,
  '/api/provisioning/template': ['admin', 'operator'],
  '/api/provisioning/jobs/[jobId]': ['admin', 'operator'],
  '/api/provisioning/jobs/[jobId]/results': ['admin', 'operator'],
  '/api/v1/openapi.json': ALL,
  '/api/reference-assets/[file]': ALL,
};

const denials = (accountId: string) => query<{ n: number }>("select count(*) as n from audit_events where action = 'access.denied' and actor_id = ?", accountId)[0].n;

async function signedInRequest(browser: import('@playwright/test').Browser, role: Role) {
  const account = await createAccount(role);
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, account);
  return { account, request: page.request as APIRequestContext, origin: new URL(page.url()).origin, close: () => context.close() };
}

test('every server action and route handler is allowed exactly to the roles of the brief, and every refusal is audited', async ({ browser }) => {
  test.setTimeout(180_000);
  const actions = manifestActions();
  const missing = actions.map((a) => a.exportedName).filter((name) => !(name in ACTIONS));
  expect(missing, 'server actions missing from the role table in e2e/hardening-roles.spec.ts').toEqual([]);
  // The rest of /api/v1 takes Bearer tokens only and ignores sessions: e2e/api.spec.ts drives it.
  const routes = builtRouteHandlers().filter((r) => r !== '/api/health' && !r.startsWith('/api/auth') && !(r.startsWith('/api/v1/') && r !== '/api/v1/openapi.json'));
  expect(routes.filter((r) => !(r in ROUTES)), 'route handlers missing from the role table').toEqual([]);
  const pages = builtPageRoutes();
  expect(pages.filter((p) => !(p in PAGES)), 'pages missing from the role table').toEqual([]);

  const target = await createAccount('auditor');
  const ordered = [...actions].sort((a, b) => Number(ACTIONS[a.exportedName].last ?? false) - Number(ACTIONS[b.exportedName].last ?? false));
  let n = 0;
  for (const role of ALL) {
    const session = await signedInRequest(browser, role);
    // Pages: a refused role gets the 403 page, audited; an allowed one never a 403 or a crash.
    for (const pagePath of pages) {
      const allowed = PAGES[pagePath];
      if (allowed === 'public') continue;
      const before = denials(session.account.id);
      const response = await session.request.get(pagePath.replace(/\[[^\]]+\]/g, PLACEHOLDER_ID), { maxRedirects: 0 });
      const label = `page ${pagePath} as ${role} (${response.status()})`;
      if (allowed.includes(role)) {
        expect([401, 403], label).not.toContain(response.status());
        expect(response.status(), label).toBeLessThan(500);
      } else {
        expect(response.status(), label).toBe(403);
        expect(await response.text(), label).toContain('Not available to your role');
        expect(denials(session.account.id) - before, label).toBe(1);
      }
    }
    // Route handlers next: the actions end with signing out.
    for (const route of routes) {
      const before = denials(session.account.id);
      const response = await session.request.get(route.replace(/\[[^\]]+\]/g, PLACEHOLDER_ID), { maxRedirects: 0 });
      const label = `GET ${route} as ${role} (${response.status()})`;
      if (ROUTES[route].includes(role)) {
        // Allowed is "not refused": a placeholder id may well be a 404.
        expect([401, 403], label).not.toContain(response.status());
        expect(response.status(), label).toBeLessThan(500);
        expect(denials(session.account.id) - before, label).toBe(0);
      } else {
        expect(response.status(), label).toBe(403);
        expect(denials(session.account.id) - before, label).toBe(1);
      }
    }
    for (const action of ordered) {
      const entry = ACTIONS[action.exportedName];
      if (entry.roles === 'public') continue;
      const fields = Object.fromEntries(Object.entries(entry.fields ?? {}).map(([k, v]) => [k, v.replace('{target}', target.id).replace('{n}', String(++n))]));
      const before = denials(session.account.id);
      const response = await session.request.post(action.route, {
        headers: { 'Next-Action': action.id, Origin: session.origin, Accept: 'text/x-component' },
        multipart: actionBody(fields),
        maxRedirects: 0,
      });
      const label = `${action.exportedName} as ${role} (${response.status()})`;
      const refused = denials(session.account.id) - before;
      if (entry.roles.includes(role)) {
        expect(refused, `${label} should be allowed`).toBe(0);
        expect(response.status(), label).toBeLessThan(500);
      } else {
        expect(refused, `${label} should be refused and audited once`).toBe(1);
        // The refusal is the action's own error state, not a crash.
        expect(response.status(), label).toBe(200);
        expect(await response.text(), label).toContain('Your role does not allow this.');
      }
    }
    await session.close();
  }
  // The admin's calls really happened (the table is not vacuous).
  expect(query("select count(*) as n from accounts where email like 'role-test-%'")).toEqual([{ n: 1 }]);
});
