'use client';

import { TestResultView } from '@/components/keys/lazy-test-result';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import type { TestActionState } from '@/app/(portal)/keys/actions';
import type { KeyValues } from '@/components/keys/key-values';
import { ConsumerChoice } from '@/components/keys/consumer-choice';
import type { WizardStageId } from '@/app/(portal)/keys/new/_components/wizard-types';

type Props = {
  values: KeyValues;
  onChange: (patch: Partial<KeyValues>) => void;
  consumerErrors?: Record<string, string[] | undefined>;
  cloudLabel: string;
  /** How the secret was given, when it was not typed (a sandbox app's). */
  secretSummary: string | null;
  testState: TestActionState;
  testing: boolean;
  onTest: () => void;
  saveState: TestActionState;
  saving: boolean;
  confirmed: boolean;
  onConfirm: (yes: boolean) => void;
  onSave: () => void;
  /** Fields the server refused, with the stage where each is fixed. */
  problems: { field: string; message: string; stage: WizardStageId; stageLabel: string }[];
  onGo: (stage: WizardStageId) => void;
};

/** Stage 5: the real sign-in first; saving a failing key needs an explicit confirmation. */
export function StageTest({ values, onChange, consumerErrors, cloudLabel, secretSummary, testState, testing, onTest, saveState, saving, confirmed, onConfirm, onSave, problems, onGo }: Props) {
  const result = saveState.result ?? testState.result;
  const failed = result?.outcome === 'failure' || saveState.needsConfirmation;
  return (
    <div className="space-y-5">
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[10rem_1fr]">
        <dt className="text-slate-600 dark:text-slate-400">Name</dt>
        <dd>{values.name}</dd>
        <dt className="text-slate-600 dark:text-slate-400">Cloud</dt>
        <dd>{cloudLabel}</dd>
        <dt className="text-slate-600 dark:text-slate-400">Tenant ID</dt>
        <dd className="font-mono">{values.tenantId}</dd>
        <dt className="text-slate-600 dark:text-slate-400">Client ID</dt>
        <dd className="font-mono">{values.clientId}</dd>
        <dt className="text-slate-600 dark:text-slate-400">Access Type</dt>
        <dd>{values.accessType === 'delegated' ? `Delegated (username and password), as ${values.username || '—'}` : 'Enterprise App'}</dd>
        <dt className="text-slate-600 dark:text-slate-400">{values.credentialType === 'certificate' ? 'Credential' : 'Client Secret'}</dt>
        <dd>{secretSummary ?? (values.clientSecret ? `Entered (starts with “${values.clientSecret.trim().slice(0, 3)}”)` : 'Not entered')}</dd>
      </dl>
      <div className="flex flex-wrap items-center gap-3">
        <Button onClick={onTest} disabled={testing || saving} aria-disabled={testing || saving}>
          {testing ? 'Testing…' : 'Test connection'}
        </Button>
        <span className="text-sm text-slate-600 dark:text-slate-400">Signs in with MSAL exactly as Pliant will, and reads the permissions the token carries.</span>
      </div>
      <div aria-live="polite">
        {(testState.status === 'error' || saveState.status === 'error') && problems.length ? (
          <Alert tone="error" title="Fix these first">
            <ul className="list-disc space-y-1 pl-5">
              {problems.map((p) => (
                <li key={p.field}>
                  {p.message}{' '}
                  <button type="button" className="underline" onClick={() => onGo(p.stage)}>
                    Go to “{p.stageLabel}”
                  </button>
                </li>
              ))}
            </ul>
          </Alert>
        ) : null}
        {testState.status === 'error' && !testState.result && testState.message && !problems.length ? <Alert tone="error">{testState.message}</Alert> : null}
        {result ? <TestResultView result={result} fixHref={(stage) => `/keys/new?stage=${stage}`} /> : null}
      </div>
      <div className="space-y-3 border-t border-slate-200 pt-4 dark:border-slate-800">
        {values.credentialType === 'certificate' ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">A certificate’s private key stays in the portal: no one else holds a copy, so its rotations finish on their own.</p>
        ) : (
          <ConsumerChoice kind={values.consumerKind} name={values.consumerName} onKind={(consumerKind) => onChange({ consumerKind })} onName={(consumerName) => onChange({ consumerName })} errors={consumerErrors} />
        )}
        {failed ? (
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" name="saveDespiteFailure" checked={confirmed} onChange={(e) => onConfirm(e.target.checked)} className="mt-1" />
            <span>Save anyway: I understand this key does not work yet, and I will fix it.</span>
          </label>
        ) : null}
        <div aria-live="polite">{saveState.status === 'error' && saveState.message && !saveState.result && !problems.length ? <Alert tone="error">{saveState.message}</Alert> : null}</div>
        <Button onClick={onSave} disabled={saving || testing || (failed && !confirmed)} aria-disabled={saving || testing || (failed && !confirmed)}>
          {saving ? 'Saving…' : 'Save authKey'}
        </Button>
      </div>
    </div>
  );
}
