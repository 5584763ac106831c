import { requireApiRole } from '@/lib/auth/session';
import { exportAuditCsv } from '@/lib/dal/audit';
import { auditFilterSchema } from '@/lib/validation/audit';

export const dynamic = 'force-dynamic';

// GET /audit/export?<the page's filters>: the filtered audit rows as a CSV download.
export async function GET(request: Request) {
  const actor = await requireApiRole(['admin', 'auditor'], 'audit.export');
  if (actor instanceof Response) return actor;
  const parsed = auditFilterSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json({ error: 'invalid', message: 'The filters are not valid.' }, { status: 400 });
  const { csv, truncated } = await exportAuditCsv(parsed.data);
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="authkey-audit-${stamp}.csv"`,
      'Cache-Control': 'no-store',
      ...(truncated ? { 'X-Export-Truncated': 'true' } : {}),
    },
  });
}
