'use client';

import { startTransition, useActionState, useEffect, useMemo, useState } from 'react';
import { createKeyAction, testValuesAction, type TestActionState } from '@/app/(portal)/keys/actions';
import { KeyFields } from '@/components/keys/key-fields';
import { EMPTY_KEY, keyWarnings, toFormData, validateKeyValues, type KeyValues } from '@/components/keys/key-values';
import { Button } from '@/components/ui/button';
import { CliScriptPanel } from './cli-script-panel';
import { StagePermissions } from './stage-permissions';
import { StageRegister } from './stage-register';
import { addDays, StageSecret } from './stage-secret';
import { StageTest } from './stage-test';
import { clearDraft, loadDraft, usePersistDraft } from './use-draft';
import { STAGES, type CloudHosts, type OperationOption, type WizardStageId } from './wizard-types';

type Props = {
  operations: readonly OperationOption[];
  cloudOptions: readonly { id: string; label: string }[];
  hosts: CloudHosts;
  defaultCloud: string;
  initialStage?: WizardStageId;
};

const idle: TestActionState = { status: 'idle' };
// Which fields each stage owns: "Next" checks only those, the server checks everything.
const STAGE_FIELDS: Partial<Record<WizardStageId, (keyof KeyValues)[]>> = {
  permissions: ['operations'],
  secret: ['secretExpiresAt'],
  key: ['name', 'description', 'accessType', 'cloud', 'authorityHost', 'graphEndpoint', 'tenantId', 'clientId', 'clientSecret', 'secretExpiresAt', 'username', 'password'],
};

