import AxeBuilder from '@axe-core/playwright';
import { builtPages } from './hardening-build';
import { expect, test } from './fixtures';
import { ApiReferencePage } from './pages/api-reference-page';

for (const colorScheme of ['light', 'dark'] as const) {
  test(`every page has no serious or critical axe violations in ${colorScheme} mode`, async ({ adminPage: page }) => {
    test.setTimeout(180_000);
    await page.emulateMedia({ colorScheme });
    const problems: string[] = [];
    for (const route of builtPages()) {
      // Sign-in and change-password redirect a signed-in admin; they are checked below as a visitor.
      if (route === '/sign-in' || route === '/change-password') continue;
      await page.goto(route);
      if (route === '/api-reference') await new ApiReferencePage(page).waitForRender();
      const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      for (const v of violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
        problems.push(`${route}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
      }
    }
    // Then as a visitor: the sign-in page (change-password renders the same form as /settings/password).
    await page.context().clearCookies();
    await page.goto('/sign-in');
    const signIn = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    for (const v of signIn.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) problems.push(`/sign-in: ${v.id} ${v.help}`);
    expect(problems).toEqual([]);
  });
}

// Swagger UI renders after the page: the loop above waits for it; this opens what a reader opens.
for (const colorScheme of ['light', 'dark'] as const) {
  test(`the API reference, with an operation tried out and the Authorize dialog open, has no serious or critical axe violations in ${colorScheme} mode`, async ({ adminPage: page }) => {
    await page.emulateMedia({ colorScheme });
    const reference = new ApiReferencePage(page);
    await reference.goto();
    await reference.openFirstOperation();
    await reference.tryItOut();
    await reference.openAuthorize();
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
  });
}
