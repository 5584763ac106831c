import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { leases } from '@/db/schema';

/**
 * Takes the named lease when it is free or expired: not when it is held, even by this owner,
 * so two overlapping runs in one process are refused too. One statement, so two processes on
 * one database cannot both win: SQLite serializes writers.
 */
export function acquireLease(db: Db, name: string, owner: string, now: Date, ttlMs: number): boolean {
  const until = new Date(now.getTime() + ttlMs).toISOString();
  const result = db.$client
    .prepare(
      `insert into leases (name, owner, until) values (?, ?, ?)
       on conflict(name) do update set owner = excluded.owner, until = excluded.until
       where leases.until <= ?`,
    )
    .run(name, owner, until, now.toISOString());
  return result.changes === 1;
}

/** Extends a lease this owner holds (a long run); false when it was lost meanwhile. */
export function renewLease(db: Db, name: string, owner: string, now: Date, ttlMs: number): boolean {
  const until = new Date(now.getTime() + ttlMs).toISOString();
  return db.update(leases).set({ until }).where(and(eq(leases.name, name), eq(leases.owner, owner))).run().changes === 1;
}

export function releaseLease(db: Db, name: string, owner: string): void {
  db.delete(leases).where(and(eq(leases.name, name), eq(leases.owner, owner))).run();
}

/** Runs `work` only while holding the lease; null when another process holds it. */
export async function withLease<T>(db: Db, name: string, owner: string, now: Date, ttlMs: number, work: () => Promise<T>): Promise<T | null> {
  if (!acquireLease(db, name, owner, now, ttlMs)) return null;
  try {
    return await work();
  } finally {
    releaseLease(db, name, owner);
  }
}
