import 'server-only';
import { z } from 'zod';
import { CLOUDS } from '@/contracts/enums';
import { EXPIRY_PAGE_SIZE, exportExpiryCsv, loadDashboard } from '@/lib/dal/expiry';
import { BANDS, type ExpiryFilter } from '@/lib/validation/expiry';
import { cursorOr400, encodeCursor } from '../cursor';
import { defineRoute } from '../define';
import { expiryPage } from '../schemas';

const filters = z.object({
  tenant: z.string().trim().max(100).optional().meta({ description: 'A tenant id.' }),
  cloud: z.enum(CLOUDS).optional(),
  band: z.enum(BANDS).optional(),
});

export const expiryRoutes = [
  defineRoute({
    method: 'GET',
    path: '/expiry',
    operationId: 'listExpiry',
    summary: 'Read the expiry dashboard',
    description: `Every stored secret and certificate with its expiry, soonest first, ${EXPIRY_PAGE_SIZE} a page, and the counts per band.`,
    tag: 'Expiry',
    scope: 'expiry:read',
    query: filters.extend({ cursor: z.string().max(200).optional().meta({ description: 'The `nextCursor` of the previous page.' }) }),
    success: { status: 200, description: 'One page of the dashboard.', schema: expiryPage },
    problems: ['invalid-request'],
    async run({ query }) {
      const at = cursorOr400<{ page: number }, { page: number }>(query.cursor, { page: 'number' }, { page: 1 });
      const d = await loadDashboard({ tenant: query.tenant, cloud: query.cloud, band: query.band, page: at.page } satisfies ExpiryFilter);
      return {
        json: {
          counts: d.counts,
          total: d.total,
          items: d.rows.map((r) => ({ keyId: r.keyId, keyName: r.keyName, tenantId: r.tenantId, cloud: r.cloud, state: r.state, type: r.type, hint: r.hint, expiresAt: r.expiresAt, daysLeft: r.daysLeft, band: r.band, expirySource: r.expirySource, problems: r.problems })),
          nextCursor: d.page < d.pages ? encodeCursor({ page: d.page + 1 }) : null,
        },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/expiry/csv',
    operationId: 'exportExpiryCsv',
    summary: 'Export the expiry dashboard as CSV',
    tag: 'Expiry',
    scope: 'expiry:read',
    query: filters,
    success: { status: 200, description: 'The same CSV as the dashboard’s export (metadata only).', csv: true },
    problems: ['invalid-request'],
    async run({ query }) {
      const { csv, truncated } = await exportExpiryCsv(query);
      return { csv, headers: truncated ? { 'X-Export-Truncated': 'true' } : undefined };
    },
  }),
];
