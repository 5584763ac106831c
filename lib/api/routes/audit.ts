import 'server-only';
import { z } from 'zod';
import { AUDIT_ACTIONS, } from '@/lib/audit-actions';
import { AUDIT_OUTCOMES } from '@/contracts/enums';
import { listAuditEventsBefore } from '@/lib/dal/audit';
import { cursorOr400, encodeCursor } from '../cursor';
import { defineRoute } from '../define';
import { auditEventSchema, pageQuery } from '../schemas';

export const auditRoutes = [
  defineRoute({
    method: 'GET',
    path: '/audit',
    operationId: 'listAuditEvents',
    summary: 'Read the audit log',
    description: 'Newest first. Details were scrubbed of secrets when written.',
    tag: 'Audit',
    scope: 'audit:read',
    query: pageQuery.extend({ action: z.enum(AUDIT_ACTIONS).optional(), outcome: z.enum(AUDIT_OUTCOMES).optional(), authKeyId: z.string().max(64).optional() }),
    success: { status: 200, description: 'One page of audit rows.', schema: z.object({ items: z.array(auditEventSchema), nextCursor: z.string().nullable() }).meta({ id: 'AuditPage' }) },
    problems: ['invalid-request'],
    async run({ query }) {
      const at = cursorOr400<{ before: number }, null>(query.cursor, { before: 'number' }, null);
      const rows = await listAuditEventsBefore({ action: query.action, outcome: query.outcome, authKeyId: query.authKeyId }, at?.before ?? null, query.limit + 1);
      const page = rows.slice(0, query.limit);
      return { json: { items: page, nextCursor: rows.length > query.limit ? encodeCursor({ before: page.at(-1)!.id }) : null } };
    },
  }),
];
