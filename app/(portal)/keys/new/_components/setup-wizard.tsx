'use client';

import dynamic from 'next/dynamic';
import { startTransition, useActionState, useEffect, useMemo, useState } from 'react';
import { createKeyAction, testValuesAction, type TestActionState } from '@/app/(portal)/keys/actions';
import { KeyFields } from '@/components/keys/key-fields';
import { EMPTY_KEY, keyWarnings, toFormData, useKeySchemas, validateKeyValues, type KeyValues } from '@/components/keys/key-values';
import { Button } from '@/components/ui/button';
import { CliScriptPanel } from '@/app/(portal)/keys/new/_components/cli-script-toggle';
import { DraftOffer } from '@/app/(portal)/keys/new/_components/draft-offer';
import { chosenSandboxApp, SandboxPicker } from '@/app/(portal)/keys/new/_components/sandbox-picker';
import { StageRegister } from '@/app/(portal)/keys/new/_components/stage-register';
import { addDays, StageSecret } from '@/app/(portal)/keys/new/_components/stage-secret';
import { Stepper } from '@/app/(portal)/keys/new/_components/stepper';
import { clearDraft, loadDraft, usePersistDraft } from '@/app/(portal)/keys/new/_components/use-draft';
import type { PendingCertificateDto } from '@/lib/dal/pending-certificates';
import { STAGES, type CloudHosts, type OperationOption, type SandboxChoice, type WizardDraft, type WizardStageId } from '@/app/(portal)/keys/new/_components/wizard-types';

// Later stages load after the first one is on screen (and are fetched right away, so that Next
// does not wait): the wizard's first load carries only what stage 1 needs.
const loadPermissions = () => import('@/app/(portal)/keys/new/_components/stage-permissions').then((m) => m.StagePermissions);
const loadTest = () => import('@/app/(portal)/keys/new/_components/stage-test').then((m) => m.StageTest);
const StagePermissions = dynamic(loadPermissions);
const StageTest = dynamic(loadTest);

type Props = {
  operations: readonly OperationOption[];
  cloudOptions: readonly { id: string; label: string }[];
  hosts: CloudHosts;
  defaultCloud: string;
  initialStage?: WizardStageId;
  /** The sandbox tenant's apps (no secret values), when it runs here. */
  sandboxApps: readonly SandboxChoice[];
};

const idle: TestActionState = { status: 'idle' };
// Which fields each stage owns: "Next" checks only those, the server checks everything.
const STAGE_FIELDS: Partial<Record<WizardStageId, (keyof KeyValues)[]>> = {
  permissions: ['operations'],
  secret: ['secretExpiresAt', 'certificateId'],
  key: ['name', 'description', 'accessType', 'cloud', 'authorityHost', 'graphEndpoint', 'tenantId', 'clientId', 'clientSecret', 'secretExpiresAt', 'username', 'password'],
  test: ['consumerName'],
};

