import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { closeDatabase, databasePath, openDatabase, setDb } from '@/db';
import { accounts, auditEvents, throttles } from '@/db/schema';
import { useTempDb, type TempDb } from '@/test/temp-db';
import { hashPassword } from './password';
import { LOCK_AFTER, LOCK_MINUTES, SLOW_DOWN_AFTER, verifyCredentials } from './sign-in';
import { delayFor, MAX_DELAY_MS } from './throttle';

const PASSWORD = 'the right passphrase';
const HERE = '192.0.2.10';
const ELSEWHERE = '198.51.100.7';
let passwordHash: string;
beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

let temp: TempDb;
beforeEach(async () => {
  temp = await useTempDb();
});
afterEach(() => temp.close());

/** A clock the test moves by hand; `sleeps` records every slow-down the sign-in asked for. */
function testClock(start = new Date('2030-01-01T08:00:00.000Z')) {
  let now = start.getTime();
  const sleeps: number[] = [];
  return {
    sleeps,
    advance: (ms: number) => (now += ms),
    clock: { now: () => new Date(now), sleep: async (ms: number) => void sleeps.push(ms) },
  };
}

async function insertAccount(extra: Partial<typeof accounts.$inferInsert> = {}) {
  const id = randomUUID();
  const email = `op-${id.slice(0, 6)}@example.test`;
  await temp.db.insert(accounts).values({ id, email, name: 'Op', role: 'operator', passwordHash, ...extra });
  return { id, email };
}
const audits = async () => (await temp.db.select({ action: auditEvents.action, outcome: auditEvents.outcome, actorEmail: auditEvents.actorEmail }).from(auditEvents));
const pairRow = async (email: string, address = HERE) =>
  (await temp.db.select().from(throttles).where(and(eq(throttles.scope, 'sign-in'), eq(throttles.subject, email), eq(throttles.address, address))))[0];

