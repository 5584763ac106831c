import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { getDb, type Db } from '@/db';
import { credentials } from '@/db/schema';
import { openValue, sealValue } from '@/lib/crypto/keyring';

// Internal to the data access layer: every caller has already checked the role, and passes
// the transaction that also writes the change's audit row.

type Reader = Pick<Db, 'select'>;
export type CredentialKind = 'secret' | 'password';

/** The AAD every credential value is sealed with: it binds the ciphertext to its row. */
const binding = (id: string) => ({ table: 'credentials', row: id, column: 'value' });

/** What Azure shows beside a secret: its first three characters. */
export function secretHint(value: string): string {
  return value.slice(0, 3);
}

/** Stores a new active credential for a key, retiring the previous active one of the same kind. */
export async function storeCredential(tx: Db, keyId: string, kind: CredentialKind, value: string, expiresAt: string | null): Promise<string> {
  await retireActive(tx, keyId, kind);
  const id = randomUUID();
  await tx.insert(credentials).values({
    id,
    authKeyId: keyId,
    kind,
    state: 'active',
    value: await sealValue(value, binding(id)),
    hint: kind === 'secret' ? secretHint(value) : null,
    expiresAt: expiresAt ?? null,
    expirySource: expiresAt ? 'typed' : null,
  });
  return id;
}

/** A replaced value is erased at once; its row stays for the key's history. */
export async function retireActive(tx: Db, keyId: string, kind: CredentialKind): Promise<void> {
  await tx
    .update(credentials)
    .set({ state: 'retired', value: null, retiredAt: new Date().toISOString() })
    .where(and(eq(credentials.authKeyId, keyId), eq(credentials.kind, kind), eq(credentials.state, 'active')));
}

export type CredentialMeta = {
  id: string;
  hint: string | null;
  expiresAt: string | null;
  expirySource: 'typed' | 'graph' | null;
  expirySyncedAt: string | null;
  azureKeyId: string | null;
};

const metaColumns = {
  id: credentials.id,
  hint: credentials.hint,
  expiresAt: credentials.expiresAt,
  expirySource: credentials.expirySource,
  expirySyncedAt: credentials.expirySyncedAt,
  azureKeyId: credentials.azureKeyId,
};

/** The active credential's metadata, never its value. */
export async function activeCredential(keyId: string, kind: CredentialKind, db: Reader = getDb()): Promise<CredentialMeta | null> {
  const [row] = await db
    .select(metaColumns)
    .from(credentials)
    .where(and(eq(credentials.authKeyId, keyId), eq(credentials.kind, kind), eq(credentials.state, 'active')))
    .limit(1);
  return row ?? null;
}

/** The active credentials' metadata of many keys at once, for lists (no value, one query). */
export async function activeCredentials(keyIds: readonly string[], db: Reader = getDb()): Promise<Map<string, { secret?: CredentialMeta; password?: CredentialMeta }>> {
  const out = new Map<string, { secret?: CredentialMeta; password?: CredentialMeta }>();
  if (keyIds.length === 0) return out;
  const found = await db
    .select({ ...metaColumns, authKeyId: credentials.authKeyId, kind: credentials.kind })
    .from(credentials)
    .where(eq(credentials.state, 'active'));
  const wanted = new Set(keyIds);
  for (const { authKeyId, kind, ...meta } of found) {
    if (!wanted.has(authKeyId) || (kind !== 'secret' && kind !== 'password')) continue;
    out.set(authKeyId, { ...out.get(authKeyId), [kind]: meta });
  }
  return out;
}

/** Decrypts the active value, for the token request only. Never returned to a page or action. */
export async function openActiveCredential(keyId: string, kind: CredentialKind, db: Reader = getDb()): Promise<{ id: string; value: string } | null> {
  const [row] = await db
    .select({ id: credentials.id, value: credentials.value })
    .from(credentials)
    .where(and(eq(credentials.authKeyId, keyId), eq(credentials.kind, kind), eq(credentials.state, 'active')))
    .limit(1);
  if (!row?.value) return null;
  return { id: row.id, value: await openValue(row.value, binding(row.id)) };
}

/** Records the expiry Microsoft Graph reports for the stored secret. */
export async function recordGraphExpiry(tx: Db, credentialId: string, expiresAt: string, azureKeyId: string | null): Promise<void> {
  await tx.update(credentials).set({ expiresAt, expirySource: 'graph', expirySyncedAt: new Date().toISOString(), azureKeyId }).where(eq(credentials.id, credentialId));
}
