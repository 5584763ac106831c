import type { CredentialHistoryItem } from '@/lib/server/rotation';

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');
const STATE_LABEL = { next: 'New, being verified', active: 'Active', previous: 'Previous (rollback)', retired: 'Retired' } as const;

/** Every secret this key has held: metadata only, never a value. */
export function CredentialHistory({ items }: { items: CredentialHistoryItem[] }) {
  if (!items.length) return <p className="text-sm text-slate-600 dark:text-slate-400">No secret has been stored for this key yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Credential history, newest first</caption>
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-600 dark:border-slate-700 dark:text-slate-400">
          <tr>
            <th scope="col" className="py-2 pr-3">State</th>
            <th scope="col" className="py-2 pr-3">Hint</th>
            <th scope="col" className="py-2 pr-3">Created</th>
            <th scope="col" className="py-2 pr-3">Expires</th>
            <th scope="col" className="py-2 pr-3">Source</th>
            <th scope="col" className="py-2 pr-3">Retired</th>
            <th scope="col" className="py-2">Secret ID</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {items.map((c) => (
            <tr key={c.id} data-testid="credential-history-row" data-state={c.state}>
              <td className="py-2 pr-3 font-medium">{STATE_LABEL[c.state]}</td>
              <td className="py-2 pr-3 font-mono">{c.hint ? `${c.hint}…` : '—'}</td>
              <td className="py-2 pr-3">{day(c.createdAt)}</td>
              <td className="py-2 pr-3">{day(c.expiresAt)}</td>
              <td className="py-2 pr-3">{c.expirySource === 'graph' ? 'Graph' : c.expirySource === 'typed' ? 'Typed' : c.expirySource === 'certificate' ? 'Certificate' : '—'}</td>
              <td className="py-2 pr-3">{c.state === 'previous' ? `erased after ${day(c.eraseAfter)}` : day(c.retiredAt)}</td>
              <td className="py-2 font-mono text-xs">{c.azureKeyId ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
