import { Badge } from '@/components/ui/badge';
import type { KeyTestRow } from '@/lib/dal/key-tests';
import { formatDateTime } from './format';

const TRIGGERS = { manual: 'Manual', scheduled: 'Scheduled', rotation: 'Rotation' } as const;

export function TestHistory({ tests }: { tests: KeyTestRow[] }) {
  if (tests.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">No tests yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">The key&apos;s latest connection tests</caption>
        <thead className="text-xs uppercase text-slate-600 dark:text-slate-400">
          <tr>
            <th scope="col" className="py-1 pr-4 font-medium">When</th>
            <th scope="col" className="py-1 pr-4 font-medium">Trigger</th>
            <th scope="col" className="py-1 pr-4 font-medium">Outcome</th>
            <th scope="col" className="py-1 pr-4 font-medium">Code</th>
            <th scope="col" className="py-1 pr-4 font-medium">Permissions</th>
            <th scope="col" className="py-1 font-medium">Sign-in took</th>
          </tr>
        </thead>
        <tbody>
          {tests.map((t) => (
            <tr key={t.id} className="border-t border-slate-100 dark:border-slate-800">
              <td className="py-1 pr-4">{formatDateTime(t.at)}</td>
              <td className="py-1 pr-4">{TRIGGERS[t.trigger]}</td>
              <td className="py-1 pr-4">{t.outcome === 'success' ? <Badge tone="success">Working</Badge> : <Badge tone="error">Failed</Badge>}</td>
              <td className="py-1 pr-4 font-mono text-xs">{t.code ?? '—'}</td>
              <td className="py-1 pr-4">{t.roles.length}</td>
              <td className="py-1">{t.latencyMs !== null ? `${t.latencyMs} ms` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