export function SetupWizard({ operations, cloudOptions, hosts, defaultCloud, initialStage, sandboxApps }: Props) {
  const [stage, setStage] = useState<WizardStageId>(initialStage ?? 'register');
  const [furthest, setFurthest] = useState(0);
  const [values, setValues] = useState<KeyValues>({ ...EMPTY_KEY, cloud: defaultCloud, secretExpiresAt: addDays(180) });
  const [appName, setAppName] = useState('Pliant Microsoft 365');
  const [expiryChoice, setExpiryChoice] = useState('180');
  const [sandboxSecretId, setSandboxSecretId] = useState('');
  // The prepared certificate's public facts (stage 3); its private key never reaches the page.
  const [certificate, setCertificate] = useState<PendingCertificateDto | null>(null);
  const [startedAt, setStartedAt] = useState(() => new Date().toISOString());
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [showAll, setShowAll] = useState<Set<WizardStageId>>(new Set());
  const [ready, setReady] = useState(false);
  const [offer, setOffer] = useState<WizardDraft | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [testState, runTest, testing] = useActionState(testValuesAction, idle);
  const [saveState, runSave, saving] = useActionState(createKeyAction, idle);

  const resume = (draft: WizardDraft, goToStage: boolean) => {
    setValues((v) => ({ ...v, ...draft.values, clientSecret: '', password: '' }));
    setAppName(draft.appName);
    setExpiryChoice(draft.expiryChoice);
    setSandboxSecretId(draft.sandboxSecretId ?? '');
    setStartedAt(draft.startedAt ?? new Date().toISOString());
    const at = STAGES.findIndex((s) => s.id === draft.stage);
    setFurthest(Math.max(0, at));
    if (goToStage) setStage(draft.stage);
  };

  useEffect(() => {
    void loadPermissions();
    void loadTest();
  }, []);

  // The draft is read after hydration: the server cannot see the browser's storage. Coming back
  // from a link into a stage ("fix this in stage 2") resumes it; otherwise the administrator
  // chooses between resuming it and starting over, and nothing is saved until then.
  useEffect(() => {
    const draft = loadDraft();
    /* eslint-disable react-hooks/set-state-in-effect -- restoring saved progress once, on mount */
    if (draft && initialStage) resume(draft, false);
    else if (draft) setOffer(draft);
    if (!draft || initialStage) setReady(true);
    /* eslint-enable react-hooks/set-state-in-effect */
  }, [initialStage]);

  // Saving clears the draft; a failed save (a new saveState) writes it back. A successful one
  // redirects away, so the draft stays cleared.
  const draft = useMemo(() => ({ startedAt, stage, appName, expiryChoice, sandboxSecretId, values, attempt: saveState }), [startedAt, stage, appName, expiryChoice, sandboxSecretId, values, saveState]);
  usePersistDraft({ startedAt, stage: draft.stage, appName: draft.appName, expiryChoice: draft.expiryChoice, sandboxSecretId: draft.sandboxSecretId, values: draft.values }, ready, draft);

  const sandbox = values.cloud === 'sandbox';
  const sandboxApp = sandbox ? chosenSandboxApp(sandboxApps, values.tenantId, values.clientId) : null;
  const sandboxSecret = sandboxApp?.secrets.find((s) => s.secretId === sandboxSecretId) ?? null;
  const usesCertificate = values.credentialType === 'certificate';
  const usesSandboxSecret = Boolean(sandboxSecret) && !values.clientSecret && !usesCertificate;

  const schemas = useKeySchemas();
  const errors = useMemo(() => {
    const all = validateKeyValues(schemas, values, 'create');
    // A secret picked from the sandbox is filled in by the server.
    if (usesSandboxSecret) delete all.clientSecret;
    const server = saveState.fieldErrors ?? testState.fieldErrors ?? {};
    return { ...server, ...all };
  }, [schemas, values, usesSandboxSecret, saveState.fieldErrors, testState.fieldErrors]);
  const visibleErrors = (fields: (keyof KeyValues)[] | undefined) =>
    Object.fromEntries((fields ?? []).filter((f) => touched.has(f) || showAll.has(stage)).map((f) => [f, errors[f]]));
  const warnings = keyWarnings(values);

  const change = (patch: Partial<KeyValues>) => setValues((v) => ({ ...v, ...patch }));
  const blur = (field: string) => setTouched((t) => new Set(t).add(field));
  const index = STAGES.findIndex((s) => s.id === stage);
  const go = (to: WizardStageId) => {
    setStage(to);
    setFurthest((f) => Math.max(f, STAGES.findIndex((s) => s.id === to)));
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
  const pickSandboxApp = (choice: SandboxChoice) => {
    const secret = choice.secrets[0];
    setSandboxSecretId(secret?.secretId ?? '');
    setAppName(choice.appName);
    change({ tenantId: choice.tenantId, clientId: choice.clientId, clientSecret: '', name: values.name || choice.appName, secretExpiresAt: secret ? secret.expiresAt.slice(0, 10) : values.secretExpiresAt });
    setExpiryChoice('custom');
  };
  const form = () => toFormData(values, { ...(confirmed ? { saveDespiteFailure: 'yes' } : {}), ...(usesSandboxSecret ? { sandboxSecretId } : {}) });
  // What the server refused on a test or save, with the stage that owns each field, so that
  // stage 5 can say what to fix and where instead of only "fix the highlighted fields".
  const problems = Object.entries((saveState.status === 'error' ? saveState.fieldErrors : undefined) ?? testState.fieldErrors ?? {}).map(([field, messages]) => {
    const owner = (Object.keys(STAGE_FIELDS) as WizardStageId[]).find((s) => STAGE_FIELDS[s]?.includes(field as keyof KeyValues)) ?? 'key';
    return { field, message: messages[0], stage: owner, stageLabel: STAGES.find((s) => s.id === owner)!.label };
  });
  const stageDone = (id: WizardStageId, i: number) => {
    if (id === 'test') return (saveState.result ?? testState.result)?.outcome === 'success';
    return i < furthest && !(STAGE_FIELDS[id] ?? []).some((f) => errors[f]?.length);
  };
  const picker = sandbox ? <SandboxPicker choices={sandboxApps} current={sandboxApp} secretHint={sandboxSecret?.hint ?? null} onPick={pickSandboxApp} /> : null;

  return (
    <div className="space-y-6">
      {offer ? (
        <DraftOffer
          draft={offer}
          onResume={() => {
            resume(offer, true);
            setOffer(null);
            setReady(true);
          }}
          onStartOver={() => {
            clearDraft();
            setOffer(null);
            setReady(true);
          }}
        />
      ) : null}
      <div className="grid gap-8 lg:grid-cols-[14rem_1fr]">
        <Stepper stage={stage} done={STAGES.map((s, i) => stageDone(s.id, i))} onGo={go} />
        <section aria-labelledby="wizard-stage-heading" className="space-y-6">
          <h2 id="wizard-stage-heading" tabIndex={-1} className="text-xl font-semibold outline-none">
            {STAGES[index].label}
            {STAGES[index].steps ? <span className="ml-2 text-sm font-normal text-slate-600 dark:text-slate-400">{STAGES[index].steps}</span> : null}
          </h2>
          {stage === 'register' ? <StageRegister values={values} onChange={change} hosts={hosts} appName={appName} onAppName={setAppName} cloudOptions={cloudOptions} sandboxPicker={picker} /> : null}
          {stage === 'permissions' ? <StagePermissions values={values} onChange={change} hosts={hosts} operations={operations} errors={visibleErrors(['operations']).operations} sandboxApp={sandbox ? sandboxApp : undefined} /> : null}
          {stage === 'secret' ? (
            <StageSecret
              values={values}
              onChange={change}
              hosts={hosts}
              expiryChoice={expiryChoice}
              onExpiryChoice={setExpiryChoice}
              errors={errors.secretExpiresAt}
              warning={warnings.secretExpiresAt}
              sandboxSecret={sandbox ? { app: sandboxApp, secret: sandboxSecret } : undefined}
              certificate={{
                appName,
                certificate,
                errors: visibleErrors(['certificateId']).certificateId,
                onCertificate: (c) => {
                  setCertificate(c);
                  change({ certificateId: c?.id ?? '', ...(c ? { secretExpiresAt: c.notAfter.slice(0, 10) } : {}) });
                },
              }}
            />
          ) : null}
          {stage === 'key' ? (
            <>
              {picker}
              <KeyFields
                values={values}
                onChange={(patch) => {
                  // Changing the IDs by hand lets go of the picked sandbox secret.
                  if ('tenantId' in patch || 'clientId' in patch || 'cloud' in patch) setSandboxSecretId('');
                  change(patch);
                }}
                onBlur={blur}
                errors={visibleErrors(STAGE_FIELDS.key)}
                warnings={warnings}
                cloudOptions={cloudOptions}
                mode="create"
                sandboxSecret={usesSandboxSecret && sandboxApp && sandboxSecret ? { appName: sandboxApp.appName, hint: sandboxSecret.hint, onTypeInstead: () => setSandboxSecretId('') } : undefined}
                certificate={usesCertificate ? { thumbprint: certificate?.thumbprintSha1 ?? null, notAfter: certificate?.notAfter ?? null, onChange: () => go('secret') } : undefined}
              />
            </>
          ) : null}
          {stage === 'test' ? (
            <StageTest
              values={values}
              onChange={change}
              consumerErrors={{ consumerName: errors.consumerName }}
              cloudLabel={cloudOptions.find((c) => c.id === values.cloud)?.label ?? values.cloud}
              secretSummary={usesCertificate ? `Certificate${certificate ? `, thumbprint ${certificate.thumbprintSha1}` : ''}` : usesSandboxSecret && sandboxSecret ? `From the sandbox app (starts with “${sandboxSecret.hint}”)` : null}
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
          {index <= 2 && !sandbox && !(index === 2 && usesCertificate) ? <CliScriptPanel appName={appName} cloud={values.cloud} operations={values.operations} expiresOn={values.secretExpiresAt} /> : null}
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
    </div>
  );
}
