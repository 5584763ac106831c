'use client';

import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { FieldMessages } from '@/components/ui/field';
import { ChipList } from '@/components/ui/chip-list';
import { comparePermissions, LARGE_PERMISSION_COUNT, leastPermissions } from '@/lib/entra/permission-catalog';
import { portalLinks } from '@/lib/entra/portal-links';
import { AzureLink, Steps, Ui } from '@/app/(portal)/keys/new/_components/azure-link';
import type { OperationOption, SandboxChoice, StageProps } from '@/app/(portal)/keys/new/_components/wizard-types';

export function StagePermissions({ values, onChange, hosts, operations, errors, sandboxApp }: StageProps & { operations: readonly OperationOption[]; errors?: string[]; sandboxApp?: SandboxChoice | null }) {
  const base = hosts[values.cloud];
  const host = base && values.cloud === 'custom' && values.authorityHost ? { ...base, authorityHost: values.authorityHost } : base;
  const links = host ? portalLinks(host, { tenantId: values.tenantId, clientId: values.clientId }) : null;
  const permissions = leastPermissions(values.operations);
  const toggle = (id: string, on: boolean) => onChange({ operations: on ? [...values.operations, id] : values.operations.filter((o) => o !== id) });
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <div className="space-y-4">
        <fieldset aria-describedby={errors?.length ? 'operations-error' : undefined}>
          <legend className="text-sm font-medium">What will Pliant do with this key?</legend>
          <div className="mt-2 space-y-2">
            {operations.map((op) => (
              <label key={op.id} className="flex items-start gap-2 text-sm">
                <input type="checkbox" name="operations" value={op.id} checked={values.operations.includes(op.id)} onChange={(e) => toggle(op.id, e.target.checked)} className="mt-1" />
                <span>
                  <span className="font-medium">{op.label}</span>
                  <span className="block text-slate-600 dark:text-slate-400">{op.description}</span>
                </span>
              </label>
            ))}
          </div>
          <FieldMessages id="operations-error" errors={errors} />
        </fieldset>
      </div>
      <div className="space-y-4">
        <section aria-labelledby="least-permissions" aria-live="polite">
          <h3 id="least-permissions" className="text-sm font-medium">
            Microsoft Graph application permissions to add: <span data-testid="permission-count">{permissions.length}</span>
          </h3>
          {permissions.length === 0 ? (
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Tick at least one operation to see the permissions it needs.</p>
          ) : (
            <ul className="mt-2 space-y-2" aria-label="Permissions to add">
              {permissions.map((p) => (
                <li key={p.name} className="text-sm">
                  <Badge tone="info">{p.name}</Badge> <span className="text-slate-600 dark:text-slate-400">{p.description}</span>
                  <span className="block font-mono text-xs text-slate-600 dark:text-slate-400">{p.id}</span>
                </li>
              ))}
            </ul>
          )}
          {permissions.length > LARGE_PERMISSION_COUNT ? (
            <div className="mt-3">
              <Alert tone="warning" title="That is a large grant">
                With many permissions, granting admin consent can fail (the guide’s note to step 11). Choose fewer operations, or split them over two keys.
              </Alert>
            </div>
          ) : null}
        </section>
        {sandboxApp !== undefined ? <SandboxConsent app={sandboxApp} operations={values.operations} /> : (
        <Steps start={5}>
          <li>
            Open <AzureLink href={links?.apiPermissions ?? links?.appRegistrations ?? null}>API permissions</AzureLink> of the app{links?.apiPermissions ? '' : ' (the link opens the app directly once its Client ID is entered in stage 4)'}.
          </li>
          <li>
            Click <Ui>Add a permission</Ui>.
          </li>
          <li>
            Choose <Ui>Microsoft Graph</Ui>.
          </li>
          <li>
            Choose <Ui>Application permissions</Ui>, never Delegated: the key acts as a service account.
          </li>
          <li>Tick exactly the permissions listed here, using the search box.</li>
          <li>
            Click <Ui>Add permissions</Ui>.
          </li>
          <li>
            Click <Ui>Grant admin consent for (your tenant)</Ui> and confirm. Every row’s Status must then read <Ui>Granted</Ui>.{' '}
            {links?.adminConsent ? <AzureLink href={links.adminConsent}>Or use the admin consent link</AzureLink> : 'The admin consent link appears here once the Tenant ID and Client ID are known.'}
          </li>
        </Steps>
        )}
      </div>
    </div>
  );
}

/** Steps 5–11 in the sandbox: consent is granted already; say whether it covers the operations. */
function SandboxConsent({ app, operations }: { app: SandboxChoice | null; operations: readonly string[] }) {
  if (!app) return <Alert tone="info" title="Steps 5–11 in the sandbox tenant">Admin consent is granted in the sandbox already. Pick a sandbox app in stage 1 to see what it holds.</Alert>;
  const { missing } = comparePermissions(app.grantedPermissions, operations);
  return (
    <Alert tone={missing.length ? 'warning' : 'info'} title="Steps 5–11 in the sandbox tenant">
      <p>
        Nothing to add or consent to: {app.appName} holds admin consent for <ChipList items={app.grantedPermissions} tone="success" label={`Permissions granted to ${app.appName}`} empty="no permission" />.
      </p>
      <p className="mt-2" data-testid="sandbox-coverage">
        {missing.length ? `It lacks ${missing.join(', ')} for the chosen operations: choose fewer operations, or another sandbox app.` : 'That covers every chosen operation.'}
      </p>
    </Alert>
  );
}
