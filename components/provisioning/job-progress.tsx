'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import type { JobSummary } from '@/lib/server/bulk-jobs';

const COUNT_LABEL = { created: 'created', warning: 'created with warnings', exists: 'already existed', failed: 'failed', pending: 'pending' } as const;
const duration = (s: number) => (s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`);

/** Live progress: polls the job's status route while it runs, then refreshes the page once. */
export function JobProgress({ initial }: { initial: JobSummary }) {
  const router = useRouter();
  const [job, setJob] = useState(initial);
  // Bumped after a failed poll, so that one dropped request does not freeze the bar for good.
  const [misses, setMisses] = useState(0);
  useEffect(() => {
    if (job.state !== 'running') return;
    const timer = setTimeout(async () => {
      const res = await fetch(`/api/provisioning/jobs/${job.id}`, { cache: 'no-store' }).catch(() => null);
      if (!res?.ok) return setMisses((n) => n + 1);
      const next = (await res.json()) as JobSummary;
      setMisses(0);
      setJob(next);
      if (next.state !== 'running') router.refresh();
    }, Math.min(1000 * 2 ** misses, 10_000));
    return () => clearTimeout(timer);
  }, [job, misses, router]);
  const done = job.total - job.counts.pending - job.counts.invalid;
  const pct = job.total ? Math.round((done / job.total) * 100) : 0;
  return (
    <div className="space-y-3">
      <div className="flex items-center justify-between text-sm">
        {/* Announced as it changes, so a screen reader hears the job advance without polling the bar. */}
        <span role="status" aria-live="polite">
          {done} of {job.total} rows done
        </span>
        <span>{job.state === 'running' ? (job.etaSeconds !== null ? `about ${duration(job.etaSeconds)} left` : 'estimating…') : job.state}</span>
      </div>
      <div role="progressbar" aria-label="Job progress" aria-valuemin={0} aria-valuemax={job.total} aria-valuenow={done} aria-valuetext={`${done} of ${job.total} rows done`} className="h-3 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800">
        <div className="h-full bg-blue-600 transition-all" style={{ width: `${pct}%` }} />
      </div>
      <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-5" data-testid="job-counts">
        {(['created', 'warning', 'exists', 'failed', 'pending'] as const).map((s) => (
          <div key={s} className="rounded-md border border-slate-200 px-3 py-2 dark:border-slate-800">
            <dt className="text-xs uppercase text-slate-600 dark:text-slate-400">{COUNT_LABEL[s]}</dt>
            <dd className="text-lg font-semibold" data-testid={`count-${s}`}>
              {job.counts[s]}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
