import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import { getDb } from '@/db';
import { apiIdempotency } from '@/db/schema';
import { openValue, sealValue } from '@/lib/crypto/keyring';
import { bindingFor } from '@/lib/crypto/sealed-columns';

// Idempotency-Key on the POSTs that create (a user, a bulk job): the first request runs and its
// answer is kept for a day; a retry with the same key and body gets that answer again and
// changes nothing. A different body under the same key is refused, and so is a retry that
// arrives while the first is still running.

export const IDEMPOTENCY_HOURS = 24;
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export type Replay = { status: number; body: string };
export type Begun = { state: 'new'; id: string } | { state: 'replay'; answer: Replay } | { state: 'reused' } | { state: 'in-progress' };

export function fingerprintOf(method: string, path: string, body: string): string {
  return createHash('sha256').update(`${method} ${path}\n`).update(body).digest('hex');
}

export async function beginIdempotent(tokenId: string, key: string, fingerprint: string, now = new Date()): Promise<Begun> {
  const db = getDb();
  await db.delete(apiIdempotency).where(lt(apiIdempotency.createdAt, new Date(now.getTime() - IDEMPOTENCY_HOURS * 3_600_000).toISOString()));
  const id = randomUUID();
  const inserted = await db.insert(apiIdempotency).values({ id, tokenId, key, fingerprint }).onConflictDoNothing().returning({ id: apiIdempotency.id });
  if (inserted.length) return { state: 'new', id };
  const [row] = await db.select().from(apiIdempotency).where(and(eq(apiIdempotency.tokenId, tokenId), eq(apiIdempotency.key, key)));
  if (!row) return beginIdempotent(tokenId, key, fingerprint, now);
  if (row.fingerprint !== fingerprint) return { state: 'reused' };
  if (row.status === null || row.response === null) return { state: 'in-progress' };
  return { state: 'replay', answer: { status: row.status, body: await openValue(row.response, bindingFor('api_idempotency', row.id)) } };
}

/** Keeps the answer for retries; an outside failure (5xx) is forgotten so that a retry runs again. */
export async function finishIdempotent(id: string, answer: Replay): Promise<void> {
  const db = getDb();
  if (answer.status >= 500) {
    await db.delete(apiIdempotency).where(eq(apiIdempotency.id, id));
    return;
  }
  const response = await sealValue(answer.body, bindingFor('api_idempotency', id));
  await db.update(apiIdempotency).set({ status: answer.status, response }).where(eq(apiIdempotency.id, id));
}
