import { expect, removeCreatedKeysAfterAll, test } from './fixtures';
import { BulkCreatePage, createSandboxKey } from './pages/provisioning-bulk-page';
import { ProvisioningPage } from './pages/provisioning-page';
import { sandboxAdmin, sandboxUser } from './pages/provisioning-sandbox';

const KEY = 'Bulk e2e key';

// Entra's "Bulk create users" template (shared/graph/FACTS.md): a version row, then these headers.
const ENTRA_HEADERS =
  'Name [displayName] Required,User name [userPrincipalName] Required,Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] Required,First name [givenName],Last name [surname],Job title [jobTitle],Department [department],Usage location [usageLocation],Street address [streetAddress],State or province [state],Country or region [country],Office [physicalDeliveryOfficeName],City [city],ZIP or postal code [postalCode],Office phone [telephoneNumber],Mobile phone [mobile]';

const TOTAL = 25;
const INVALID = { 7: 'User name must look like name@domain.', 15: 'Initial password: use at least 8 characters.' } as const;
const EXISTING = { 4: 'megan.bowen', 12: 'alex.wilber' } as const;

/** 25 rows under the template's own header row: rows 7 and 15 invalid, rows 4 and 12 seeded users. */
function newHires(header: string, domain: string, prefix: string): { csv: string; created: string[] } {
  const columns = header.split(',').length;
  const created: string[] = [];
  const lines = ['version:v1.0', header];
  for (let n = 1; n <= TOTAL; n++) {
    let upn = `${prefix}-${n}@${domain}`;
    let password = `Welcome!${n}x`;
    if (n in EXISTING) upn = `${EXISTING[n as keyof typeof EXISTING]}@${domain}`;
    else if (n === 7) upn = 'not-a-user-name';
    else if (n === 15) password = 'short';
    else created.push(upn);
    const cells = [`New hire ${n}`, upn, password, 'No', 'New', `Hire ${n}`, '', 'Onboarding', 'US'];
    lines.push([...cells, ...Array(columns - cells.length).fill('')].join(','));
  }
  return { csv: lines.join('\n'), created };
}

type Logged = { method: string; path: string; status: number };
const creates = async (since: number) =>
  ((await sandboxAdmin('GET', `requests?since=${since}`)).body as { requests: Logged[] }).requests.filter((e) => e.method === 'POST' && e.path === '/v1.0/users' && e.status === 201).length;

/** The results file as rows keyed by its header. */
function parseResults(text: string): Record<string, string>[] {
  const [head, ...rest] = text.trim().split(/\r?\n/);
  const names = head.split(',');
  // Messages may hold commas inside quotes: only the leading columns are read here.
  return rest.map((line) => Object.fromEntries(line.split(',').slice(0, 4).map((v, i) => [names[i], v])));
}

removeCreatedKeysAfterAll();

