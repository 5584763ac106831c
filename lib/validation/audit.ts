import { z } from 'zod';
import { AUDIT_ACTIONS } from '@/lib/audit-actions';
import { AUDIT_OUTCOMES } from '@/contracts/enums';

// Empty form fields mean "no filter".
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-01-31.');

/** The audit page's query string, also used by the CSV export. */
export const auditFilterSchema = z.object({
  from: optional(day),
  to: optional(day),
  actor: optional(z.string().trim().max(320)),
  action: optional(z.enum(AUDIT_ACTIONS)),
  authKeyId: optional(z.string().trim().max(64)),
  outcome: optional(z.enum(AUDIT_OUTCOMES)),
  page: optional(z.coerce.number().int().min(1).max(100_000)),
});

export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const RETENTION_CHOICES = [0, 30, 90, 180, 365, 730, 1095, 2555] as const;

export const retentionSchema = z.object({
  // 0 keeps every row forever. Under 30 days would defeat the point of an audit log.
  days: z.coerce
    .number()
    .int()
    .refine((d) => (RETENTION_CHOICES as readonly number[]).includes(d), 'Choose one of the offered periods.'),
});
