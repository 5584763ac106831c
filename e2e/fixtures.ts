import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { hash } from '@node-rs/argon2';
import { test as base, expect, type Page } from '@playwright/test';
import { SignInPage } from './pages/sign-in-page';

export { expect };

export const DEFAULT_PASSWORD = 'correct horse battery staple';

export function dataDir(): string {
  const dir = process.env.E2E_DATA_DIR;
  if (!dir) throw new Error('E2E_DATA_DIR is not set: run the specs through playwright.config.ts');
  return dir;
}

/** The portal's own database, opened beside the running server (WAL allows it) to set up and verify. */
export function openPortalDb(): Database.Database {
  const db = new Database(path.join(dataDir(), 'portal.db'));
  db.pragma('busy_timeout = 5000');
  return db;
}

export function query<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[] {
  const db = openPortalDb();
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

export function run(sql: string, ...params: unknown[]): void {
  const db = openPortalDb();
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

export type TestAccount = { id: string; email: string; password: string; role: 'admin' | 'operator' | 'auditor' };

/** Creates a portal account straight in the database, as an administrator would through Settings. */
export async function createAccount(role: TestAccount['role'] = 'admin', password = DEFAULT_PASSWORD): Promise<TestAccount> {
  const id = randomUUID();
  const email = `${role}-${id.slice(0, 8)}@example.test`;
  const passwordHash = await hash(password, { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  run('insert into accounts (id, email, name, role, password_hash) values (?, ?, ?, ?, ?)', id, email, `Test ${role}`, role, passwordHash);
  return { id, email, password, role };
}

export async function signInAs(page: Page, account: TestAccount): Promise<void> {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(account.email, account.password);
  await expect(page.getByTestId('signed-in-account')).toHaveText(account.email);
}

type Fixtures = { admin: TestAccount; adminPage: Page };

export const test = base.extend<Fixtures>({
  admin: async ({}, provide) => {
    await provide(await createAccount('admin'));
  },
  adminPage: async ({ page, admin }, provide) => {
    await signInAs(page, admin);
    await provide(page);
  },
});

/**
 * Call at the top of a spec that saves authKeys: deletes the keys it created once its tests are
 * done (their credentials and test history go with them), so later specs start from the key list
 * they expect. The audit trail stays.
 */
export function removeCreatedKeysAfterAll(): void {
  let before = new Set<string>();
  test.beforeAll(() => {
    before = new Set(query<{ id: string }>('select id from auth_keys').map((r) => r.id));
  });
  test.afterAll(() => {
    for (const { id } of query<{ id: string }>('select id from auth_keys')) if (!before.has(id)) run('delete from auth_keys where id = ?', id);
  });
}
