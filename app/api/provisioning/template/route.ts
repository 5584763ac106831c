import { requireApiRole } from '@/lib/auth/session';
import { PROVISIONERS } from '@/lib/server/provisioning';
import { templateCsv } from '@/lib/validation/bulk-csv';

export async function GET(): Promise<Response> {
  const actor = await requireApiRole(PROVISIONERS, 'provisioning.template');
  if (actor instanceof Response) return actor;
  return new Response(templateCsv(), {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="UserCreateTemplate.csv"', 'Cache-Control': 'no-store' },
  });
}
