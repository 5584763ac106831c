import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import {
  ACCESS_TYPES,
  AUDIT_OUTCOMES,
  CHANNEL_KINDS,
  CLOUDS,
  CONSUMER_KINDS,
  APP_CREDENTIAL_KINDS,
  CREDENTIAL_KINDS,
  CREDENTIAL_STATES,
  DELIVERY_STATES,
  EXPIRY_SOURCES,
  JOB_ROW_STATES,
  JOB_STATES,
  ROLES,
  ROTATION_STATES,
  TEST_OUTCOMES,
  TEST_TRIGGERS,
  THROTTLE_SCOPES,
} from '../contracts/enums';

// The SQLite schema (drizzle-kit generates db/migrations from it). db/schema.pg.ts mirrors it
// for PostgreSQL, table by table and column by column (db/schema.test.ts holds them together);
// code imports the tables from db/schema.ts, which hands out the running engine's.
// Column names come from the camelCase keys through drizzle's snake_case casing.
// Timestamps are ISO-8601 UTC strings: they sort as text and read the same in every tool.
const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;
const createdAt = () => text().notNull().default(now);

export const accounts = sqliteTable('accounts', {
  id: text().primaryKey(),
  email: text().notNull().unique(),
  name: text().notNull(),
  role: text({ enum: ROLES }).notNull(),
  passwordHash: text().notNull(),
  disabled: integer({ mode: 'boolean' }).notNull().default(false),
  // Bumped on disable, role change and password change: every JWT carries the version it was
  // issued with, so older sessions end on their next request.
  sessionVersion: integer().notNull().default(1),
  mustChangePassword: integer({ mode: 'boolean' }).notNull().default(false),
  lastSignInAt: text(),
  createdAt: createdAt(),
  updatedAt: createdAt(),
});

// Guessing limits (lib/auth/throttle.ts). A row per (scope, subject, client address) holds the
// lock for that pair; the row with address '*' counts the subject's attempts from everywhere
// and only slows them down, so nobody can lock an account out from another address. Every
// attempt is counted before its password is checked, so parallel guesses all count.
export const throttles = sqliteTable(
  'throttles',
  {
    scope: text({ enum: THROTTLE_SCOPES }).notNull(),
    subject: text().notNull(),
    address: text().notNull(),
    failures: integer().notNull().default(0),
    lockedUntil: text(),
    lastAttemptAt: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.subject, t.address] })],
);

// Sessions ended by Sign out before their 12 hours were up: their JWT id is refused from then on.
export const revokedSessions = sqliteTable('revoked_sessions', {
  sessionId: text().primaryKey(),
  accountId: text().notNull(),
  // When the JWT would have expired anyway: the row can go after that.
  expiresAt: text().notNull(),
});

// Refused requests without a valid session, counted per client address and minute: the first of
// each minute is an audit row, the rest become one summary row when the minute is over, so a
// flood of bogus cookies cannot grow the append-only audit log without bound.
export const anonymousDenials = sqliteTable(
  'anonymous_denials',
  {
    address: text().notNull(),
    minute: text().notNull(),
    count: integer().notNull().default(0),
    lastWhat: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.address, t.minute] })],
);

// Append-only: triggers in the migrations abort any UPDATE, and any DELETE that is not a
// retention trim (see lib/dal/audit.ts).
export const auditEvents = sqliteTable(
  'audit_events',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    at: createdAt(),
    actorId: text(),
    actorEmail: text(),
    action: text().notNull(),
    targetType: text(),
    targetId: text(),
    authKeyId: text(),
    outcome: text({ enum: AUDIT_OUTCOMES }).notNull(),
    detail: text({ mode: 'json' }).$type<Record<string, unknown>>(),
    requestId: text(),
  },
  (t) => [index('audit_events_at_idx').on(t.at), index('audit_events_key_idx').on(t.authKeyId)],
);

