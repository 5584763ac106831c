import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { expiryBucket, keyStatus, type KeyDto, type KeyFilter, type KeySort } from '@/lib/dal/keys';
import { daysLeftText } from '@/lib/expiry/days-left';
import { formatDate, formatDateTime } from './format';

function sortHref(filter: KeyFilter, sort: KeySort): string {
  const dir = filter.sort === sort && filter.dir !== 'desc' ? 'desc' : 'asc';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ q: filter.q, cloud: filter.cloud, tenant: filter.tenantId, status: filter.status, expiry: filter.expiry })) if (v) params.set(k, v);
  params.set('sort', sort);
  params.set('dir', dir);
  return `/keys?${params}`;
}

function SortHeader({ filter, sort, children }: { filter: KeyFilter; sort: KeySort; children: string }) {
  const active = filter.sort === sort;
  return (
    <th scope="col" aria-sort={active ? (filter.dir === 'desc' ? 'descending' : 'ascending') : 'none'} className="py-2 pr-4 font-medium">
      <Link href={sortHref(filter, sort)} className="inline-flex items-center gap-1 hover:underline">
        {children}
        <span aria-hidden="true">{active ? (filter.dir === 'desc' ? '↓' : '↑') : ''}</span>
      </Link>
    </th>
  );
}

export function StatusBadge({ keyDto }: { keyDto: KeyDto }) {
  const status = keyStatus(keyDto);
  if (status === 'ok') return <Badge tone="success">Working</Badge>;
  if (status === 'failing') return <Badge tone="error">Failing</Badge>;
  return <Badge>Not tested</Badge>;
}

export function ExpiryText({ keyDto }: { keyDto: KeyDto }) {
  const at = keyDto.credential?.expiresAt;
  if (!at) return <span className="text-slate-600 dark:text-slate-400">Unknown</span>;
  const bucket = expiryBucket(keyDto);
  return (
    <span className={bucket === 'expired' ? 'text-red-700 dark:text-red-400' : bucket === 'soon' ? 'text-amber-700 dark:text-amber-400' : ''}>
      {formatDate(at)} <span className="text-xs" data-testid="days-left">({daysLeftText(at)})</span>
    </span>
  );
}

export function KeyTable({ keys, filter, clouds }: { keys: KeyDto[]; filter: KeyFilter; clouds: readonly { id: string; label: string }[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">authKeys, {keys.length} shown</caption>
        <thead className="border-b border-slate-200 text-xs uppercase text-slate-600 dark:text-slate-400 dark:border-slate-800">
          <tr>
            <SortHeader filter={filter} sort="name">Name</SortHeader>
            <th scope="col" className="py-2 pr-4 font-medium">Cloud</th>
            <SortHeader filter={filter} sort="tenant">Tenant</SortHeader>
            <th scope="col" className="py-2 pr-4 font-medium">Status</th>
            <SortHeader filter={filter} sort="expiry">Secret expires</SortHeader>
            <SortHeader filter={filter} sort="tested">Last tested</SortHeader>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.id} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
              <td className="py-2 pr-4">
                <Link href={`/keys/${k.id}`} className="font-medium text-blue-700 hover:underline dark:text-blue-300">
                  {k.name}
                </Link>
                {k.appDisplayName ? <span className="block text-xs text-slate-600 dark:text-slate-400">{k.appDisplayName}</span> : null}
              </td>
              <td className="py-2 pr-4">{clouds.find((c) => c.id === k.cloud)?.label ?? k.cloud}</td>
              <td className="py-2 pr-4 font-mono text-xs">{k.tenantId}</td>
              <td className="py-2 pr-4">
                <StatusBadge keyDto={k} />
              </td>
              <td className="py-2 pr-4">
                <ExpiryText keyDto={k} />
              </td>
              <td className="py-2 pr-4 text-xs">{k.lastTest ? formatDateTime(k.lastTest.at) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
