import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { ChipList } from '@/components/ui/chip-list';
import type { KeyTestRow } from '@/lib/dal/key-tests';
import type { KeyDto } from '@/lib/dal/keys';
import { AADSTS } from '@/lib/entra/diagnosis';
import { comparePermissions } from '@/lib/entra/permission-catalog';
import { formatDateTime } from './format';

const CONSENT_CODES = new Set(['consent_missing', 'permissions_missing', 'delegated_permissions_missing', 'AADSTS65001']);

/** The stored result of the key's last test: outcome, explanation and the step that fixes it. */
export function LastTest({ keyDto, latest, consentUrl }: { keyDto: KeyDto; latest: KeyTestRow | null; consentUrl: string | null }) {
  const t = keyDto.lastTest;
  if (!t) return <p className="mt-4 text-sm text-slate-600 dark:text-slate-400">Not tested since it was last changed.</p>;
  const known = t.code?.startsWith('AADSTS') ? AADSTS[t.code.slice(6)] : undefined;
  const cmp = comparePermissions(t.roles, keyDto.operations);
  return (
    <section aria-label="Last test" className="mt-4 space-y-3" data-testid="last-test">
      <p className="text-sm">
        Last tested {formatDateTime(t.at)}: {t.outcome === 'success' ? <Badge tone="success">Working</Badge> : <Badge tone="error">Failing</Badge>}
        {t.latencyMs !== null ? <span className="text-slate-600 dark:text-slate-400"> · sign-in took {t.latencyMs} ms</span> : null}
      </p>
      {t.outcome === 'failure' && t.message ? (
        <Alert tone="error" title={t.message.split('. ')[0]}>
          <p>{t.message.split('. ').slice(1).join('. ')}</p>
          {known ? <p className="mt-2"><span className="font-medium">What fixes it: </span>{known.step}</p> : null}
          {t.code && CONSENT_CODES.has(t.code) && consentUrl ? (
            <p className="mt-2">
              <a className="underline" href={consentUrl} target="_blank" rel="noreferrer">Open the admin consent page</a> (step 11)
            </p>
          ) : null}
          {latest?.traceId || latest?.correlationId ? (
            <p className="mt-2 text-xs">
              For support: {t.code}
              {latest.traceId ? <> · Trace ID <code>{latest.traceId}</code></> : null}
              {latest.correlationId ? <> · Correlation ID <code>{latest.correlationId}</code></> : null}
            </p>
          ) : t.code ? <p className="mt-2 text-xs">Code: {t.code}</p> : null}
        </Alert>
      ) : null}
      {t.roles.length ? (
        <div className="text-sm">
          <div>
            {keyDto.accessType === 'delegated' ? 'Delegated permissions (scp)' : 'Granted'}: <ChipList items={t.roles} tone="success" label="Granted permissions" />
          </div>
          <div className="mt-1">
            Missing: <ChipList items={cmp.missing} tone="error" label="Missing permissions" empty="nothing missing" />
          </div>
          {cmp.extra.length ? (
            <div className="mt-1">
              More than needed: <ChipList items={cmp.extra} tone="warning" label="Permissions beyond what the operations need" />
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