export const authKeys = sqliteTable(
  'auth_keys',
  {
    id: text().primaryKey(),
    name: text().notNull(),
    description: text().notNull().default(''),
    accessType: text({ enum: ACCESS_TYPES }).notNull().default('app'),
    cloud: text({ enum: CLOUDS }).notNull(),
    authorityHost: text(),
    graphEndpoint: text(),
    tenantId: text().notNull(),
    clientId: text().notNull(),
    username: text(),
    // Operation ids from lib/entra/permission-catalog.ts that this key is meant to serve.
    operations: text({ mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    appDisplayName: text(),
    appObjectId: text(),
    lastTestedAt: text(),
    lastTestOutcome: text({ enum: TEST_OUTCOMES }),
    lastTestRoles: text({ mode: 'json' }).$type<string[]>(),
    lastTestLatencyMs: integer(),
    lastTestCode: text(),
    lastTestMessage: text(),
    extraRecipients: text().notNull().default(''),
    createdBy: text(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [index('auth_keys_tenant_idx').on(t.tenantId)],
);

// One row per stored credential value. Values are encrypted with AAD bound to
// `credentials:<id>:value`; retired rows keep their history but no value.
export const credentials = sqliteTable(
  'credentials',
  {
    id: text().primaryKey(),
    authKeyId: text()
      .notNull()
      .references(() => authKeys.id, { onDelete: 'cascade' }),
    kind: text({ enum: CREDENTIAL_KINDS }).notNull(),
    state: text({ enum: CREDENTIAL_STATES }).notNull().default('active'),
    value: text(),
    // Secrets: their first three characters, as Azure shows them. Certificates: the SHA-1
    // thumbprint (upper-case hex), which is what Azure's Certificates list shows.
    hint: text(),
    // Certificates only: the public certificate (PEM). The private key is the sealed value.
    certificate: text(),
    expiresAt: text(),
    expirySource: text({ enum: EXPIRY_SOURCES }),
    expirySyncedAt: text(),
    // The Azure "Secret ID" (passwordCredential.keyId) once matched through Graph.
    azureKeyId: text(),
    // A rotated secret's hand-off (issue 18): when, and to whom, its value was shown, the once it is.
    revealedAt: text(),
    revealedBy: text(),
    // A secret on the app newer than this one, seen at the last Graph read: a rotation half done.
    appNewerSecret: text({ mode: 'json' }).$type<{ keyId: string; hint: string | null; endDateTime: string | null }>(),
    createdAt: createdAt(),
    retiredAt: text(),
    eraseAfter: text(),
  },
  (t) => [index('credentials_key_idx').on(t.authKeyId), index('credentials_expiry_idx').on(t.expiresAt)],
);

// A certificate the wizard generated or imported for a key that is not saved yet: the private
// key sealed (binding `pending_certificates:<id>:private_key`) and never sent to the browser.
// Saving the key moves it into credentials; unsaved ones are erased after a day.
export const pendingCertificates = sqliteTable('pending_certificates', {
  id: text().primaryKey(),
  createdBy: text().notNull(),
  source: text({ enum: ['generated', 'imported'] }).notNull(),
  certificatePem: text().notNull(),
  privateKey: text().notNull(),
  createdAt: createdAt(),
  eraseAfter: text().notNull(),
});

// Automatic rotation, per key: when to rotate, how long the new credential lives, and how long
// the previous one stays valid in Azure after the swap (for rollback and consumers holding it).
export const rotationPolicies = sqliteTable('rotation_policies', {
  authKeyId: text()
    .primaryKey()
    .references(() => authKeys.id, { onDelete: 'cascade' }),
  enabled: integer({ mode: 'boolean' }).notNull().default(false),
  daysBefore: integer().notNull().default(30),
  lifetimeDays: integer().notNull().default(180),
  overlapDays: integer().notNull().default(7),
  updatedBy: text(),
  updatedAt: createdAt(),
});

// One automatic rotation of one key, as a state machine whose every step is stored before the
// next begins, so a restart resumes it (lib/rotation/engine.ts). `marker` is the displayName the
// new credential gets in Azure: after a crash it finds a credential whose answer was lost.
export const rotationRuns = sqliteTable(
  'rotation_runs',
  {
    id: text().primaryKey(),
    authKeyId: text()
      .notNull()
      .references(() => authKeys.id, { onDelete: 'cascade' }),
    kind: text({ enum: APP_CREDENTIAL_KINDS }).notNull(),
    state: text({ enum: ROTATION_STATES }).notNull(),
    marker: text().notNull(),
    oldCredentialId: text(),
    oldAzureKeyId: text(),
    newCredentialId: text(),
    newAzureKeyId: text(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: text().notNull(),
    removeAfter: text(),
    lastError: text(),
    startedAt: createdAt(),
    updatedAt: createdAt(),
    finishedAt: text(),
  },
  (t) => [index('rotation_runs_key_idx').on(t.authKeyId), index('rotation_runs_state_idx').on(t.state)],
);

// Who holds a copy of a key's credential. `credentialId` is the credential the consumer is known
// to use: the active one when it was recorded, then the one an administrator confirmed it was
// handed. A copy holder whose credential is not the active one still uses the previous secret.
export const keyConsumers = sqliteTable(
  'key_consumers',
  {
    id: text().primaryKey(),
    authKeyId: text()
      .notNull()
      .references(() => authKeys.id, { onDelete: 'cascade' }),
    kind: text({ enum: CONSUMER_KINDS }).notNull(),
    name: text().notNull(),
    credentialId: text(),
    confirmedAt: text(),
    confirmedBy: text(),
    createdBy: text(),
    createdAt: createdAt(),
  },
  (t) => [index('key_consumers_key_idx').on(t.authKeyId)],
);

export const keyTests = sqliteTable(
  'key_tests',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    authKeyId: text()
      .notNull()
      .references(() => authKeys.id, { onDelete: 'cascade' }),
    at: createdAt(),
    actorId: text(),
    trigger: text({ enum: TEST_TRIGGERS }).notNull().default('manual'),
    outcome: text({ enum: TEST_OUTCOMES }).notNull(),
    code: text(),
    message: text(),
    roles: text({ mode: 'json' }).$type<string[]>(),
    latencyMs: integer(),
    traceId: text(),
    correlationId: text(),
  },
  (t) => [index('key_tests_key_idx').on(t.authKeyId, t.at)],
);

export const settings = sqliteTable('settings', {
  key: text().primaryKey(),
  value: text({ mode: 'json' }).notNull(),
  updatedAt: createdAt(),
});

export const jobs = sqliteTable('jobs', {
  id: text().primaryKey(),
  authKeyId: text()
    .notNull()
    .references(() => authKeys.id, { onDelete: 'cascade' }),
  kind: text().notNull().default('bulk-create-users'),
  state: text({ enum: JOB_STATES }).notNull().default('pending'),
  fileName: text(),
  total: integer().notNull().default(0),
  // What the upload could not check, shown on the preview ("domains were not checked: …").
  notes: text({ mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
  createdBy: text(),
  createdAt: createdAt(),
  startedAt: text(),
  finishedAt: text(),
});

export const jobRows = sqliteTable(
  'job_rows',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    jobId: text()
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    rowNumber: integer().notNull(),
    userPrincipalName: text().notNull(),
    // The row without its password; the initial password is stored encrypted in `secret`.
    payload: text({ mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    secret: text(),
    state: text({ enum: JOB_ROW_STATES }).notNull().default('pending'),
    userId: text(),
    errorCode: text(),
    errorMessage: text(),
    requestId: text(),
    updatedAt: createdAt(),
    // Rows are shared work: an instance claims a few pending rows at a time and renews the claim
    // while it works them; rows whose claim ran out (their instance died) are claimed again.
    claimedBy: text(),
    claimedUntil: text(),
  },
  (t) => [uniqueIndex('job_rows_job_row_idx').on(t.jobId, t.rowNumber), index('job_rows_state_idx').on(t.jobId, t.state)],
);

export const alertChannels = sqliteTable('alert_channels', {
  id: text().primaryKey(),
  kind: text({ enum: CHANNEL_KINDS }).notNull(),
  name: text().notNull(),
  // Non-secret settings (SMTP host, port, from, recipients...).
  config: text({ mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  // SMTP password or webhook URL (webhook URLs carry signatures): encrypted.
  secret: text(),
  enabled: integer({ mode: 'boolean' }).notNull().default(true),
  createdAt: createdAt(),
});

export const alertDeliveries = sqliteTable(
  'alert_deliveries',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    channelId: text()
      .notNull()
      .references(() => alertChannels.id, { onDelete: 'cascade' }),
    // What the alert is about: a credential threshold ("cred:<id>:30") or a failed check.
    subject: text().notNull(),
    authKeyId: text(),
    credentialId: text(),
    threshold: text(),
    state: text({ enum: DELIVERY_STATES }).notNull().default('pending'),
    attempts: integer().notNull().default(0),
    lastError: text(),
    nextAttemptAt: text(),
    createdAt: createdAt(),
    sentAt: text(),
  },
  (t) => [uniqueIndex('alert_deliveries_once_idx').on(t.channelId, t.subject)],
);

// One row per named lease: whoever holds an unexpired lease runs that piece of work.
export const leases = sqliteTable('leases', {
  name: text().primaryKey(),
  owner: text().notNull(),
  until: text().notNull(),
  // Goes up by one each time the lease changes hands: work done under an older fence (a leader
  // that stalled past its lease) is refused when it tries to record its result.
  fence: integer().notNull().default(0),
});

// Graph's write limit counts per app and tenant, whichever instance sends: one token bucket per
// (tenant, client) in the database, so that several instances share the budget instead of each
// spending it in full. Milliseconds since the epoch, so the refill is plain arithmetic.
export const writeBudgets = sqliteTable('write_budgets', {
  subject: text().primaryKey(),
  tokens: real().notNull(),
  updatedMs: integer().notNull(),
  pausedUntilMs: integer().notNull().default(0),
});

// Bearer tokens of the automation API (/api/v1). Only the SHA-256 of a token is kept: it is 256
// random bits, so a plain hash cannot be reversed or guessed, and it is found by one index hit.
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: text().primaryKey(),
    name: text().notNull(),
    // The first characters, shown in lists and audit rows so that a leaked token can be told apart.
    prefix: text().notNull(),
    tokenHash: text().notNull(),
    grants: text({ mode: 'json' }).$type<{ scope: string; keyIds?: string[] }[]>().notNull(),
    requestsPerMinute: integer().notNull(),
    createdBy: text().notNull(),
    createdByEmail: text().notNull(),
    createdAt: createdAt(),
    expiresAt: text().notNull(),
    revokedAt: text(),
    revokedBy: text(),
    lastUsedAt: text(),
    lastUsedAddress: text(),
  },
  (t) => [uniqueIndex('api_tokens_hash_idx').on(t.tokenHash)],
);

// One answer per Idempotency-Key and token: a retried POST gets it again instead of a second
// change. The answer may carry a generated password, so it is sealed like a secret.
export const apiIdempotency = sqliteTable(
  'api_idempotency',
  {
    id: text().primaryKey(),
    tokenId: text().notNull(),
    key: text().notNull(),
    fingerprint: text().notNull(),
    status: integer(),
    response: text(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('api_idempotency_key_idx').on(t.tokenId, t.key)],
);

// rate-limiter-flexible's Drizzle store: its columns and types are the library's (it binds Date
// values to `expire`), the only table here with a typed timestamp.
export const apiRateLimits = sqliteTable('api_rate_limits', {
  key: text().primaryKey(),
  points: integer().notNull(),
  expire: integer({ mode: 'timestamp_ms' }),
});
