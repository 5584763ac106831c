import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { JobControls } from '@/app/(portal)/provisioning/_components/job-controls';
import { JobProgress } from '@/components/provisioning/job-progress';
import { KeyHeader } from '@/components/provisioning/key-header';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { buttonClasses } from '@/components/ui/button';
import { Card, PageHeader } from '@/components/ui/card';
import { JOB_ROW_STATES } from '@/contracts/enums';
import { requirePageRole } from '@/lib/auth/session';
import { getJob, listJobRows } from '@/lib/server/bulk-jobs';
import { getProvisioningKey, PROVISIONERS } from '@/lib/server/provisioning';

export const metadata: Metadata = { title: 'Bulk job' };

const ROWS_PER_PAGE = 100;
const tone = { pending: 'neutral', created: 'success', warning: 'warning', exists: 'info', failed: 'error', invalid: 'error' } as const;
const stateLabel = { pending: 'pending', created: 'created', warning: 'created with warnings', exists: 'already exists', failed: 'failed', invalid: 'invalid' } as const;

export default async function JobPage({ params, searchParams }: { params: Promise<{ keyId: string; jobId: string }>; searchParams: Promise<{ state?: string; page?: string }> }) {
  await requirePageRole(PROVISIONERS, 'page.provisioning.job');
  const { keyId, jobId } = await params;
  const sp = await searchParams;
  const key = await getProvisioningKey(keyId);
  const job = await getJob(jobId);
  if (!key || !job || job.authKeyId !== keyId) notFound();
  const state = (JOB_ROW_STATES as readonly string[]).includes(sp.state ?? '') ? (sp.state as (typeof JOB_ROW_STATES)[number]) : undefined;
  const page = Math.max(0, Number.parseInt(sp.page ?? '0', 10) || 0);
  const { rows, total } = await listJobRows(jobId, { state, limit: ROWS_PER_PAGE, offset: page * ROWS_PER_PAGE });
  const valid = job.total - job.counts.invalid;
  const link = (s?: string, p = 0) => `?${new URLSearchParams({ ...(s ? { state: s } : {}), ...(p ? { page: String(p) } : {}) })}`;
  return (
    <>
      <PageHeader title={job.fileName ?? 'Bulk job'} description={`${job.total} rows · uploaded ${job.createdAt.slice(0, 16).replace('T', ' ')} UTC`} actions={<Badge tone={job.state === 'completed' ? 'success' : job.state === 'running' ? 'info' : 'neutral'}>{job.state}</Badge>} />
      <KeyHeader keyChoice={key} current="bulk" />
      <div className="space-y-6">
        {job.state === 'pending' ? (
          <Card title="Check before you run" description="Nothing has been sent to Microsoft Graph yet.">
            {job.notes.length ? (
              <div className="mb-3">
                <Alert tone="warning">{job.notes.join(' ')}</Alert>
              </div>
            ) : null}
            {job.counts.invalid ? (
              <Alert tone="warning">{`${job.counts.invalid} of ${job.total} rows have problems and will be skipped (listed below with the reason). Fix them in the file and upload it again, or run the ${valid} valid rows.`}</Alert>
            ) : (
              <Alert tone="success">{`All ${job.total} rows are valid.`}</Alert>
            )}
            <div className="mt-4">
              <JobControls jobId={job.id} state={job.state} valid={valid} />
            </div>
          </Card>
        ) : (
          <Card
            title="Progress"
            actions={
              <a href={`/api/provisioning/jobs/${job.id}/results`} className={buttonClasses('secondary')} download>
                Download results CSV
              </a>
            }
          >
            <JobProgress initial={job} />
            {job.state === 'running' ? (
              <div className="mt-4">
                <JobControls jobId={job.id} state={job.state} valid={valid} />
              </div>
            ) : null}
          </Card>
        )}
        <Card title={job.state === 'pending' ? 'Preview' : 'Results'}>
          <nav aria-label="Filter rows" className="mb-3 flex flex-wrap gap-2 text-sm">
            <Link href={link()} aria-current={!state ? 'page' : undefined} className="rounded px-2 py-1 aria-[current=page]:bg-slate-200 dark:aria-[current=page]:bg-slate-700">
              All
            </Link>
            {JOB_ROW_STATES.filter((s) => job.counts[s] > 0).map((s) => (
              <Link key={s} href={link(s)} aria-current={state === s ? 'page' : undefined} className="rounded px-2 py-1 aria-[current=page]:bg-slate-200 dark:aria-[current=page]:bg-slate-700">
                {stateLabel[s]} ({job.counts[s]})
              </Link>
            ))}
          </nav>
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Rows of the file</caption>
              <thead className="border-b border-slate-200 text-xs uppercase text-slate-600 dark:border-slate-700 dark:text-slate-400">
                <tr>
                  <th scope="col" className="py-2 pr-4">Row</th>
                  <th scope="col" className="py-2 pr-4">User name</th>
                  <th scope="col" className="py-2 pr-4">Name</th>
                  <th scope="col" className="py-2 pr-4">Outcome</th>
                  <th scope="col" className="py-2">Details</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.rowNumber} className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800" data-testid={`job-row-${r.rowNumber}`}>
                    <td className="py-2 pr-4">{r.rowNumber}</td>
                    <td className="py-2 pr-4">{r.userPrincipalName || '—'}</td>
                    <td className="py-2 pr-4">{r.displayName}</td>
                    <td className="py-2 pr-4">
                      <Badge tone={tone[r.state]}>{stateLabel[r.state]}</Badge>
                    </td>
                    <td className="py-2 text-slate-700 dark:text-slate-300">
                      {r.errorMessage ?? ''}
                      {r.requestId && r.state === 'failed' ? <span className="block text-xs text-slate-600 dark:text-slate-400">request-id {r.requestId}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="mt-3 flex items-center gap-3 text-sm">
            {page > 0 ? <Link href={link(state, page - 1)} className={buttonClasses('secondary')}>Previous</Link> : null}
            <span>
              Rows {total === 0 ? 0 : page * ROWS_PER_PAGE + 1}–{Math.min(total, (page + 1) * ROWS_PER_PAGE)} of {total}
            </span>
            {(page + 1) * ROWS_PER_PAGE < total ? <Link href={link(state, page + 1)} className={buttonClasses('secondary')}>Next</Link> : null}
          </div>
        </Card>
      </div>
    </>
  );
}