export function SetupWizard({ operations, cloudOptions, hosts, defaultCloud, initialStage }: Props) {
  const [stage, setStage] = useState<WizardStageId>(initialStage ?? 'register');
  const [values, setValues] = useState<KeyValues>({ ...EMPTY_KEY, cloud: defaultCloud, secretExpiresAt: addDays(180) });
  const [appName, setAppName] = useState('Pliant Microsoft 365');
  const [expiryChoice, setExpiryChoice] = useState('180');
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [showAll, setShowAll] = useState<Set<WizardStageId>>(new Set());
  const [ready, setReady] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const [testState, runTest, testing] = useActionState(testValuesAction, idle);
  const [saveState, runSave, saving] = useActionState(createKeyAction, idle);

  // The draft is read after hydration: the server cannot see the browser's storage.
  useEffect(() => {
    const draft = loadDraft();
    if (draft) {
      /* eslint-disable react-hooks/set-state-in-effect -- restoring saved progress once, on mount */
      setValues((v) => ({ ...v, ...draft.values, clientSecret: '', password: '' }));
      setAppName(draft.appName);
      setExpiryChoice(draft.expiryChoice);
      if (!initialStage) setStage(draft.stage);
    }
    setReady(true);
    /* eslint-enable react-hooks/set-state-in-effect */
  }, [initialStage]);

  // Saving clears the draft; a failed save (a new saveState) writes it back. A successful one
  // redirects away, so the draft stays cleared.
  const draft = useMemo(() => ({ stage, appName, expiryChoice, values, attempt: saveState }), [stage, appName, expiryChoice, values, saveState]);
  usePersistDraft({ stage: draft.stage, appName: draft.appName, expiryChoice: draft.expiryChoice, values: draft.values }, ready, draft);

  const errors = useMemo(() => {
    const all = validateKeyValues(values, 'create');
    if (values.operations.length === 0) all.operations = ['Choose at least one operation.'];
    const server = saveState.fieldErrors ?? testState.fieldErrors ?? {};
    return { ...server, ...all };
  }, [values, saveState.fieldErrors, testState.fieldErrors]);
  const visibleErrors = (fields: (keyof KeyValues)[] | undefined) =>
    Object.fromEntries((fields ?? []).filter((f) => touched.has(f) || showAll.has(stage)).map((f) => [f, errors[f]]));
  const warnings = keyWarnings(values);

  const change = (patch: Partial<KeyValues>) => setValues((v) => ({ ...v, ...patch }));
  const blur = (field: string) => setTouched((t) => new Set(t).add(field));
  const index = STAGES.findIndex((s) => s.id === stage);
  const go = (to: WizardStageId) => {
    setStage(to);
    requestAnimationFrame(() => document.getElementById('wizard-stage-heading')?.focus());
  };
  const next = () => {
    const fields = STAGE_FIELDS[stage] ?? [];
    if (fields.some((f) => errors[f]?.length)) {
      setShowAll((s) => new Set(s).add(stage));
      requestAnimationFrame(() => (document.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus());
      return;
    }
    // The key is named after the app unless the administrator already named it.
    if (stage === 'register' && appName && !values.name) change({ name: appName });
    go(STAGES[index + 1].id);
  };
  const form = () => toFormData(values, confirmed ? { saveDespiteFailure: 'yes' } : {});
  // What the server refused on a test or save, with the stage that owns each field, so that
  // stage 5 can say what to fix and where instead of only "fix the highlighted fields".
  const problems = Object.entries((saveState.status === 'error' ? saveState.fieldErrors : undefined) ?? testState.fieldErrors ?? {}).map(([field, messages]) => {
    const owner = (Object.keys(STAGE_FIELDS) as WizardStageId[]).find((s) => STAGE_FIELDS[s]?.includes(field as keyof KeyValues)) ?? 'key';
    return { field, message: messages[0], stage: owner, stageLabel: STAGES.find((s) => s.id === owner)!.label };
  });

  return (
    <div className="grid gap-8 lg:grid-cols-[14rem_1fr]">
      <nav aria-label="Wizard stages">
        <ol className="space-y-1">
          {STAGES.map((s, i) => (
            <li key={s.id}>
              <button
                type="button"
                onClick={() => go(s.id)}
                aria-current={s.id === stage ? 'step' : undefined}
                className={`w-full rounded-md px-3 py-2 text-left text-sm ${s.id === stage ? 'bg-blue-50 font-semibold text-blue-800 dark:bg-blue-950 dark:text-blue-200' : 'hover:bg-slate-100 dark:hover:bg-slate-800'}`}
              >
                <span className="block">
                  {i + 1}. {s.label}
                </span>
                {s.steps ? <span className="block text-xs font-normal text-slate-600 dark:text-slate-300">{s.steps}</span> : null}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      <section aria-labelledby="wizard-stage-heading" className="space-y-6">
        <h2 id="wizard-stage-heading" tabIndex={-1} className="text-xl font-semibold outline-none">
          {STAGES[index].label}
          {STAGES[index].steps ? <span className="ml-2 text-sm font-normal text-slate-600 dark:text-slate-400">{STAGES[index].steps}</span> : null}
        </h2>
        {stage === 'register' ? <StageRegister values={values} onChange={change} hosts={hosts} appName={appName} onAppName={setAppName} cloudOptions={cloudOptions} /> : null}
        {stage === 'permissions' ? <StagePermissions values={values} onChange={change} hosts={hosts} operations={operations} errors={visibleErrors(['operations']).operations} /> : null}
        {stage === 'secret' ? (
          <StageSecret values={values} onChange={change} hosts={hosts} expiryChoice={expiryChoice} onExpiryChoice={setExpiryChoice} errors={errors.secretExpiresAt} warning={warnings.secretExpiresAt} />
        ) : null}
        {stage === 'key' ? (
          <KeyFields values={values} onChange={change} onBlur={blur} errors={visibleErrors(STAGE_FIELDS.key)} warnings={warnings} cloudOptions={cloudOptions} mode="create" />
        ) : null}
        {stage === 'test' ? (
          <StageTest
            values={values}
            cloudLabel={cloudOptions.find((c) => c.id === values.cloud)?.label ?? values.cloud}
            testState={testState}
            testing={testing}
            onTest={() => startTransition(() => runTest(form()))}
            saveState={saveState}
            saving={saving}
            confirmed={confirmed}
            onConfirm={setConfirmed}
            problems={problems}
            onGo={(to) => {
              setShowAll((all) => new Set(all).add(to));
              go(to);
            }}
            onSave={() => {
              clearDraft();
              startTransition(() => runSave(form()));
            }}
          />
        ) : null}
        {index <= 2 ? <CliScriptPanel appName={appName} cloud={values.cloud} operations={values.operations} expiresOn={values.secretExpiresAt} /> : null}
        <div className="flex justify-between border-t border-slate-200 pt-4 dark:border-slate-800">
          {index > 0 ? (
            <Button variant="secondary" onClick={() => go(STAGES[index - 1].id)}>
              Back
            </Button>
          ) : (
            <span />
          )}
          {index < STAGES.length - 1 ? <Button onClick={next}>Next</Button> : null}
        </div>
      </section>
    </div>
  );
}
