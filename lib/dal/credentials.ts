import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { getDb, type Db } from '@/db';
import { credentials } from '@/db/schema';
import { openValue, sealValue } from '@/lib/crypto/keyring';

// Internal to the data access layer: every caller has already checked the role, and passes
// the transaction that also writes the change's audit row.

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type Reader = Pick<Db, 'select'>;
export type CredentialKind = 'secret' | 'password';

/** The AAD every credential value is sealed with: it binds the ciphertext to its row. */
const binding = (id: string) => ({ table: 'credentials', row: id, column: 'value' });

/** What Azure shows beside a secret: its first three characters. */
export function secretHint(value: string): string {
  return value.slice(0, 3);
}

/** Stores a new active credential for a key, retiring the previous active one of the same kind. */
export function storeCredential(tx: Tx, keyId: string, kind: CredentialKind, value: string, expiresAt: string | null): string {
  retireActive(tx, keyId, kind);
  const id = randomUUID();
  tx.insert(credentials)
    .values({
      id,
      authKeyId: keyId,
      kind,
      state: 'active',
      value: sealValue(value, binding(id)),
      hint: kind === 'secret' ? secretHint(value) : null,
      expiresAt: expiresAt ?? null,
      expirySource: expiresAt ? 'typed' : null,
    })
    .run();
  return id;
}

/** A replaced value is erased at once; its row stays for the key's history. */
export function retireActive(tx: Tx, keyId: string, kind: CredentialKind): void {
  tx.update(credentials)
    .set({ state: 'retired', value: null, retiredAt: new Date().toISOString() })
    .where(and(eq(credentials.authKeyId, keyId), eq(credentials.kind, kind), eq(credentials.state, 'active')))
    .run();
}

export type CredentialMeta = {
  id: string;
  hint: string | null;
  expiresAt: string | null;
  expirySource: 'typed' | 'graph' | null;
  expirySyncedAt: string | null;
  azureKeyId: string | null;
};

/** The active credential's metadata, never its value. */
export function activeCredential(keyId: string, kind: CredentialKind, db: Reader = getDb()): CredentialMeta | null {
  const row = db
    .select({
      id: credentials.id,
      hint: credentials.hint,
      expiresAt: credentials.expiresAt,
      expirySource: credentials.expirySource,
      expirySyncedAt: credentials.expirySyncedAt,
      azureKeyId: credentials.azureKeyId,
    })
    .from(credentials)
    .where(and(eq(credentials.authKeyId, keyId), eq(credentials.kind, kind), eq(credentials.state, 'active')))
    .get();
  return row ?? null;
}

/** Decrypts the active value, for the token request only. Never returned to a page or action. */
export function openActiveCredential(keyId: string, kind: CredentialKind, db: Reader = getDb()): { id: string; value: string } | null {
  const row = db
    .select({ id: credentials.id, value: credentials.value })
    .from(credentials)
    .where(and(eq(credentials.authKeyId, keyId), eq(credentials.kind, kind), eq(credentials.state, 'active')))
    .get();
  if (!row?.value) return null;
  return { id: row.id, value: openValue(row.value, binding(row.id)) };
}

/** Records the expiry Microsoft Graph reports for the stored secret. */
export function recordGraphExpiry(tx: Tx, credentialId: string, expiresAt: string, azureKeyId: string | null): void {
  tx.update(credentials)
    .set({ expiresAt, expirySource: 'graph', expirySyncedAt: new Date().toISOString(), azureKeyId })
    .where(eq(credentials.id, credentialId))
    .run();
}
