import { z } from 'zod';
import { BANDS } from '@/lib/validation/expiry';

// Shapes the API answers with. Each `.meta({ id })` becomes a component of the OpenAPI document.

export const uuid = z.string().uuid();
export const keyParams = z.object({ keyId: uuid.meta({ description: 'The authKey’s id (GET /authkeys lists them).' }) });

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).meta({ description: 'Items per page, 1 to 200 (default 50).' }),
  cursor: z.string().max(500).optional().meta({ description: 'The `nextCursor` of the previous page.' }),
});

export const problemSchema = z
  .object({
    type: z.string().url(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.record(z.string(), z.array(z.string())).optional().meta({ description: 'Field errors, keyed by `body.<field>` or `query.<name>`.' }),
    requestId: z.string().nullable().optional().meta({ description: 'Microsoft Graph’s request-id, when Graph answered.' }),
  })
  .catchall(z.unknown())
  .meta({ id: 'Problem', description: 'RFC 9457 problem details.' });

const iso = z.string().meta({ description: 'ISO 8601, UTC.' });

export const authKeySchema = z
  .object({
    id: uuid,
    name: z.string(),
    description: z.string(),
    accessType: z.enum(['app', 'delegated']),
    cloud: z.string(),
    tenantId: z.string(),
    clientId: z.string(),
    credential: z
      .object({ kind: z.enum(['secret', 'certificate']), hint: z.string().nullable().meta({ description: 'A secret’s first characters, or a certificate’s SHA-1 thumbprint.' }), expiresAt: iso.nullable(), expirySource: z.string().nullable() })
      .nullable(),
    lastTest: z.object({ at: iso, outcome: z.enum(['success', 'failure']), roles: z.array(z.string()), message: z.string().nullable() }).nullable(),
    createdAt: iso,
    updatedAt: iso,
  })
  .meta({ id: 'AuthKey', description: 'An authKey without its credential: no endpoint ever returns a secret or private key.' });

export const authKeyPage = z.object({ items: z.array(authKeySchema), nextCursor: z.string().nullable() }).meta({ id: 'AuthKeyPage' });

export const testResultSchema = z
  .object({
    outcome: z.enum(['success', 'failure']),
    roles: z.array(z.string()),
    missing: z.array(z.string()),
    latencyMs: z.number(),
    testedAt: iso,
    diagnosis: z.object({ code: z.string(), title: z.string(), explanation: z.string(), step: z.string().nullable() }).nullable(),
    expiresAt: iso.nullable(),
  })
  .meta({ id: 'TestResult' });

export const graphTokenSchema = z
  .object({
    access_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_on: z.number().int().meta({ description: 'Seconds since the epoch.' }),
    expires_in: z.number().int().meta({ description: 'Seconds from now.' }),
    resource: z.string().meta({ description: 'The Graph endpoint the token is for.' }),
    roles: z.array(z.string()).meta({ description: 'The application permissions in the token.' }),
  })
  .meta({ id: 'GraphToken' });

export const expiryRowSchema = z
  .object({
    keyId: uuid,
    keyName: z.string(),
    tenantId: z.string(),
    cloud: z.string(),
    state: z.enum(['active', 'previous']),
    type: z.enum(['secret', 'certificate']),
    hint: z.string().nullable(),
    expiresAt: iso.nullable(),
    daysLeft: z.number().int().nullable(),
    band: z.enum(BANDS),
    expirySource: z.string().nullable(),
    problems: z.array(z.string()),
  })
  .meta({ id: 'ExpiryRow' });

export const expiryPage = z
  .object({ counts: z.record(z.enum(BANDS), z.number().int()), total: z.number().int(), items: z.array(expiryRowSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'ExpiryPage' });

export const userSchema = z
  .object({ id: z.string(), userPrincipalName: z.string(), displayName: z.string().nullable(), accountEnabled: z.boolean().nullable().optional() })
  .catchall(z.unknown())
  .meta({ id: 'User', description: 'A Microsoft Graph user (the properties Graph returned).' });

export const changedSchema = z.object({ ok: z.literal(true), requestId: z.string().nullable() }).meta({ id: 'Changed' });

export const jobSchema = z
  .object({
    id: uuid,
    authKeyId: uuid,
    state: z.enum(['pending', 'running', 'completed', 'failed', 'cancelled']),
    total: z.number().int(),
    counts: z.record(z.string(), z.number().int()),
    createdAt: iso,
    startedAt: iso.nullable(),
    finishedAt: iso.nullable(),
    ratePerSecond: z.number().nullable(),
    etaSeconds: z.number().nullable(),
    notes: z.array(z.string()),
  })
  .meta({ id: 'BulkJob' });

export const jobRowSchema = z
  .object({ rowNumber: z.number().int(), userPrincipalName: z.string(), state: z.string(), userId: z.string().nullable(), errorCode: z.string().nullable(), errorMessage: z.string().nullable(), requestId: z.string().nullable() })
  .meta({ id: 'BulkJobRow' });

export const auditEventSchema = z
  .object({ id: z.number().int(), at: iso, actorEmail: z.string().nullable(), action: z.string(), outcome: z.string(), targetType: z.string().nullable(), targetId: z.string().nullable(), authKeyId: z.string().nullable(), requestId: z.string().nullable(), detail: z.record(z.string(), z.unknown()).nullable() })
  .meta({ id: 'AuditEvent' });
