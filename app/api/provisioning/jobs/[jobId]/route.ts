import { requireApiRole } from '@/lib/auth/session';
import { getJob } from '@/lib/server/bulk-jobs';
import { PROVISIONERS } from '@/lib/server/provisioning';

/** A job's progress for the live progress bar: counts and the estimated time left. */
export async function GET(_: Request, { params }: { params: Promise<{ jobId: string }> }): Promise<Response> {
  const actor = await requireApiRole(PROVISIONERS, 'provisioning.job_progress');
  if (actor instanceof Response) return actor;
  const { jobId } = await params;
  const job = await getJob(jobId);
  if (!job) return Response.json({ error: 'not_found', message: 'No such job.' }, { status: 404 });
  return Response.json(job, { headers: { 'Cache-Control': 'no-store' } });
}
