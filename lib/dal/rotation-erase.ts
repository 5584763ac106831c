import 'server-only';
import { and, eq, lte } from 'drizzle-orm';
import { transaction } from '@/db';
import { credentials } from '@/db/schema';
import { writeAudit } from './audit-write';

/**
 * Erases previous secrets whose rollback grace period is over: the value goes, the row stays
 * as history. Run by the scheduler on every tick.
 */
export async function erasePreviousCredentials(now: Date): Promise<number> {
  return transaction(async (tx) => {
    const due = await tx
      .select({ id: credentials.id, authKeyId: credentials.authKeyId })
      .from(credentials)
      .where(and(eq(credentials.state, 'previous'), lte(credentials.eraseAfter, now.toISOString())));
    for (const c of due) {
      // Another process may have erased it a moment ago: only the one that did writes the audit row.
      const erased = await tx.update(credentials).set({ state: 'retired', value: null }).where(and(eq(credentials.id, c.id), eq(credentials.state, 'previous'))).returning({ id: credentials.id });
      if (erased.length) await writeAudit(tx, { action: 'credential.erase', outcome: 'success', actorEmail: 'system (scheduler)', targetType: 'credential', targetId: c.id, authKeyId: c.authKeyId, detail: { reason: 'grace period over' } });
    }
    return due.length;
  });
}
