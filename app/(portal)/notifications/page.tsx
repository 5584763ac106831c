import type { Metadata } from 'next';
import Link from 'next/link';
import { DeliveriesTable } from '@/components/alerts/deliveries-table';
import { buttonClasses } from '@/components/ui/button';
import { Card, PageHeader } from '@/components/ui/card';
import { requireRole } from '@/lib/auth/session';
import { listDeliveries } from '@/lib/dal/alerts';
import { deliveryFilterSchema } from '@/lib/validation/alerts';

export const metadata: Metadata = { title: 'Notifications' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const href = (state: string | undefined, page?: number) => {
  const p = new URLSearchParams();
  if (state) p.set('state', state);
  if (page && page > 1) p.set('page', String(page));
  const q = p.toString();
  return `/notifications${q ? `?${q}` : ''}`;
};

export default async function NotificationsPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireRole(['admin', 'operator', 'auditor'], 'page.notifications');
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = deliveryFilterSchema.safeParse(raw);
  const filter = parsed.success ? parsed.data : {};
  const { rows, total, page, pages } = await listDeliveries(filter);
  return (
    <>
      <PageHeader
        title="Notifications log"
        description="Every alert the portal queued, once per secret and threshold, with its attempts. Failed sends are retried after 1, 5 and 30 minutes, then 2 hours, then given up."
        actions={
          actor.role === 'admin' ? (
            <Link href="/settings/alerts" className={buttonClasses('secondary')}>
              Alert channels
            </Link>
          ) : null
        }
      />
      <Card
        title={`${total} alert${total === 1 ? '' : 's'}`}
        actions={
          <nav aria-label="Filter by outcome" className="flex gap-3 text-sm">
            {[undefined, 'sent', 'pending', 'failed'].map((s) => (
              <Link key={s ?? 'all'} href={href(s)} aria-current={filter.state === s ? 'page' : undefined} className="text-blue-700 underline-offset-2 hover:underline aria-[current=page]:font-semibold aria-[current=page]:underline dark:text-blue-300">
                {s ?? 'all'}
              </Link>
            ))}
          </nav>
        }
      >
        <DeliveriesTable rows={rows} />
        {pages > 1 ? (
          <nav aria-label="Notification pages" className="mt-4 flex items-center justify-between text-sm">
            {page > 1 ? <Link href={href(filter.state, page - 1)} className={buttonClasses('secondary')}>Newer</Link> : <span />}
            <span aria-current="page">
              Page {page} of {pages}
            </span>
            {page < pages ? <Link href={href(filter.state, page + 1)} className={buttonClasses('secondary')}>Older</Link> : <span />}
          </nav>
        ) : null}
      </Card>
    </>
  );
}
