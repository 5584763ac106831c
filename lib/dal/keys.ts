import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { getDb, transaction } from '@/db';
import { preparedQuery } from '@/db/prepared';
import { authKeys, credentials } from '@/db/schema';
import { type AccessType, type AppCredentialKind, type CloudId, type ExpirySource } from '@/contracts/enums';
import { requireRole } from '@/lib/auth/session';
import { OPERATION_IDS } from '@/lib/entra/permission-catalog';
import { REPOINT_PASSWORD_MESSAGE, REPOINT_SECRET_MESSAGE, repointedFields, type KeyInput } from '@/lib/validation/keys';
import { failure, type ActionState } from '@/lib/validation/action-state';
import { writeAudit } from './audit-write';
import { activeCredential, activeCredentials, retireActive, storeCertificate, storeCredential, type CredentialMeta } from './credentials';
import { consumePendingCertificate, openPendingCertificate } from './pending-certificates';
import { recordConsumer } from './key-consumers';

export const CERTIFICATE_GONE = 'The certificate prepared in stage 3 is no longer here (prepared ones are kept for a day, for the administrator who made them). Generate or import it again.';

export const KEY_READERS = ['admin', 'operator', 'auditor'] as const;
export const KEY_TESTERS = ['admin', 'operator'] as const;
export const KEY_WRITERS = ['admin'] as const;

/** What pages and actions get about a key: never ciphertext, never a value. */
export type KeyDto = {
  id: string;
  name: string;
  description: string;
  accessType: AccessType;
  cloud: CloudId;
  authorityHost: string | null;
  graphEndpoint: string | null;
  tenantId: string;
  clientId: string;
  username: string | null;
  operations: string[];
  appDisplayName: string | null;
  /** What the app signs in with: a client secret (hint = its first characters) or a certificate (hint = SHA-1 thumbprint). */
  credential: { kind: AppCredentialKind; hint: string | null; expiresAt: string | null; expirySource: ExpirySource | null; expirySyncedAt: string | null } | null;
  passwordConfigured: boolean;
  /** Extra e-mail addresses for this key's alerts (not secrets). */
  alertRecipients: string[];
  lastTest: { at: string; outcome: 'success' | 'failure'; roles: string[]; latencyMs: number | null; code: string | null; message: string | null } | null;
  createdAt: string;
  updatedAt: string;
};

export type Mutation = { status: 'success'; id: string; message?: string } | ActionState;

type KeyRow = typeof authKeys.$inferSelect;

