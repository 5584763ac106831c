import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useTempDb, type TempDb } from '@/test/temp-db';
import { transaction } from './index';
import { preparedQuery } from './prepared';
import { accounts } from './schema';

// On the running engine (SQLite, then PostgreSQL in the second run): a prepared read answers
// like the query it was built from, and inside a transaction it reads that transaction.
let temp: TempDb;
beforeEach(async () => {
  temp = await useTempDb();
});
afterEach(async () => {
  await temp.close();
});

const emailOf = preparedQuery('test_account_email', (db) => db.select({ email: accounts.email }).from(accounts).where(eq(accounts.id, sql.placeholder('id'))));
const insertAccount = (db: TempDb['db'], id: string, email: string) => db.insert(accounts).values({ id, email, name: 'Test', role: 'operator', passwordHash: 'x' });

describe('preparedQuery', () => {
  it('answers each call with its own values, on a statement reused across calls', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await insertAccount(temp.db, a, 'a@example.test');
    await insertAccount(temp.db, b, 'b@example.test');
    expect(await emailOf({ id: a })).toEqual([{ email: 'a@example.test' }]);
    expect(await emailOf({ id: b })).toEqual([{ email: 'b@example.test' }]);
    expect(await emailOf({ id: randomUUID() })).toEqual([]);
  });

  it('reads inside a transaction what that transaction wrote, and nothing of it once rolled back', async () => {
    const id = randomUUID();
    const seen: unknown[] = [];
    await expect(
      transaction(async (tx) => {
        await insertAccount(tx, id, 'new@example.test');
        seen.push(await emailOf({ id }));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(seen).toEqual([[{ email: 'new@example.test' }]]);
    expect(await emailOf({ id })).toEqual([]);
  });

  it('does not read another request’s transaction before it commits', async () => {
    const id = randomUUID();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const written = new Promise<void>((resolve) => (inserted = resolve));
    const writer = transaction(async (tx) => {
      await insertAccount(tx, id, 'late@example.test');
      inserted();
      await held;
    });
    await written;
    // SQLite waits for the transaction to end; PostgreSQL reads the last committed state.
    const read = emailOf({ id });
    const early = await Promise.race([read.then((rows) => ({ rows })), new Promise((resolve) => setTimeout(() => resolve('waiting'), 100))]);
    release();
    await writer;
    const rows = await read;
    if (early === 'waiting') expect(rows).toEqual([{ email: 'late@example.test' }]);
    else expect(early).toEqual({ rows: [] });
  });
});
