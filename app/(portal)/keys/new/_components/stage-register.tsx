'use client';

import type { ReactNode } from 'react';
import { Alert } from '@/components/ui/alert';
import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/select';
import { portalLinks } from '@/lib/entra/portal-links';
import { AzureLink, Steps, Ui } from '@/app/(portal)/keys/new/_components/azure-link';
import type { StageProps } from '@/app/(portal)/keys/new/_components/wizard-types';

export function StageRegister({ values, onChange, hosts, appName, onAppName, cloudOptions, sandboxPicker }: StageProps & { appName: string; onAppName: (name: string) => void; cloudOptions: readonly { id: string; label: string }[]; sandboxPicker: ReactNode }) {
  const host = hosts[values.cloud];
  const links = host ? portalLinks(host) : null;
  return (
    <div className="space-y-5">
      <Select label="Cloud" name="cloud" value={values.cloud} onChange={(e) => onChange({ cloud: e.target.value })} options={cloudOptions.map((c) => ({ value: c.id, label: c.label }))} />
      {values.cloud === 'sandbox' ? (
        <>
          <Alert tone="info" title="Steps 1–4 in the sandbox tenant">
            The sandbox tenant runs beside the portal and stands in for Entra ID: its apps are registered already, admin consent is granted and each has a client secret, so there is no Azure portal to
            open. Pick an app: the wizard fills in its Tenant ID, Client ID and secret for you. The{' '}
            <a className="underline" href="/sandbox">
              Sandbox tenant page
            </a>{' '}
            lists them all.
          </Alert>
          {sandboxPicker}
        </>
      ) : null}
      {values.cloud === 'custom' ? <Alert tone="info">For a Custom cloud, enter its Authority host and Graph endpoint in stage 4. The links below open the global Azure portal.</Alert> : null}
      {values.cloud === 'sandbox' ? null : (
      <Steps start={1}>
        <li>
          Sign in to the Azure portal as an administrator of the tenant: <AzureLink href={links?.appRegistrations ?? null}>open App registrations</AzureLink>.
        </li>
        <li>
          Under <Ui>Manage</Ui>, click <Ui>App registrations</Ui>.
        </li>
        <li>
          Click <Ui>New registration</Ui> (<AzureLink href={links?.newRegistration ?? null}>open it directly</AzureLink>).
        </li>
        <li>
          Give the application a name, keep the other settings, and click <Ui>Register</Ui>. Keep <Ui>Accounts in this organizational directory only (Single tenant)</Ui>: only your own tenant can sign in with this app, which is what a service account for Pliant needs.
        </li>
      </Steps>
      )}
      <Field
        label="App name"
        name="appName"
        value={appName}
        onChange={(e) => onAppName(e.target.value)}
        hint="A suggestion for step 4. It also names the authKey and the Azure CLI script, and you can change it."
      />
    </div>
  );
}
