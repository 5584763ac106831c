import { requireApiRole } from '@/lib/auth/session';
import { jobResultsCsv } from '@/lib/server/bulk-jobs';
import { PROVISIONERS } from '@/lib/server/provisioning';

export async function GET(_: Request, { params }: { params: Promise<{ jobId: string }> }): Promise<Response> {
  const actor = await requireApiRole(PROVISIONERS, 'provisioning.job_results');
  if (actor instanceof Response) return actor;
  const { jobId } = await params;
  const csv = await jobResultsCsv(jobId);
  if (csv === null) return Response.json({ error: 'not_found', message: 'No such job.' }, { status: 404 });
  return new Response(csv, { headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="bulk-results-${jobId.slice(0, 8)}.csv"`, 'Cache-Control': 'no-store' } });
}
