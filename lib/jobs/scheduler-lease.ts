import 'server-only';
import { and, eq, gt, lte, sql } from 'drizzle-orm';
import type { Db } from '@/db';
import { leases } from '@/db/schema';

/**
 * Takes the named lease when it is free or expired: not when it is held, even by this owner,
 * so two overlapping runs in one process are refused too. One statement (an upsert whose update
 * only applies to an expired row), so two processes on one database cannot both win. Resolves to
 * the lease's fence (one more than the last holder's), or null when it is held.
 */
export async function acquireLease(db: Db, name: string, owner: string, now: Date, ttlMs: number): Promise<number | null> {
  const until = new Date(now.getTime() + ttlMs).toISOString();
  const won = await db
    .insert(leases)
    .values({ name, owner, until, fence: 1 })
    .onConflictDoUpdate({ target: leases.name, set: { owner, until, fence: sql`${leases.fence} + 1` }, setWhere: lte(leases.until, now.toISOString()) })
    .returning({ owner: leases.owner, fence: leases.fence });
  return won.length === 1 && won[0].owner === owner ? won[0].fence : null;
}

/** Extends a lease this owner holds (a long run); false when it was lost meanwhile. */
export async function renewLease(db: Db, name: string, owner: string, now: Date, ttlMs: number): Promise<boolean> {
  return (await renewLeaseFence(db, name, owner, now, ttlMs)) !== null;
}

/** As renewLease, resolving to the fence this owner holds the lease under (null when lost). */
export async function renewLeaseFence(db: Db, name: string, owner: string, now: Date, ttlMs: number): Promise<number | null> {
  const until = new Date(now.getTime() + ttlMs).toISOString();
  const renewed = await db
    .update(leases)
    .set({ until })
    .where(and(eq(leases.name, name), eq(leases.owner, owner), gt(leases.until, now.toISOString())))
    .returning({ fence: leases.fence });
  return renewed[0]?.fence ?? null;
}

/** Inside the transaction that records a leader's work: true when it still holds the lease under `fence`. */
export async function holdsLease(tx: Db, name: string, owner: string, fence: number): Promise<boolean> {
  const [row] = await tx.select({ owner: leases.owner, fence: leases.fence }).from(leases).where(eq(leases.name, name)).limit(1);
  return row?.owner === owner && row.fence === fence;
}

/** Gives the lease up at once (it expires now), keeping its fence so that the next holder's is higher. */
export async function releaseLease(db: Db, name: string, owner: string): Promise<void> {
  await db.update(leases).set({ until: new Date(0).toISOString() }).where(and(eq(leases.name, name), eq(leases.owner, owner)));
}

/** Runs `work` only while holding the lease; null when another process holds it. */
export async function withLease<T>(db: Db, name: string, owner: string, now: Date, ttlMs: number, work: () => Promise<T>): Promise<T | null> {
  if ((await acquireLease(db, name, owner, now, ttlMs)) === null) return null;
  try {
    return await work();
  } finally {
    await releaseLease(db, name, owner);
  }
}
