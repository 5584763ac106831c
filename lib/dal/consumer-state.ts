import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { getDb, type Db } from '@/db';
import { credentials, keyConsumers, rotationRuns } from '@/db/schema';
import { APP_CREDENTIAL_KINDS, type ConsumerKind } from '@/contracts/enums';

// The consumers' state as rotation and alerts read it, without the session: the scheduler and the
// crash test's process load this outside Next. Pages go through lib/dal/key-consumers.ts.

/** Copy holders: Pliant and other copies hold the secret itself; token-broker consumers never do. */
export const holdsCopy = (kind: ConsumerKind) => kind !== 'broker';

export async function activeCredentialId(keyId: string, db: Pick<Db, 'select'> = getDb()): Promise<string | null> {
  const [active] = await db.select({ id: credentials.id }).from(credentials).where(and(eq(credentials.authKeyId, keyId), inArray(credentials.kind, [...APP_CREDENTIAL_KINDS]), eq(credentials.state, 'active')));
  return active?.id ?? null;
}

/** Copy holders still on the previous credential: what keeps a rotation from removing it. */
export async function waitingConsumers(keyId: string, db: Pick<Db, 'select'> = getDb()): Promise<{ id: string; kind: ConsumerKind; name: string }[]> {
  const active = await activeCredentialId(keyId, db);
  const rows = await db.select().from(keyConsumers).where(eq(keyConsumers.authKeyId, keyId));
  return rows.filter((c) => holdsCopy(c.kind) && c.credentialId !== active).map((c) => ({ id: c.id, kind: c.kind, name: c.name }));
}

/** The rotation whose new secret waits to be handed to copy holders, if any. */
export async function handOffRun(keyId: string, db: Pick<Db, 'select'> = getDb()) {
  const [run] = await db.select().from(rotationRuns).where(and(eq(rotationRuns.authKeyId, keyId), eq(rotationRuns.state, 'overlap'), eq(rotationRuns.kind, 'secret')));
  return run ?? null;
}

