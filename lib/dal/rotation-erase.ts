import 'server-only';
import { and, eq, lte } from 'drizzle-orm';
import { getDb } from '@/db';
import { credentials } from '@/db/schema';
import { writeAudit } from './audit-write';

/**
 * Erases previous secrets whose rollback grace period is over: the value goes, the row stays
 * as history. Run by the scheduler on every tick.
 */
export function erasePreviousCredentials(now: Date): number {
  return getDb().transaction((tx) => {
    const due = tx
      .select({ id: credentials.id, authKeyId: credentials.authKeyId })
      .from(credentials)
      .where(and(eq(credentials.state, 'previous'), lte(credentials.eraseAfter, now.toISOString())))
      .all();
    for (const c of due) {
      // Another process may have erased it a moment ago: only the one that did writes the audit row.
      const erased = tx.update(credentials).set({ state: 'retired', value: null }).where(and(eq(credentials.id, c.id), eq(credentials.state, 'previous'))).run().changes;
      if (erased) writeAudit(tx, { action: 'credential.erase', outcome: 'success', actorEmail: 'system (scheduler)', targetType: 'credential', targetId: c.id, authKeyId: c.authKeyId, detail: { reason: 'grace period over' } });
    }
    return due.length;
  });
}
