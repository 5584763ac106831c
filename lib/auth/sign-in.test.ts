import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { databasePath, openDatabase, setDb } from '@/db';
import { accounts, auditEvents, signInAttempts } from '@/db/schema';
import { useTempDb } from '@/lib/testing/temp-db';
import { hashPassword } from './password';
import { LOCK_AFTER, LOCK_MINUTES, SLOW_DOWN_AFTER, verifyCredentials } from './sign-in';

const PASSWORD = 'the right passphrase';
let passwordHash: string;
beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

let temp: ReturnType<typeof useTempDb>;
beforeEach(() => {
  temp = useTempDb();
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

function insertAccount(extra: Partial<typeof accounts.$inferInsert> = {}) {
  const id = randomUUID();
  const email = `op-${id.slice(0, 6)}@example.test`;
  temp.db.insert(accounts).values({ id, email, name: 'Op', role: 'operator', passwordHash, ...extra }).run();
  return { id, email };
}
const audits = () => temp.db.select({ action: auditEvents.action, outcome: auditEvents.outcome, actorEmail: auditEvents.actorEmail }).from(auditEvents).all();
const attempts = (email: string) => temp.db.select().from(signInAttempts).where(eq(signInAttempts.email, email)).get();

describe('verifyCredentials', () => {
  it('signs in with the right password, audited, and clears earlier failures', async () => {
    const { email } = insertAccount();
    const t = testClock();
    expect(await verifyCredentials(email, 'wrong', t.clock)).toEqual({ ok: false, reason: 'invalid' });
    const result = await verifyCredentials(` ${email.toUpperCase()} `, PASSWORD, t.clock);
    expect(result).toMatchObject({ ok: true, account: { email, role: 'operator' } });
    expect(attempts(email)).toBeUndefined();
    expect(audits()).toEqual([
      { action: 'auth.sign_in_failed', outcome: 'failure', actorEmail: email },
      { action: 'auth.sign_in', outcome: 'success', actorEmail: email },
    ]);
  });

  it('answers an unknown e-mail exactly like a wrong password, and counts both', async () => {
    const { email } = insertAccount();
    const t = testClock();
    const wrongPassword = await verifyCredentials(email, 'not it', t.clock);
    const unknownEmail = await verifyCredentials('nobody@example.test', PASSWORD, t.clock);
    expect(unknownEmail).toEqual(wrongPassword);
    expect(attempts('nobody@example.test')?.failures).toBe(1);
    expect(attempts(email)?.failures).toBe(1);
  });

  it('refuses a disabled account even with the right password', async () => {
    const { email } = insertAccount({ disabled: true });
    expect(await verifyCredentials(email, PASSWORD, testClock().clock)).toEqual({ ok: false, reason: 'invalid' });
  });

  it(`slows down from the ${SLOW_DOWN_AFTER + 1}th attempt, not before`, async () => {
    const { email } = insertAccount();
    const t = testClock();
    for (let i = 1; i <= SLOW_DOWN_AFTER; i++) await verifyCredentials(email, `wrong ${i}`, t.clock);
    expect(t.sleeps).toEqual([]);
    await verifyCredentials(email, 'wrong again', t.clock);
    expect(t.sleeps).toHaveLength(1);
    expect(t.sleeps[0]).toBeGreaterThanOrEqual(1_000);
    // The right password is slowed down too: the delay does not reveal which guess was right.
    expect((await verifyCredentials(email, PASSWORD, t.clock)).ok).toBe(true);
    expect(t.sleeps).toHaveLength(2);
  });

  it(`locks after ${LOCK_AFTER} failures for ${LOCK_MINUTES} minutes, then starts a fresh count`, async () => {
    const { email } = insertAccount();
    const t = testClock();
    for (let i = 1; i <= LOCK_AFTER; i++) {
      expect(await verifyCredentials(email, `wrong ${i}`, t.clock)).toEqual({ ok: false, reason: 'invalid' });
    }
    expect(audits().filter((a) => a.action === 'auth.lockout')).toEqual([{ action: 'auth.lockout', outcome: 'denied', actorEmail: email }]);

    // The 11th attempt is refused even with the right password, and the refusal is audited.
    expect(await verifyCredentials(email, PASSWORD, t.clock)).toEqual({ ok: false, reason: 'locked' });
    expect(audits().at(-1)).toEqual({ action: 'auth.sign_in_failed', outcome: 'denied', actorEmail: email });
    t.advance(LOCK_MINUTES * 60_000 - 1_000);
    expect(await verifyCredentials(email, PASSWORD, t.clock)).toEqual({ ok: false, reason: 'locked' });
    // Being locked does not extend the lock.
    expect(attempts(email)?.failures).toBe(LOCK_AFTER);

    // Once the 15 minutes are over, a wrong password counts from one again instead of re-locking.
    t.advance(1_000);
    const sleepsBefore = t.sleeps.length;
    expect(await verifyCredentials(email, 'still wrong', t.clock)).toEqual({ ok: false, reason: 'invalid' });
    expect(attempts(email)).toMatchObject({ failures: 1, lockedUntil: null });
    expect(t.sleeps).toHaveLength(sleepsBefore);
    expect((await verifyCredentials(email, PASSWORD, t.clock)).ok).toBe(true);
  });

  it('keeps the count in the database, so a restart does not reset it', async () => {
    const { email } = insertAccount();
    const t = testClock();
    for (let i = 1; i < LOCK_AFTER; i++) await verifyCredentials(email, `wrong ${i}`, t.clock);
    // A "restart": a new connection to the same file, nothing else carried over.
    const reopened = openDatabase(databasePath(temp.dir));
    setDb(reopened);
    try {
      await verifyCredentials(email, 'the last wrong one', t.clock);
      expect(await verifyCredentials(email, PASSWORD, t.clock)).toEqual({ ok: false, reason: 'locked' });
    } finally {
      reopened.$client.close();
    }
  });
});
