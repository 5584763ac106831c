import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useTempDb, type TempDb } from '@/test/temp-db';
import { closeDatabase, databasePath, openDatabase, transaction } from '@/db';
import { acquireLease, holdsLease, releaseLease, renewLease } from './scheduler-lease';

// The scheduler reaches the session module through the health check; no session is needed here.
vi.mock('@/lib/auth/session', () => import('@/test/fake-session'));
const { createScheduler, LEADER_TTL_MS } = await import('./scheduler');

let temp: TempDb;
beforeAll(async () => {
  temp = await useTempDb();
});
afterAll(() => temp.close());

describe('scheduler lease', () => {
  it('lets one owner at a time hold it, across connections, until it expires or is released, with a fence that grows at each hand-over', async () => {
    const other = openDatabase(temp.url ?? databasePath(temp.dir));
    const t0 = new Date('2030-01-01T00:00:00Z');
    expect(await acquireLease(temp.db, 'checks', 'a', t0, 60_000)).toBe(1);
    expect(await acquireLease(other, 'checks', 'b', t0, 60_000)).toBeNull();
    // Held means held, even for its owner: two overlapping runs in one process are refused too.
    expect(await acquireLease(temp.db, 'checks', 'a', t0, 60_000)).toBeNull();
    expect(await renewLease(temp.db, 'checks', 'a', new Date(t0.getTime() + 30_000), 60_000)).toBe(true);
    expect(await acquireLease(other, 'checks', 'b', new Date(t0.getTime() + 61_000), 60_000)).toBeNull();
    expect(await acquireLease(other, 'checks', 'b', new Date(t0.getTime() + 91_000), 60_000)).toBe(2);
    expect(await renewLease(temp.db, 'checks', 'a', new Date(t0.getTime() + 92_000), 60_000)).toBe(false);
    // The old holder's fence no longer holds: what it would record is refused.
    expect(await transaction((tx) => holdsLease(tx, 'checks', 'a', 1), temp.db)).toBe(false);
    expect(await transaction((tx) => holdsLease(tx, 'checks', 'b', 2), temp.db)).toBe(true);
    await releaseLease(other, 'checks', 'b');
    expect(await acquireLease(temp.db, 'checks', 'a', new Date(t0.getTime() + 93_000), 60_000)).toBe(3);
    await closeDatabase(other);
  });

  it('gives the scheduler one leader, and hands leadership over only once the leader stops renewing', async () => {
    let now = Date.parse('2031-01-01T00:00:00Z');
    const clock = () => new Date(now);
    const a = createScheduler({ owner: 'instance-a', clock });
    const b = createScheduler({ owner: 'instance-b', clock });
    const first = await a.lead();
    expect(first).not.toBeNull();
    expect(await b.lead()).toBeNull();
    // The leader renews within its lease: the follower stays a follower.
    now += LEADER_TTL_MS / 2;
    expect(await a.lead()).toBe(first);
    now += LEADER_TTL_MS / 2 + 1_000;
    expect(await b.lead()).toBeNull();
    // The leader died (no renewal for a whole lease): the follower's next attempt takes over.
    now += LEADER_TTL_MS;
    const second = await b.lead();
    expect(second).toBe(first! + 1);
    expect(await a.lead()).toBeNull();
  });
});