function toDto(row: KeyRow, creds: { app?: CredentialMeta; password?: CredentialMeta } = {}): KeyDto {
  const app = creds.app ?? null;
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    accessType: row.accessType,
    cloud: row.cloud,
    authorityHost: row.authorityHost,
    graphEndpoint: row.graphEndpoint,
    tenantId: row.tenantId,
    clientId: row.clientId,
    username: row.username,
    operations: row.operations,
    appDisplayName: row.appDisplayName,
    credential: app ? { kind: app.kind === 'certificate' ? 'certificate' : 'secret', hint: app.hint, expiresAt: app.expiresAt, expirySource: app.expirySource, expirySyncedAt: app.expirySyncedAt } : null,
    passwordConfigured: Boolean(creds.password),
    alertRecipients: row.extraRecipients.split(/[\s,;]+/).filter(Boolean),
    lastTest:
      row.lastTestedAt && row.lastTestOutcome
        ? { at: row.lastTestedAt, outcome: row.lastTestOutcome, roles: row.lastTestRoles ?? [], latencyMs: row.lastTestLatencyMs, code: row.lastTestCode, message: row.lastTestMessage }
        : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export type KeyStatus = 'ok' | 'failing' | 'untested';
export type ExpiryBucket = 'expired' | 'soon' | 'later' | 'unknown';
export type KeySort = 'name' | 'tenant' | 'expiry' | 'tested' | 'created';
export type KeyFilter = { q?: string; cloud?: CloudId; tenantId?: string; status?: KeyStatus; expiry?: ExpiryBucket; sort?: KeySort; dir?: 'asc' | 'desc' };

export function keyStatus(key: KeyDto): KeyStatus {
  if (!key.lastTest) return 'untested';
  return key.lastTest.outcome === 'success' ? 'ok' : 'failing';
}

/** "soon" means within 30 days, the first warning threshold. */
export function expiryBucket(key: KeyDto, now = Date.now()): ExpiryBucket {
  const at = key.credential?.expiresAt;
  if (!at) return 'unknown';
  const ms = Date.parse(at) - now;
  if (ms <= 0) return 'expired';
  return ms <= 30 * 86_400_000 ? 'soon' : 'later';
}

const sorters: Record<KeySort, (a: KeyDto, b: KeyDto) => number> = {
  name: (a, b) => a.name.localeCompare(b.name),
  tenant: (a, b) => a.tenantId.localeCompare(b.tenantId) || a.name.localeCompare(b.name),
  // Unknown expiries sort last: they need attention, but not before dated ones.
  expiry: (a, b) => (a.credential?.expiresAt ?? '9999').localeCompare(b.credential?.expiresAt ?? '9999') || a.name.localeCompare(b.name),
  // Ties (never tested, same second) fall back to the name, so the order does not depend on storage.
  tested: (a, b) => (a.lastTest?.at ?? '').localeCompare(b.lastTest?.at ?? '') || a.name.localeCompare(b.name),
  created: (a, b) => a.createdAt.localeCompare(b.createdAt) || a.name.localeCompare(b.name),
};

export async function listKeys(filter: KeyFilter = {}): Promise<KeyDto[]> {
  await requireRole(KEY_READERS, 'keys.list');
  const q = filter.q?.trim().toLowerCase();
  const rows = await getDb().select().from(authKeys);
  const creds = await activeCredentials(rows.map((r) => r.id));
  const keys = rows
    .map((r) => toDto(r, creds.get(r.id)))
    .filter((k) => !q || [k.name, k.description, k.tenantId, k.clientId, k.appDisplayName ?? ''].some((f) => f.toLowerCase().includes(q)))
    .filter((k) => !filter.cloud || k.cloud === filter.cloud)
    .filter((k) => !filter.tenantId || k.tenantId === filter.tenantId)
    .filter((k) => !filter.status || keyStatus(k) === filter.status)
    .filter((k) => !filter.expiry || expiryBucket(k) === filter.expiry);
  const sort = sorters[filter.sort ?? 'name'];
  keys.sort(sort);
  if (filter.dir === 'desc') keys.reverse();
  return keys;
}

export async function getKey(id: string): Promise<KeyDto | null> {
  await requireRole(KEY_READERS, 'keys.read');
  const [row] = await getDb().select().from(authKeys).where(eq(authKeys.id, id)).limit(1);
  if (!row) return null;
  return toDto(row, { app: (await activeCredential(id, 'app')) ?? undefined, password: (await activeCredential(id, 'password')) ?? undefined });
}

/** Just whether a key exists and how it signs in: the token broker's check before MSAL's cache. */
export async function getKeyAccessType(id: string): Promise<KeyDto['accessType'] | null> {
  await requireRole(KEY_READERS, 'keys.read');
  const [row] = await accessTypeOf({ id });
  return row?.accessType ?? null;
}
const accessTypeOf = preparedQuery('auth_key_access_type', (db) => db.select({ accessType: authKeys.accessType }).from(authKeys).where(eq(authKeys.id, sql.placeholder('id'))).limit(1));

const knownOperations = (ops: readonly string[]) => [...new Set(ops)].filter((o) => (OPERATION_IDS as readonly string[]).includes(o));

function keyColumns(input: KeyInput) {
  const custom = input.cloud === 'custom';
  return {
    name: input.name,
    description: input.description,
    accessType: input.accessType,
    cloud: input.cloud,
    authorityHost: custom ? input.authorityHost : null,
    graphEndpoint: custom ? input.graphEndpoint : null,
    tenantId: input.tenantId,
    clientId: input.clientId,
    username: input.accessType === 'delegated' ? input.username : null,
    operations: knownOperations(input.operations),
  };
}

const auditFields = (c: ReturnType<typeof keyColumns>) => ({ name: c.name, cloud: c.cloud, tenantId: c.tenantId, clientId: c.clientId, accessType: c.accessType, operations: c.operations });

export async function createKey(input: KeyInput): Promise<Mutation> {
  const actor = await requireRole(KEY_WRITERS, 'keys.create');
  const id = randomUUID();
  const columns = keyColumns(input);
  const certificate = input.credentialType === 'certificate' ? await openPendingCertificate(input.certificateId ?? '', actor) : null;
  if (input.credentialType === 'certificate' && !certificate) return failure('Check the highlighted fields.', { certificateId: [CERTIFICATE_GONE] });
  await transaction(async (tx) => {
    await tx.insert(authKeys).values({ id, ...columns, createdBy: actor.id });
    let credentialId: string;
    if (certificate) {
      credentialId = await storeCertificate(tx, id, certificate);
      await consumePendingCertificate(tx, input.certificateId!);
    } else credentialId = await storeCredential(tx, id, 'secret', input.clientSecret, input.secretExpiresAt || null);
    // Nobody can hold a copy of a certificate's private key: such a key is the portal's alone.
    const consumer = certificate ? { kind: 'broker' as const, name: 'authKey Portal' } : { kind: input.consumerKind ?? 'pliant', name: (input.consumerName ?? '').trim() || columns.name };
    await recordConsumer(tx, id, consumer, credentialId, actor);
    if (input.accessType === 'delegated') await storeCredential(tx, id, 'password', input.password, null);
    await writeAudit(tx, {
      action: 'key.create',
      outcome: 'success',
      actor,
      targetType: 'auth_key',
      targetId: id,
      authKeyId: id,
      detail: { ...auditFields(columns), consumer: certificate ? 'broker' : (input.consumerKind ?? 'pliant'), credentialType: certificate ? 'certificate' : 'secret', ...(certificate ? { thumbprintSha1: certificate.thumbprintSha1, notAfter: certificate.notAfter } : {}) },
    });
  });
  return { status: 'success', id };
}

/** A blank Client Secret or Password keeps the stored one. */
export async function updateKey(input: KeyInput & { keyId: string }): Promise<Mutation> {
  const actor = await requireRole(KEY_WRITERS, 'keys.update');
  const columns = keyColumns(input);
  return transaction(async (tx) => {
    const [before] = await tx.select().from(authKeys).where(eq(authKeys.id, input.keyId)).limit(1);
    if (!before) return failure('This authKey no longer exists.');
    // A blank Password keeps the stored one, so there must be one: switching to Delegated needs it.
    if (input.accessType === 'delegated' && !input.password && !(await activeCredential(input.keyId, 'password', tx))) {
      return failure('Check the highlighted fields.', { password: ['Enter the password of that account.'] });
    }
    // A changed destination needs the credential typed again, or an administrator could send the
    // stored secret to a host of their choosing at the next test (and the audit row says so).
    const repointed = repointedFields(before, columns);
    if (repointed.length && !input.clientSecret) return failure('Check the highlighted fields.', { clientSecret: [REPOINT_SECRET_MESSAGE] });
    if (repointed.length && input.accessType === 'delegated' && !input.password) return failure('Check the highlighted fields.', { password: [REPOINT_PASSWORD_MESSAGE] });
    const newSecret = input.clientSecret !== '';
    // A test result says nothing about other IDs or another secret.
    const stale = newSecret || before.tenantId !== columns.tenantId || before.clientId !== columns.clientId || before.cloud !== columns.cloud;
    await tx
      .update(authKeys)
      .set({
        ...columns,
        updatedAt: new Date().toISOString(),
        ...(stale ? { lastTestedAt: null, lastTestOutcome: null, lastTestRoles: null, lastTestLatencyMs: null, lastTestCode: null, lastTestMessage: null } : {}),
      })
      .where(eq(authKeys.id, input.keyId));
    if (newSecret) await storeCredential(tx, input.keyId, 'secret', input.clientSecret, input.secretExpiresAt || null);
    else if (input.secretExpiresAt) {
      await tx
        .update(credentials)
        .set({ expiresAt: input.secretExpiresAt, expirySource: 'typed', expirySyncedAt: null })
        .where(and(eq(credentials.authKeyId, input.keyId), eq(credentials.kind, 'secret'), eq(credentials.state, 'active')));
    }
    if (input.accessType === 'delegated' && input.password) await storeCredential(tx, input.keyId, 'password', input.password, null);
    if (input.accessType === 'app') await retireActive(tx, input.keyId, 'password');
    const changed = Object.entries(columns).filter(([k, v]) => JSON.stringify(before[k as keyof KeyRow]) !== JSON.stringify(v)).map(([k]) => k);
    await writeAudit(tx, {
      action: 'key.update',
      outcome: 'success',
      actor,
      targetType: 'auth_key',
      targetId: input.keyId,
      authKeyId: input.keyId,
      detail: { changed, newCredential: newSecret, repointed: repointed.length ? repointed : undefined, ...auditFields(columns) },
    });
    return { status: 'success' as const, id: input.keyId };
  });
}

export async function replaceSecret(input: { keyId: string; clientSecret: string; secretExpiresAt: string }): Promise<Mutation> {
  const actor = await requireRole(KEY_WRITERS, 'keys.replace_secret');
  return transaction(async (tx) => {
    const [key] = await tx.select({ id: authKeys.id }).from(authKeys).where(eq(authKeys.id, input.keyId)).limit(1);
    if (!key) return failure('This authKey no longer exists.');
    const credentialId = await storeCredential(tx, input.keyId, 'secret', input.clientSecret, input.secretExpiresAt || null);
    await tx
      .update(authKeys)
      .set({ updatedAt: new Date().toISOString(), lastTestedAt: null, lastTestOutcome: null, lastTestRoles: null, lastTestLatencyMs: null, lastTestCode: null, lastTestMessage: null })
      .where(eq(authKeys.id, input.keyId));
    await writeAudit(tx, { action: 'key.replace_secret', outcome: 'success', actor, targetType: 'credential', targetId: credentialId, authKeyId: input.keyId, detail: { expiresAt: input.secretExpiresAt || null } });
    return { status: 'success' as const, id: input.keyId };
  });
}

/** Deleting needs the key's name typed back, checked here and not only in the dialog. */
export async function deleteKey(input: { keyId: string; confirm: string }): Promise<Mutation> {
  const actor = await requireRole(KEY_WRITERS, 'keys.delete');
  return transaction(async (tx) => {
    const [key] = await tx.select({ id: authKeys.id, name: authKeys.name, tenantId: authKeys.tenantId, clientId: authKeys.clientId }).from(authKeys).where(eq(authKeys.id, input.keyId)).limit(1);
    if (!key) return failure('This authKey no longer exists.');
    if (input.confirm.trim() !== key.name) return failure('Type the key’s name exactly to delete it.', { confirm: [`Type “${key.name}” to confirm.`] });
    // Credentials and test history go with the key (ON DELETE CASCADE); the audit trail stays.
    await tx.delete(authKeys).where(eq(authKeys.id, input.keyId));
    await writeAudit(tx, { action: 'key.delete', outcome: 'success', actor, targetType: 'auth_key', targetId: key.id, authKeyId: key.id, detail: { name: key.name, tenantId: key.tenantId, clientId: key.clientId } });
    return { status: 'success' as const, id: key.id };
  });
}

/** Distinct tenants, for the list's filter. */
export async function listKeyTenants(): Promise<string[]> {
  await requireRole(KEY_READERS, 'keys.list');
  const rows = await getDb().selectDistinct({ tenantId: authKeys.tenantId }).from(authKeys);
  return rows.map((r) => r.tenantId).sort();
}
