import { requireApiRole } from '@/lib/auth/session';
import { exportExpiryCsv } from '@/lib/dal/expiry';
import { expiryFilterSchema } from '@/lib/validation/expiry';

export const dynamic = 'force-dynamic';

// GET /api/expiry/export?<the dashboard's filters>: the filtered secrets (metadata only) as CSV.
export async function GET(request: Request) {
  const actor = await requireApiRole(['admin', 'operator', 'auditor'], 'expiry.export');
  if (actor instanceof Response) return actor;
  const parsed = expiryFilterSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return Response.json({ error: 'invalid', message: 'The filters are not valid.' }, { status: 400 });
  const { csv, truncated } = await exportExpiryCsv(parsed.data);
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="authkey-expiry-${new Date().toISOString().slice(0, 10)}.csv"`,
      'Cache-Control': 'no-store',
      ...(truncated ? { 'X-Export-Truncated': 'true' } : {}),
    },
  });
}