describe('verifyCredentials', () => {
  it('signs in with the right password, audited, and clears earlier failures', async () => {
    const { email } = await insertAccount();
    const t = testClock();
    const from = { address: HERE, clock: t.clock };
    expect(await verifyCredentials(email, 'wrong', from)).toEqual({ ok: false, reason: 'invalid' });
    const result = await verifyCredentials(` ${email.toUpperCase()} `, PASSWORD, from);
    expect(result).toMatchObject({ ok: true, account: { email, role: 'operator' } });
    expect(await temp.db.select().from(throttles)).toEqual([]);
    expect(await audits()).toEqual([
      { action: 'auth.sign_in_failed', outcome: 'failure', actorEmail: email },
      { action: 'auth.sign_in', outcome: 'success', actorEmail: email },
    ]);
  });

  it('answers an unknown e-mail exactly like a wrong password, and counts both', async () => {
    const { email } = await insertAccount();
    const from = { address: HERE, clock: testClock().clock };
    const wrongPassword = await verifyCredentials(email, 'not it', from);
    const unknownEmail = await verifyCredentials('nobody@example.test', PASSWORD, from);
    expect(unknownEmail).toEqual(wrongPassword);
    expect((await pairRow('nobody@example.test'))?.failures).toBe(1);
    expect((await pairRow(email))?.failures).toBe(1);
  });

  it('refuses a disabled account even with the right password', async () => {
    const { email } = await insertAccount({ disabled: true });
    expect(await verifyCredentials(email, PASSWORD, { address: HERE, clock: testClock().clock })).toEqual({ ok: false, reason: 'invalid' });
  });

  it(`slows down from the ${SLOW_DOWN_AFTER + 1}th attempt, by more each time, up to ${MAX_DELAY_MS / 1000} s`, async () => {
    const { email } = await insertAccount();
    const t = testClock();
    const from = { address: HERE, clock: t.clock };
    for (let i = 1; i <= SLOW_DOWN_AFTER; i++) await verifyCredentials(email, `wrong ${i}`, from);
    expect(t.sleeps).toEqual([]);
    await verifyCredentials(email, 'wrong again', from);
    await verifyCredentials(email, 'and again', from);
    expect(t.sleeps).toEqual([1_000, 2_000]);
    // The right password is slowed down too: the delay does not reveal which guess was right.
    expect((await verifyCredentials(email, PASSWORD, from)).ok).toBe(true);
    expect(t.sleeps).toEqual([1_000, 2_000, 4_000]);
    expect([5, 6, 7, 8, 9, 30].map(delayFor)).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
  });

  it(`locks after ${LOCK_AFTER} failures for ${LOCK_MINUTES} minutes, then starts a fresh count`, async () => {
    const { email } = await insertAccount();
    const t = testClock();
    const from = { address: HERE, clock: t.clock };
    for (let i = 1; i <= LOCK_AFTER; i++) {
      expect(await verifyCredentials(email, `wrong ${i}`, from)).toEqual({ ok: false, reason: 'invalid' });
    }
    expect((await audits()).filter((a) => a.action === 'auth.lockout')).toEqual([{ action: 'auth.lockout', outcome: 'denied', actorEmail: email }]);
    const lockedUntil = (await pairRow(email))?.lockedUntil;
    expect(lockedUntil).toBe(new Date(Date.parse('2030-01-01T08:00:00.000Z') + LOCK_MINUTES * 60_000).toISOString());

    // The 11th attempt is refused even with the right password, and the refusal is audited.
    expect(await verifyCredentials(email, PASSWORD, from)).toEqual({ ok: false, reason: 'locked' });
    expect((await audits()).at(-1)).toEqual({ action: 'auth.sign_in_failed', outcome: 'denied', actorEmail: email });
    t.advance(LOCK_MINUTES * 60_000 - 1_000);
    expect(await verifyCredentials(email, PASSWORD, from)).toEqual({ ok: false, reason: 'locked' });
    // Being locked does not extend the lock.
    expect((await pairRow(email))?.lockedUntil).toBe(lockedUntil);

    // Once the 15 minutes are over, a wrong password counts from one again instead of re-locking.
    t.advance(1_000);
    const sleepsBefore = t.sleeps.length;
    expect(await verifyCredentials(email, 'still wrong', from)).toEqual({ ok: false, reason: 'invalid' });
    expect(await pairRow(email)).toMatchObject({ failures: 1, lockedUntil: null });
    expect(t.sleeps).toHaveLength(sleepsBefore);
    expect((await verifyCredentials(email, PASSWORD, from)).ok).toBe(true);
  });

  it('counts parallel guesses one by one: 160 wrong passwords in batches of 40 lock at 10, and the right one is then refused', async () => {
    const { email } = await insertAccount();
    const from = { address: HERE, clock: testClock().clock };
    const results: string[] = [];
    for (let batch = 0; batch < 4; batch++) {
      const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => verifyCredentials(email, `guess ${batch}-${i}`, from)));
      results.push(...answers.map((a) => (a.ok ? 'ok' : a.reason)));
    }
    expect(results.filter((r) => r === 'invalid')).toHaveLength(LOCK_AFTER);
    expect(results.filter((r) => r === 'locked')).toHaveLength(160 - LOCK_AFTER);
    expect((await pairRow(email))?.lockedUntil).not.toBeNull();
    expect(await verifyCredentials(email, PASSWORD, from)).toEqual({ ok: false, reason: 'locked' });
    expect((await audits()).filter((a) => a.action === 'auth.lockout')).toHaveLength(1);
  });

  it('a lock is for one address: the owner signs in from another one, only slowed down', async () => {
    const { email } = await insertAccount();
    const t = testClock();
    for (let i = 1; i <= 30; i++) await verifyCredentials(email, `attacker ${i}`, { address: HERE, clock: t.clock });
    expect(await verifyCredentials(email, PASSWORD, { address: HERE, clock: t.clock })).toEqual({ ok: false, reason: 'locked' });
    const sleepsBefore = t.sleeps.length;
    const owner = await verifyCredentials(email, PASSWORD, { address: ELSEWHERE, clock: t.clock });
    expect(owner).toMatchObject({ ok: true, account: { email } });
    // Slowed down by what was tried from everywhere (10 checked guesses), not locked.
    expect(t.sleeps.slice(sleepsBefore)).toEqual([delayFor(LOCK_AFTER)]);
    // The attacker's address stays locked after the owner's success.
    expect(await verifyCredentials(email, PASSWORD, { address: HERE, clock: t.clock })).toEqual({ ok: false, reason: 'locked' });
  });

  it('keeps the count in the database, so a restart does not reset it', async () => {
    const { email } = await insertAccount();
    const t = testClock();
    const from = { address: HERE, clock: t.clock };
    for (let i = 1; i < LOCK_AFTER; i++) await verifyCredentials(email, `wrong ${i}`, from);
    // A "restart": a new connection to the same database, nothing else carried over.
    const reopened = openDatabase(temp.url ?? databasePath(temp.dir));
    setDb(reopened);
    try {
      await verifyCredentials(email, 'the last wrong one', from);
      expect(await verifyCredentials(email, PASSWORD, from)).toEqual({ ok: false, reason: 'locked' });
    } finally {
      await closeDatabase(reopened);
    }
  });
});
