import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import type { TestResult } from '@/lib/entra/test-connection';
import { permissionInfo } from '@/lib/entra/permission-catalog';
import { formatDate } from './format';

const CONSENT_CODES = new Set(['consent_missing', 'permissions_missing', 'delegated_permissions_missing', 'AADSTS65001']);

function PermissionList({ title, names, tone, empty }: { title: string; names: string[]; tone: 'success' | 'error' | 'warning'; empty: string }) {
  return (
    <div>
      <h4 className="text-sm font-medium">{title}</h4>
      {names.length === 0 ? (
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{empty}</p>
      ) : (
        <ul className="mt-1 space-y-1">
          {names.map((n) => (
            <li key={n} className="flex flex-wrap items-baseline gap-2 text-sm">
              <Badge tone={tone}>{n}</Badge>
              {/* The catalog describes Graph's application permissions; sign-in scopes such as User.Read are not in it. */}
              {permissionInfo(n).id ? <span className="text-slate-600 dark:text-slate-400">{permissionInfo(n).description}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A connection test's outcome: what worked, what is missing and which step of the guide fixes it. */
export function TestResultView({ result, fixHref }: { result: TestResult; fixHref?: (stage: string) => string }) {
  const d = result.diagnosis;
  const delegated = result.accessType === 'delegated';
  return (
    <section aria-label="Test result" className="space-y-4" data-testid="test-result">
      {d ? (
        <Alert tone="error" title={d.title}>
          <p>{d.explanation}</p>
          <p className="mt-2">
            <span className="font-medium">What fixes it: </span>
            {fixHref && d.stage !== 'test' ? <a className="underline" href={fixHref(d.stage)}>{d.step}</a> : d.step}
            {CONSENT_CODES.has(d.code) ? (
              result.consentUrl ? (
                <>
                  {' · '}
                  <a className="underline" href={result.consentUrl} target="_blank" rel="noreferrer">
                    Open the admin consent page
                  </a>
                </>
              ) : null
            ) : null}
          </p>
          {d.traceId || d.correlationId ? (
            <p className="mt-2 text-xs">
              For support: {d.code}
              {d.traceId ? <> · Trace ID <code>{d.traceId}</code></> : null}
              {d.correlationId ? <> · Correlation ID <code>{d.correlationId}</code></> : null}
            </p>
          ) : (
            <p className="mt-2 text-xs">Code: {d.code}</p>
          )}
        </Alert>
      ) : (
        <Alert tone="success" title="Connected">
          Signed in to Microsoft Graph{delegated && result.signedInAs ? ` as ${result.signedInAs}` : ''} in {result.latencyMs} ms. {result.missing.length === 0 ? 'Nothing missing for the chosen operations.' : null}
        </Alert>
      )}
      {delegated && result.roles.length > 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          A Delegated key acts as the signed-in account: these delegated permissions are limited further by that account’s own directory roles.
        </p>
      ) : null}
      {result.roles.length > 0 || (d && CONSENT_CODES.has(d.code) && d.code !== 'AADSTS65001') ? (
        <div className="grid gap-4 md:grid-cols-3">
          <PermissionList title={delegated ? 'Delegated permissions (scp)' : 'Granted'} names={result.roles} tone="success" empty="None: admin consent has not been granted." />
          <PermissionList title="Missing" names={result.missing} tone="error" empty="Nothing missing." />
          <PermissionList title="More than needed" names={result.extra} tone="warning" empty="Nothing extra." />
        </div>
      ) : null}
      {result.app ? (
        <div>
          <h4 className="text-sm font-medium">App registration: {result.app.displayName}</h4>
          {result.expiry ? (
            <p className="mt-1 text-sm">
              The stored secret expires on <strong>{formatDate(result.expiry.endDateTime)}</strong> (from Microsoft Graph).
              {result.expiry.differs ? <span className="text-amber-700 dark:text-amber-400"> This differs from the date typed ({result.expiry.typed}): Graph’s date is kept.</span> : null}
            </p>
          ) : null}
          <table className="mt-2 w-full text-left text-sm">
            <caption className="sr-only">The app’s client secrets</caption>
            <thead className="text-xs uppercase text-slate-600 dark:text-slate-400">
              <tr>
                <th className="py-1 pr-3 font-medium">Description</th>
                <th className="py-1 pr-3 font-medium">Starts with</th>
                <th className="py-1 pr-3 font-medium">Expires</th>
                <th className="py-1 font-medium">Secret ID</th>
              </tr>
            </thead>
            <tbody>
              {result.app.secrets.map((s) => (
                <tr key={s.keyId} className="border-t border-slate-200 dark:border-slate-800">
                  <td className="py-1 pr-3">
                    {s.displayName ?? '—'} {s.stored ? <Badge tone="info">this key</Badge> : null}
                  </td>
                  <td className="py-1 pr-3 font-mono">{s.hint ?? '—'}</td>
                  <td className="py-1 pr-3">{s.endDateTime ? formatDate(s.endDateTime) : '—'}</td>
                  <td className="py-1 font-mono text-xs">{s.keyId}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {result.appReadProblem ? <Alert tone="warning">{result.appReadProblem}</Alert> : null}
    </section>
  );
}
