import type { Metadata } from 'next';
import Link from 'next/link';
import { CheckAllButton } from '@/app/(portal)/expiry/_components/check-all-button';
import { ExpiryFilters } from '@/components/expiry/expiry-filters';
import { ExpiryTable } from '@/components/expiry/expiry-table';
import { ExpiryTimeline } from '@/components/expiry/expiry-timeline';
import { GetStarted } from '@/components/expiry/get-started';
import { SummaryCounts } from '@/components/expiry/summary-counts';
import { Alert } from '@/components/ui/alert';
import { buttonClasses } from '@/components/ui/button';
import { Card, PageHeader } from '@/components/ui/card';
import { requireSession } from '@/lib/auth/session';
import { loadDashboard } from '@/lib/dal/expiry';
import { sandboxRunning } from '@/lib/sandbox/connection';
import { expiryFilterSchema, type ExpiryFilter } from '@/lib/validation/expiry';

export const metadata: Metadata = { title: 'Dashboard' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function query(filter: ExpiryFilter): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v !== undefined && v !== '' && !(k === 'page' && v === 1)) params.set(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export default async function DashboardPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireSession();
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = expiryFilterSchema.safeParse(raw);
  const filter: ExpiryFilter = parsed.success ? parsed.data : {};
  const data = await loadDashboard(filter);
  const { page: _page, ...filters } = filter;
  const t = data.thresholds;
  // No authKey at all yet: say what the portal is for and how to begin, instead of empty charts.
  if (data.tenants.length === 0) {
    return (
      <>
        <PageHeader title="Welcome to authKey Portal" description="Create, test, use and keep alive the authKeys through which Pliant calls Microsoft Graph." />
        <GetStarted canCreate={actor.role === 'admin'} sandboxRunning={sandboxRunning()} />
      </>
    );
  }
  return (
    <>
      <PageHeader
        title="Secret expiry"
        description={`Every authKey's client secret, soonest first. Critical ≤ ${t.critical} days, warning ≤ ${t.warning}, notice ≤ ${t.notice}.`}
        actions={
          <div className="flex flex-wrap items-start gap-3">
            <a href={`/api/expiry/export${query(filters)}`} className={buttonClasses('secondary')} download>
              Export CSV
            </a>
            {actor.role !== 'auditor' ? <CheckAllButton /> : null}
          </div>
        }
      />
      <div className="space-y-6">
        {!parsed.success ? <Alert tone="warning">Some filters in the address were not valid and were ignored.</Alert> : null}
        <SummaryCounts counts={data.counts} active={filter.band} hrefFor={(band) => `/${query({ ...filters, band: band as ExpiryFilter['band'] })}`} />
        {data.problemKeys > 0 ? (
          <Alert tone="warning" title={`${data.problemKeys} authKey${data.problemKeys === 1 ? ' needs' : 's need'} attention`}>
            Problems are listed under each key below: deleted or newer secrets in Azure, revoked consent, failing or missing checks, missing dates.
          </Alert>
        ) : null}
        <Card title="Next 12 months">
          <ExpiryTimeline groups={data.timeline} now={data.now} />
        </Card>
        <Card>
          <ExpiryFilters filter={filter} tenants={data.tenants} />
        </Card>
        <Card title={`${data.total} secret${data.total === 1 ? '' : 's'}`} description={data.pages > 1 ? `Page ${data.page} of ${data.pages}` : undefined}>
          {data.total === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">
              {Object.keys(filters).length ? 'No secret matches these filters.' : 'No authKeys yet. Their secrets appear here, soonest expiry first, as soon as keys are added.'}{' '}
              {actor.role === 'admin' ? (
                <Link href="/keys/new" className="text-blue-700 underline dark:text-blue-300">
                  Add an authKey
                </Link>
              ) : null}
            </p>
          ) : (
            <ExpiryTable rows={data.rows} canRotate={actor.role === 'admin'} />
          )}
          {data.pages > 1 ? (
            <nav aria-label="Secret pages" className="mt-4 flex items-center justify-between text-sm">
              {data.page > 1 ? (
                <Link href={`/${query({ ...filters, page: data.page - 1 })}`} className={buttonClasses('secondary')} rel="prev">
                  Previous
                </Link>
              ) : (
                <span />
              )}
              <span aria-current="page">
                Page {data.page} of {data.pages}
              </span>
              {data.page < data.pages ? (
                <Link href={`/${query({ ...filters, page: data.page + 1 })}`} className={buttonClasses('secondary')} rel="next">
                  Next
                </Link>
              ) : (
                <span />
              )}
            </nav>
          ) : null}
        </Card>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          <Link href="/notifications" className="text-blue-700 underline dark:text-blue-300">
            Notifications log
          </Link>{' '}
          shows every alert sent about these secrets.
        </p>
      </div>
    </>
  );
}
