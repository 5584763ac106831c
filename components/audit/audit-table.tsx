import type { AuditEventDto } from '@/lib/dal/audit';

const outcomeClasses: Record<string, string> = {
  success: 'bg-green-100 text-green-900 dark:bg-green-950 dark:text-green-100',
  failure: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-100',
  denied: 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-100',
};

/** Audit rows; each expands (a native disclosure, keyboard-ready) to its detail. */
export function AuditTable({ rows }: { rows: AuditEventDto[] }) {
  if (!rows.length) return <p className="text-sm text-slate-600 dark:text-slate-400">No audit rows match these filters.</p>;
  return (
    <ul className="divide-y divide-slate-100 dark:divide-slate-800" aria-label="Audit rows">
      {rows.map((r) => (
        <li key={r.id}>
          <details className="group py-2">
            <summary className="grid cursor-pointer grid-cols-[11rem_1fr_auto] items-center gap-3 text-sm md:grid-cols-[11rem_14rem_1fr_auto]">
              <time dateTime={r.at} className="font-mono text-xs text-slate-600 dark:text-slate-400">
                {r.at.replace('T', ' ').slice(0, 19)}
              </time>
              <span className="font-medium">{r.action}</span>
              <span className="hidden truncate text-slate-600 md:block dark:text-slate-400">{r.actorEmail ?? '—'}</span>
              <span className={`rounded px-2 py-0.5 text-xs font-medium ${outcomeClasses[r.outcome] ?? ''}`}>{r.outcome}</span>
            </summary>
            <dl className="mt-2 grid grid-cols-[9rem_1fr] gap-x-3 gap-y-1 rounded-md bg-slate-50 p-3 text-xs dark:bg-slate-800/50">
              <dt className="font-medium">Actor</dt>
              <dd>{r.actorEmail ?? '—'}</dd>
              <dt className="font-medium">Target</dt>
              <dd className="break-all">{r.targetType ? `${r.targetType} ${r.targetId ?? ''}` : '—'}</dd>
              <dt className="font-medium">authKey</dt>
              <dd className="break-all">{r.authKeyId ?? '—'}</dd>
              <dt className="font-medium">Request id</dt>
              <dd className="break-all">{r.requestId ?? '—'}</dd>
              <dt className="font-medium">Detail</dt>
              <dd>
                <pre className="whitespace-pre-wrap break-all font-mono">{r.detail ? JSON.stringify(r.detail, null, 2) : '—'}</pre>
              </dd>
            </dl>
          </details>
        </li>
      ))}
    </ul>
  );
}
