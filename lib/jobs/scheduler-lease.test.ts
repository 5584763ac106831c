import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDb, type TempDb } from '@/test/temp-db';
import { closeDatabase, databasePath, openDatabase } from '@/db';
import { acquireLease, releaseLease, renewLease } from './scheduler-lease';

let temp: TempDb;
beforeAll(async () => {
  temp = await useTempDb();
});
afterAll(() => temp.close());

describe('scheduler lease', () => {
  it('lets one owner at a time hold it, across connections, until it expires or is released', async () => {
    const other = openDatabase(temp.url ?? databasePath(temp.dir));
    const t0 = new Date('2030-01-01T00:00:00Z');
    expect(await acquireLease(temp.db, 'checks', 'a', t0, 60_000)).toBe(true);
    expect(await acquireLease(other, 'checks', 'b', t0, 60_000)).toBe(false);
    // Held means held, even for its owner: two overlapping runs in one process are refused too.
    expect(await acquireLease(temp.db, 'checks', 'a', t0, 60_000)).toBe(false);
    expect(await renewLease(temp.db, 'checks', 'a', new Date(t0.getTime() + 30_000), 60_000)).toBe(true);
    expect(await acquireLease(other, 'checks', 'b', new Date(t0.getTime() + 61_000), 60_000)).toBe(false);
    expect(await acquireLease(other, 'checks', 'b', new Date(t0.getTime() + 91_000), 60_000)).toBe(true);
    expect(await renewLease(temp.db, 'checks', 'a', new Date(t0.getTime() + 92_000), 60_000)).toBe(false);
    await releaseLease(other, 'checks', 'b');
    expect(await acquireLease(temp.db, 'checks', 'a', new Date(t0.getTime() + 93_000), 60_000)).toBe(true);
    await closeDatabase(other);
  });
});
