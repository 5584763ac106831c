import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { getDb, type Db } from '@/db';
import { preparedQuery } from '@/db/prepared';
import { credentials } from '@/db/schema';
import { APP_CREDENTIAL_KINDS, type AppCredentialKind, type ExpirySource } from '@/contracts/enums';
import { openValue, sealValue } from '@/lib/crypto/keyring';

// Internal to the data access layer: every caller has already checked the role, and passes
// the transaction that also writes the change's audit row.

type Reader = Pick<Db, 'select'>;
export type CredentialKind = AppCredentialKind | 'password';
/**
 * Which credential of a key: 'app' is what the app signs in with (a client secret or a
 * certificate, one active at a time); 'password' is a Delegated key's account password.
 */
export type CredentialSlot = 'app' | 'password';

const kindsOf = (slot: CredentialSlot): CredentialKind[] => (slot === 'app' ? [...APP_CREDENTIAL_KINDS] : ['password']);
const inSlot = (slot: CredentialSlot) => inArray(credentials.kind, kindsOf(slot));
const slotOf = (kind: CredentialKind): CredentialSlot => (kind === 'password' ? 'password' : 'app');

/** The AAD every credential value is sealed with: it binds the ciphertext to its row. */
const binding = (id: string) => ({ table: 'credentials', row: id, column: 'value' });

/** What Azure shows beside a secret: its first three characters. */
export function secretHint(value: string): string {
  return value.slice(0, 3);
}

/** Stores a new active secret or password for a key, retiring the previous active one in its slot. */
export async function storeCredential(tx: Db, keyId: string, kind: 'secret' | 'password', value: string, expiresAt: string | null): Promise<string> {
  await retireActive(tx, keyId, slotOf(kind));
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

export type StoredCertificate = { certificatePem: string; privateKeyPem: string; thumbprintSha1: string; notAfter: string };

/**
 * Stores a certificate as the key's active app credential: the private key sealed like a secret,
 * the public certificate and its SHA-1 thumbprint in the clear (they are public), and its end
 * date from the certificate itself.
 */
export async function storeCertificate(tx: Db, keyId: string, cert: StoredCertificate): Promise<string> {
  await retireActive(tx, keyId, 'app');
  const id = randomUUID();
  await tx.insert(credentials).values({
    id,
    authKeyId: keyId,
    kind: 'certificate',
    state: 'active',
    value: await sealValue(cert.privateKeyPem, binding(id)),
    hint: cert.thumbprintSha1,
    certificate: cert.certificatePem,
    expiresAt: cert.notAfter,
    expirySource: 'certificate',
  });
  return id;
}

/** A replaced value is erased at once; its row stays for the key's history. */
export async function retireActive(tx: Db, keyId: string, slot: CredentialSlot): Promise<void> {
  await tx
    .update(credentials)
    .set({ state: 'retired', value: null, retiredAt: new Date().toISOString() })
    .where(and(eq(credentials.authKeyId, keyId), inSlot(slot), eq(credentials.state, 'active')));
}

export type CredentialMeta = {
  id: string;
  kind: CredentialKind;
  /** A secret's first characters, or a certificate's SHA-1 thumbprint. */
  hint: string | null;
  expiresAt: string | null;
  expirySource: ExpirySource | null;
  expirySyncedAt: string | null;
  azureKeyId: string | null;
};

const metaColumns = {
  id: credentials.id,
  kind: credentials.kind,
  hint: credentials.hint,
  expiresAt: credentials.expiresAt,
  expirySource: credentials.expirySource,
  expirySyncedAt: credentials.expirySyncedAt,
  azureKeyId: credentials.azureKeyId,
};

/** The active credential's metadata, never its value. */
export async function activeCredential(keyId: string, slot: CredentialSlot, db: Reader = getDb()): Promise<CredentialMeta | null> {
  const [row] = await db
    .select(metaColumns)
    .from(credentials)
    .where(and(eq(credentials.authKeyId, keyId), inSlot(slot), eq(credentials.state, 'active')))
    .limit(1);
  return row ?? null;
}

/** The active credentials' metadata of many keys at once, for lists (no value, one query). */
export async function activeCredentials(keyIds: readonly string[], db: Reader = getDb()): Promise<Map<string, { app?: CredentialMeta; password?: CredentialMeta }>> {
  const out = new Map<string, { app?: CredentialMeta; password?: CredentialMeta }>();
  if (keyIds.length === 0) return out;
  const found = await db.select({ ...metaColumns, authKeyId: credentials.authKeyId }).from(credentials).where(eq(credentials.state, 'active'));
  const wanted = new Set(keyIds);
  for (const { authKeyId, ...meta } of found) {
    if (!wanted.has(authKeyId)) continue;
    out.set(authKeyId, { ...out.get(authKeyId), [slotOf(meta.kind)]: meta });
  }
  return out;
}

/** An opened app credential: a secret's value, or a certificate with its private key. */
export type OpenCredential =
  | { id: string; kind: 'secret' | 'password'; value: string }
  | { id: string; kind: 'certificate'; value: string; certificatePem: string; thumbprintSha1: string };

const openColumns = { id: credentials.id, kind: credentials.kind, value: credentials.value, certificate: credentials.certificate, hint: credentials.hint };

async function opened(row: { id: string; kind: CredentialKind; value: string | null; certificate: string | null; hint: string | null } | undefined): Promise<OpenCredential | null> {
  if (!row?.value) return null;
  const value = await openValue(row.value, binding(row.id));
  if (row.kind === 'certificate') return { id: row.id, kind: 'certificate', value, certificatePem: row.certificate ?? '', thumbprintSha1: row.hint ?? '' };
  return { id: row.id, kind: row.kind, value };
}

/** Decrypts the active value, for the token request only. Never returned to a page or action. */
// On the token broker's path: prepared once per slot (db/prepared.ts).
const activeIn = (slot: CredentialSlot) =>
  preparedQuery(`active_credential_${slot}`, (db) => db.select(openColumns).from(credentials).where(and(eq(credentials.authKeyId, sql.placeholder('keyId')), inSlot(slot), eq(credentials.state, 'active'))).limit(1));
const activeBySlot = { app: activeIn('app'), password: activeIn('password') } satisfies Record<CredentialSlot, unknown>;

export async function openActiveCredential(keyId: string, slot: CredentialSlot, db?: Reader): Promise<OpenCredential | null> {
  const [row] = await activeBySlot[slot]({ keyId }, db as Db | undefined);
  return opened(row);
}

/** Records the expiry Microsoft Graph reports for the stored secret. */
export async function recordGraphExpiry(tx: Db, credentialId: string, expiresAt: string, azureKeyId: string | null): Promise<void> {
  await tx.update(credentials).set({ expiresAt, expirySource: 'graph', expirySyncedAt: new Date().toISOString(), azureKeyId }).where(eq(credentials.id, credentialId));
}

/** Decrypts one credential by id (automatic rotation: the new one to verify, a certificate to sign a proof). */
export async function openCredentialById(id: string, db: Reader = getDb()): Promise<OpenCredential | null> {
  const [row] = await db.select(openColumns).from(credentials).where(eq(credentials.id, id)).limit(1);
  return opened(row);
}
