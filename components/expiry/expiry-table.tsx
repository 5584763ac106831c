import Link from 'next/link';
import { RotateLink } from '@/components/rotation/rotate-link';
import { PROBLEM_TEXT, type ExpiryRow } from '@/lib/dal/expiry';
import { daysText } from '@/lib/expiry/days-left';
import { BandBadge } from './bands';

const when = (iso: string | null) => (iso ? iso.replace('T', ' ').slice(0, 16) + (iso.length > 10 ? ' UTC' : '') : '—');

/** One row per secret, soonest first; problems are spelled out beside the expiry. */
export function ExpiryTable({ rows, canRotate }: { rows: ExpiryRow[]; canRotate: boolean }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" aria-describedby="expiry-table-caption">
        <caption id="expiry-table-caption" className="sr-only">
          Secrets by expiry, soonest first
        </caption>
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-600 dark:border-slate-700 dark:text-slate-400">
          <tr>
            <th scope="col" className="py-2 pr-3">authKey</th>
            <th scope="col" className="py-2 pr-3">Status</th>
            <th scope="col" className="py-2 pr-3">Expires</th>
            <th scope="col" className="py-2 pr-3">Expiry from</th>
            <th scope="col" className="py-2 pr-3">Last health check</th>
            <th scope="col" className="py-2">Action</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {rows.map((r) => (
            <tr key={r.credentialId} data-testid="expiry-row" data-band={r.band} data-key-name={r.keyName} className="align-top">
              <td className="py-3 pr-3">
                <Link href={`/keys/${r.keyId}`} className="font-medium text-blue-700 underline-offset-2 hover:underline dark:text-blue-300">
                  {r.keyName}
                </Link>
                <p className="font-mono text-xs text-slate-600 dark:text-slate-400">{r.tenantId}</p>
                <p className="text-xs text-slate-600 dark:text-slate-400">
                  {r.type === 'certificate' ? (
                    <>Certificate {r.hint ? <span className="font-mono">{r.hint.slice(0, 8)}…</span> : ''}</>
                  ) : (
                    <>Secret {r.hint ? <span className="font-mono">{r.hint}…</span> : ''}</>
                  )}
                  {r.state === 'previous' ? (r.eraseAfter ? ` · previous, kept for rollback until ${when(r.eraseAfter)}` : ' · previous, still valid in Azure while the rotation overlaps') : ''}
                </p>
                {r.problems.length ? (
                  <ul className="mt-1 space-y-0.5" aria-label={`Problems with ${r.keyName}`}>
                    {r.problems.map((p) => (
                      <li key={p} className="text-xs font-medium text-red-700 dark:text-red-400" data-problem={p}>
                        ⚠ {PROBLEM_TEXT[p]}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </td>
              <td className="py-3 pr-3">
                <BandBadge band={r.band} />
              </td>
              <td className="py-3 pr-3">
                <time dateTime={r.expiresAt ?? undefined}>{r.expiresAt ? r.expiresAt.slice(0, 10) : 'No date'}</time>
                <p className="text-xs text-slate-600 dark:text-slate-400" data-testid="days-left">
                  {daysText(r.daysLeft)}
                </p>
              </td>
              <td className="py-3 pr-3 text-xs">
                {r.expirySource === 'graph' ? `Microsoft Graph, read ${when(r.expirySyncedAt)}` : r.expirySource === 'typed' ? 'Typed in by an administrator' : r.expirySource === 'certificate' ? 'The certificate itself' : '—'}
              </td>
              <td className="py-3 pr-3 text-xs">
                {r.lastTest ? (
                  <>
                    <span className={r.lastTest.outcome === 'success' ? 'font-medium text-green-700 dark:text-green-400' : 'font-medium text-red-700 dark:text-red-400'}>{r.lastTest.outcome === 'success' ? 'Passed' : 'Failed'}</span> {when(r.lastTest.at)}
                    {r.lastTest.outcome === 'failure' && r.lastTest.message ? <p className="mt-0.5 line-clamp-2 text-slate-600 dark:text-slate-400">{r.lastTest.message}</p> : null}
                  </>
                ) : (
                  'Never'
                )}
              </td>
              <td className="py-3">
                {canRotate && r.state === 'active' ? (
                  r.type === 'certificate' ? (
                    <Link href={`/keys/${r.keyId}#automatic-rotation`} className="font-medium text-blue-700 underline-offset-2 hover:underline dark:text-blue-300" aria-label={`Renew the certificate of ${r.keyName}`}>
                      Renew
                    </Link>
                  ) : (
                    <RotateLink keyId={r.keyId} keyName={r.keyName} compact />
                  )
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