test('bulk create from CSV: template, preview with row errors, dry run, live progress, results, and an idempotent re-run', async ({ adminPage: page }) => {
  const { tenant } = await createSandboxKey(page, KEY);
  const domain = tenant.domains[0];
  const bulk = new BulkCreatePage(page);
  await bulk.open(KEY);

  // The template follows Entra's: version row, Entra's headers, then our groups and license columns.
  const template = await bulk.downloadTemplate();
  expect(template.name).toBe('UserCreateTemplate.csv');
  const [version, header] = template.text.split(/\r?\n/);
  expect(version).toBe('version:v1.0');
  expect(header.startsWith(`${ENTRA_HEADERS},`)).toBe(true);
  expect(header).toMatch(/\[groups\].*\[license\]$/);

  const prefix = `bulk-e2e-${Date.now().toString(36)}`;
  const { csv, created } = newHires(header, domain, prefix);
  expect(created).toHaveLength(21);
  const fileName = `${prefix}.csv`;
  await bulk.upload(fileName, csv);

  // Preview: nothing sent yet; each invalid row carries its reason beside it.
  await expect(page.getByText(`2 of ${TOTAL} rows have problems and will be skipped`)).toBeVisible();
  for (const [n, reason] of Object.entries(INVALID)) {
    await expect(bulk.row(Number(n)).getByRole('cell').nth(3)).toHaveText('invalid');
    await expect(bulk.row(Number(n))).toContainText(reason);
  }
  await expect(bulk.row(1).getByRole('cell').nth(3)).toHaveText('pending');

  // The dry run reads only: the two seeded users already exist, the two invalid rows would fail.
  const since = Date.now();
  await bulk.dryRun();
  await expect(page.getByText('Dry run: 21 would be created, 2 already exist, 2 would fail. Nothing was changed.')).toBeVisible();
  const dryRows = bulk.dryRunTable().getByRole('row');
  await expect(dryRows).toHaveCount(5);
  for (const [i, n, outcome] of [[1, 4, 'already exists'], [2, 7, 'would fail'], [3, 12, 'already exists'], [4, 15, 'would fail']] as const) {
    await expect(dryRows.nth(i).getByRole('cell').first()).toHaveText(String(n));
    await expect(dryRows.nth(i).getByRole('cell').nth(2)).toHaveText(outcome);
  }
  await expect(dryRows.nth(2)).toContainText(INVALID[7]);
  expect(await creates(since)).toBe(0);

  // Run it: the bar fills and the results say what happened to every row.
  // After the dry run the button says how many users will really be created.
  await bulk.start('Create 21 of 23 users');
  await bulk.waitForCompletion(TOTAL);
  await expect(bulk.filterLink('created (21)')).toBeVisible();
  await expect(bulk.filterLink('already exists (2)')).toBeVisible();
  await expect(bulk.filterLink('failed (2)')).toBeVisible();
  await expect(bulk.row(4).getByRole('cell').nth(3)).toHaveText('already exists');
  await expect(bulk.row(7).getByRole('cell').nth(3)).toHaveText('failed');
  await expect(bulk.row(1).getByRole('cell').nth(3)).toHaveText('created');

  const results = await bulk.downloadResults();
  expect(results.name).toMatch(/^bulk-results-[0-9a-f]{8}\.csv$/);
  expect(results.text).not.toContain('Welcome!');
  const lines = parseResults(results.text);
  expect(lines).toHaveLength(TOTAL);
  const outcome = (o: string) => lines.filter((l) => l.Outcome === o);
  expect([outcome('created').length, outcome('exists').length, outcome('failed').length]).toEqual([21, 2, 2]);
  expect(outcome('created').map((l) => l['User name'])).toEqual(created);

  // The tenant holds each new user once, with the id the results name.
  expect(await creates(since)).toBe(21);
  for (const line of outcome('created')) {
    const user = await sandboxUser(line['User name']);
    expect(user?.id, line['User name']).toBe(line['Object ID']);
  }

  // The same file again: every valid row already exists, nobody is created twice.
  const again = Date.now();
  await bulk.open(KEY);
  await bulk.upload(fileName, csv);
  await bulk.start('Create 23 users');
  await bulk.waitForCompletion(TOTAL);
  await expect(bulk.filterLink('already exists (23)')).toBeVisible();
  await expect(bulk.filterLink('failed (2)')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Filter rows' }).getByRole('link', { name: /^created/ })).toHaveCount(0);
  expect(await creates(again)).toBe(0);
});

test('the preview flags an unverified domain, the dry run counts license seats, and the results count users created with warnings apart', async ({ adminPage: page }) => {
  // A known number of free seats: the seed's EXCHANGESTANDARD has 10, 8 of them used.
  await sandboxAdmin('POST', 'reset');
  const { tenant } = await createSandboxKey(page, `${KEY} seats`);
  const domain = tenant.domains[0];
  const bulk = new BulkCreatePage(page);
  await bulk.open(`${KEY} seats`);
  const prefix = `seats-${Date.now().toString(36)}`;
  const header = 'Name [displayName] Required,User name [userPrincipalName] Required,Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] Required,Usage location [usageLocation],License (SKU part number or ID) [license]';
  const rows = [1, 2, 3, 4, 5].map((n) => `Seat ${n},${prefix}-${n}@${domain},Welcome!${n}x,No,US,EXCHANGESTANDARD`);
  rows.push(`Elsewhere,${prefix}-6@unverified.example,Welcome!6x,No,US,`);
  await bulk.upload(`${prefix}.csv`, ['version:v1.0', header, ...rows].join('\n'));

  // The preview already knows the tenant's verified domains.
  await expect(bulk.row(6).getByRole('cell').nth(3)).toHaveText('invalid');
  await expect(bulk.row(6)).toContainText(`The domain unverified.example is not a verified domain of this tenant (${tenant.domains.join(', ')})`);

  await bulk.dryRun();
  await expect(page.getByText('Dry run: 5 would be created (3 with warnings: EXCHANGESTANDARD has 2 free seats for 5), 0 already exist, 1 would fail. Nothing was changed.')).toBeVisible();
  await expect(page.getByRole('status').or(page.getByRole('alert')).filter({ hasText: 'Not enough licenses' })).toContainText('EXCHANGESTANDARD: 5 rows need a seat, 2 free. 3 users would be created without it.');
  await expect(bulk.dryRunTable().getByRole('row').filter({ hasText: 'created with warnings' })).toHaveCount(3);

  await bulk.start('Create 5 users');
  await bulk.waitForCompletion(6);
  await expect(bulk.filterLink('created (2)')).toBeVisible();
  await expect(bulk.filterLink('created with warnings (3)')).toBeVisible();
  await expect(bulk.filterLink('failed (1)')).toBeVisible();
  await expect(page.getByTestId('count-warning')).toHaveText('3');
  await bulk.filterLink('created with warnings (3)').click();
  await expect(page.getByRole('table', { name: 'Rows of the file' }).getByRole('row').filter({ hasText: 'Created, but: Adding license EXCHANGESTANDARD failed' })).toHaveCount(3);
  const results = parseResults((await bulk.downloadResults()).text);
  expect(results.filter((l) => l.Outcome === 'created with warnings')).toHaveLength(3);
  await sandboxAdmin('POST', 'reset');
});

test('the users table pages back as well as forward, keeping the search', async ({ adminPage: page }) => {
  const { tenant } = await createSandboxKey(page, `${KEY} paging`);
  const prefix = `pager${Date.now().toString(36)}`;
  const bulk = new BulkCreatePage(page);
  await bulk.open(`${KEY} paging`);
  const header = 'Name [displayName] Required,User name [userPrincipalName] Required,Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] Required';
  const rows = Array.from({ length: 30 }, (_, i) => `${prefix} ${String(i + 1).padStart(2, '0')},${prefix}-${i + 1}@${tenant.domains[0]},Welcome!${i + 1}x,No`);
  await bulk.upload(`${prefix}.csv`, ['version:v1.0', header, ...rows].join('\n'));
  await bulk.start('Create 30 users');
  await bulk.waitForCompletion(30);

  const provisioning = new ProvisioningPage(page);
  await provisioning.chooseKey(`${KEY} paging`);
  await provisioning.search(prefix);
  const pages = page.getByRole('navigation', { name: 'Pages of users' });
  const users = page.getByRole('table', { name: 'Users' }).getByRole('row').filter({ hasText: prefix });
  await expect(users).toHaveCount(25);
  await expect(pages).toContainText('Page 1');
  await expect(pages.getByRole('link', { name: 'Previous page' })).toHaveCount(0);
  await pages.getByRole('link', { name: 'Next page' }).click();
  await expect(users).toHaveCount(5);
  await expect(pages).toContainText('Page 2');
  await expect(page.getByLabel('Search users')).toHaveValue(prefix);
  await pages.getByRole('link', { name: 'Previous page' }).click();
  await expect(users).toHaveCount(25);
  await expect(pages).toContainText('Page 1');
  await expect(page.getByLabel('Search users')).toHaveValue(prefix);
  await expect(pages.getByRole('link', { name: 'First page' })).toHaveCount(0);
});
