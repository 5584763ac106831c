import Link from 'next/link';
import type { DeliveryDto } from '@/lib/dal/alerts';

const STATE_CLASSES = {
  sent: 'bg-green-100 text-green-900 dark:bg-green-950 dark:text-green-100',
  pending: 'bg-blue-100 text-blue-900 dark:bg-blue-950 dark:text-blue-100',
  failed: 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-100',
} as const;

const when = (iso: string | null) => (iso ? iso.replace('T', ' ').slice(0, 16) : '—');
const what = (t: string | null) => (t === 'check' ? 'Health check failed' : t === 'expired' ? 'Expired' : t ? `${t} days left` : '—');

/** Every queued alert: to which channel, about what, how many attempts, and the last error. */
export function DeliveriesTable({ rows }: { rows: DeliveryDto[] }) {
  if (!rows.length) return <p className="text-sm text-slate-600 dark:text-slate-400">No alert has been sent yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Alert deliveries, newest first (times UTC)</caption>
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-600 dark:border-slate-700 dark:text-slate-400">
          <tr>
            <th scope="col" className="py-2 pr-3">Queued</th>
            <th scope="col" className="py-2 pr-3">Channel</th>
            <th scope="col" className="py-2 pr-3">authKey</th>
            <th scope="col" className="py-2 pr-3">Alert</th>
            <th scope="col" className="py-2 pr-3">Outcome</th>
            <th scope="col" className="py-2">Attempts</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {rows.map((r) => (
            <tr key={r.id} className="align-top" data-testid="delivery-row">
              <td className="py-2 pr-3 font-mono text-xs">{when(r.createdAt)}</td>
              <td className="py-2 pr-3">
                {r.channelName} <span className="text-xs text-slate-600 dark:text-slate-400">({r.channelKind})</span>
              </td>
              <td className="py-2 pr-3">
                {r.keyId && r.keyName ? (
                  <Link href={`/keys/${r.keyId}`} className="text-blue-700 underline-offset-2 hover:underline dark:text-blue-300">
                    {r.keyName}
                  </Link>
                ) : (
                  'deleted key'
                )}
              </td>
              <td className="py-2 pr-3">{what(r.threshold)}</td>
              <td className="py-2 pr-3">
                <span className={`rounded px-2 py-0.5 text-xs font-medium ${STATE_CLASSES[r.state]}`}>{r.state}</span>
                {r.state === 'sent' ? <span className="ml-2 text-xs">{when(r.sentAt)}</span> : null}
                {r.state === 'pending' && r.nextAttemptAt ? <span className="ml-2 text-xs">next try {when(r.nextAttemptAt)}</span> : null}
                {r.lastError ? <p className="mt-1 text-xs text-red-700 dark:text-red-400">{r.lastError}</p> : null}
              </td>
              <td className="py-2 tabular-nums">{r.attempts}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
