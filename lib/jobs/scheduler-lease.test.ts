import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTempDb } from '@/lib/testing/temp-db';
import { databasePath, openDatabase } from '@/db';
import { acquireLease, releaseLease, renewLease } from './scheduler-lease';

let temp: ReturnType<typeof useTempDb>;
beforeAll(() => {
  temp = useTempDb();
});
afterAll(() => temp.close());

describe('scheduler lease', () => {
  it('lets one owner at a time hold it, across connections, until it expires or is released', () => {
    const other = openDatabase(databasePath(temp.dir));
    const t0 = new Date('2030-01-01T00:00:00Z');
    expect(acquireLease(temp.db, 'checks', 'a', t0, 60_000)).toBe(true);
    expect(acquireLease(other, 'checks', 'b', t0, 60_000)).toBe(false);
    // Held means held, even for its owner: two overlapping runs in one process are refused too.
    expect(acquireLease(temp.db, 'checks', 'a', t0, 60_000)).toBe(false);
    expect(renewLease(temp.db, 'checks', 'a', new Date(t0.getTime() + 30_000), 60_000)).toBe(true);
    expect(acquireLease(other, 'checks', 'b', new Date(t0.getTime() + 61_000), 60_000)).toBe(false);
    expect(acquireLease(other, 'checks', 'b', new Date(t0.getTime() + 91_000), 60_000)).toBe(true);
    expect(renewLease(temp.db, 'checks', 'a', new Date(t0.getTime() + 92_000), 60_000)).toBe(false);
    releaseLease(other, 'checks', 'b');
    expect(acquireLease(temp.db, 'checks', 'a', new Date(t0.getTime() + 93_000), 60_000)).toBe(true);
    other.$client.close();
  });
});
