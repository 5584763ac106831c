import type { Metadata } from 'next';
import Link from 'next/link';
import { AuditFilters } from '@/components/audit/audit-filters';
import { AuditTable } from '@/components/audit/audit-table';
import { RetentionForm } from '@/app/(portal)/audit/_components/retention-form';
import { buttonClasses } from '@/components/ui/button';
import { Card, PageHeader } from '@/components/ui/card';
import { requirePageRole } from '@/lib/auth/session';
import { auditActors, listAuditEvents } from '@/lib/dal/audit';
import { getRetention } from '@/lib/dal/audit-settings';
import { invalid } from '@/lib/validation/action-state';
import { auditFilterSchema, RETENTION_CHOICES, type AuditFilter } from '@/lib/validation/audit';

export const metadata: Metadata = { title: 'Audit log' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function query(filter: AuditFilter, page?: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filter, page })) if (v !== undefined && v !== '' && !(k === 'page' && v === 1)) params.set(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requirePageRole(['admin', 'auditor'], 'page.audit');
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = auditFilterSchema.safeParse(raw);
  const filter: AuditFilter = parsed.success ? parsed.data : {};
  const [{ rows, total, page, pages }, actors, retention] = await Promise.all([listAuditEvents(filter), auditActors(), getRetention()]);
  const { page: _page, ...filters } = filter;
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change, sign-in, refusal and outbound call, newest first. Times are UTC."
        actions={
          <a href={`/audit/export${query(filters)}`} className={buttonClasses('secondary')} download>
            Export CSV
          </a>
        }
      />
      <div className="space-y-6">
        <Card>
          <AuditFilters filter={filter} actors={actors} errors={parsed.success ? undefined : invalid(parsed.error).fieldErrors} />
        </Card>
        <Card title={`${total} row${total === 1 ? '' : 's'}`} description={pages > 1 ? `Page ${page} of ${pages}` : undefined}>
          <AuditTable rows={rows} />
          {pages > 1 ? (
            <nav aria-label="Audit pages" className="mt-4 flex items-center justify-between text-sm">
              {page > 1 ? (
                <Link href={`/audit${query(filters, page - 1)}`} className={buttonClasses('secondary')} rel="prev">
                  Newer
                </Link>
              ) : (
                <span />
              )}
              <span aria-current="page">
                Page {page} of {pages}
              </span>
              {page < pages ? (
                <Link href={`/audit${query(filters, page + 1)}`} className={buttonClasses('secondary')} rel="next">
                  Older
                </Link>
              ) : (
                <span />
              )}
            </nav>
          ) : null}
        </Card>
        <Card title="Retention" description="Audit rows are never changed. Only rows older than the retention period are removed.">
          {actor.role === 'admin' ? (
            <RetentionForm days={retention} choices={RETENTION_CHOICES} />
          ) : (
            <p className="text-sm">{retention === 0 ? 'Audit rows are kept forever.' : `Audit rows are kept for ${retention} days.`}</p>
          )}
        </Card>
      </div>
    </>
  );
}
