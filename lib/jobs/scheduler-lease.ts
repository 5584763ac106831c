import 'server-only';
import { and, eq, lte } from 'drizzle-orm';
import type { Db } from '@/db';
import { leases } from '@/db/schema';

/**
 * Takes the named lease when it is free or expired: not when it is held, even by this owner,
 * so two overlapping runs in one process are refused too. One statement (an upsert whose update
 * only applies to an expired row), so two processes on one database cannot both win.
 */
export async function acquireLease(db: Db, name: string, owner: string, now: Date, ttlMs: number): Promise<boolean> {
  const until = new Date(now.getTime() + ttlMs).toISOString();
  const won = await db
    .insert(leases)
    .values({ name, owner, until })
    .onConflictDoUpdate({ target: leases.name, set: { owner, until }, setWhere: lte(leases.until, now.toISOString()) })
    .returning({ owner: leases.owner });
  return won.length === 1 && won[0].owner === owner;
}

/** Extends a lease this owner holds (a long run); false when it was lost meanwhile. */
export async function renewLease(db: Db, name: string, owner: string, now: Date, ttlMs: number): Promise<boolean> {
  const until = new Date(now.getTime() + ttlMs).toISOString();
  const renewed = await db.update(leases).set({ until }).where(and(eq(leases.name, name), eq(leases.owner, owner))).returning({ name: leases.name });
  return renewed.length === 1;
}

export async function releaseLease(db: Db, name: string, owner: string): Promise<void> {
  await db.delete(leases).where(and(eq(leases.name, name), eq(leases.owner, owner)));
}

/** Runs `work` only while holding the lease; null when another process holds it. */
export async function withLease<T>(db: Db, name: string, owner: string, now: Date, ttlMs: number, work: () => Promise<T>): Promise<T | null> {
  if (!(await acquireLease(db, name, owner, now, ttlMs))) return null;
  try {
    return await work();
  } finally {
    await releaseLease(db, name, owner);
  }
}
