import 'server-only';
import { randomUUID } from 'node:crypto';
import { count } from 'drizzle-orm';
import { getDb, serialize, transaction, type Db } from '@/db';
import { accounts } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import { writeAudit } from './audit-write';

export async function accountCount(db: Db = getDb()): Promise<number> {
  const [row] = await db.select({ n: count() }).from(accounts);
  return row?.n ?? 0;
}

export type NewAdmin = { name: string; email: string; password: string };

/**
 * Creates the first administrator. Its own authorization is that no account exists yet: the
 * check and the insert share one transaction, so two racing requests cannot both win.
 */
export async function createFirstAdmin(input: NewAdmin, via: 'sign-in page' | 'environment', db: Db = getDb()) {
  const passwordHash = await hashPassword(input.password);
  const id = randomUUID();
  return transaction(async (tx) => {
    await serialize(tx, 'accounts');
    const existing = await accountCount(tx);
    if (existing > 0) {
      await writeAudit(tx, { action: 'account.create_first_admin', outcome: 'denied', actorEmail: input.email, detail: { via, reason: 'accounts exist' } });
      return { ok: false as const };
    }
    await tx.insert(accounts).values({ id, email: input.email, name: input.name, role: 'admin', passwordHash });
    await writeAudit(tx, {
      action: 'account.create_first_admin',
      outcome: 'success',
      actor: { id, email: input.email },
      targetType: 'account',
      targetId: id,
      detail: { via },
    });
    return { ok: true as const, id };
  }, db);
}
