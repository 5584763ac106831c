'use client';

import dynamic from 'next/dynamic';
import { useEffect } from 'react';
import { Alert } from '@/components/ui/alert';
import { Field } from '@/components/ui/field';
import { portalLinks } from '@/lib/entra/portal-links';
import { AzureLink, Steps, Ui } from '@/app/(portal)/keys/new/_components/azure-link';
import type { SandboxChoice, StageProps } from '@/app/(portal)/keys/new/_components/wizard-types';
import type { PendingCertificateDto } from '@/lib/dal/pending-certificates';

// Fetched when stage 3 opens, not with the wizard: its first load stays small. The loading
// placeholder keeps the rest of the stage on screen while the chunk arrives.
const loadCertificate = () => import('@/app/(portal)/keys/new/_components/stage-certificate').then((m) => m.StageCertificate);
const StageCertificate = dynamic(loadCertificate, { loading: () => <p className="text-sm text-slate-600 dark:text-slate-400">Loading the certificate tools…</p> });

// The expiry choices Azure offers for a new client secret (FACTS.md).
export const EXPIRY_CHOICES = [
  { id: '90', days: 90, label: '90 days (3 months)' },
  { id: '180', days: 180, label: '180 days (6 months), recommended' },
  { id: '365', days: 365, label: '365 days (12 months)' },
  { id: '545', days: 545, label: '545 days (18 months)' },
  { id: '730', days: 730, label: '730 days (24 months)' },
  { id: 'custom', days: 0, label: 'Custom' },
] as const;

export function addDays(days: number, from = new Date()): string {
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

type SandboxSecret = { app: SandboxChoice | null; secret: { hint: string; expiresAt: string } | null };

type CertificateChoice = { appName: string; certificate: PendingCertificateDto | null; onCertificate: (c: PendingCertificateDto | null) => void; errors?: string[] };

type Props = StageProps & { expiryChoice: string; onExpiryChoice: (id: string) => void; errors?: string[]; warning?: string; sandboxSecret?: SandboxSecret; certificate: CertificateChoice };

export function StageSecret(props: Props) {
  const { values, onChange, hosts, sandboxSecret, certificate } = props;
  useEffect(() => void loadCertificate(), []);
  const host = hosts[values.cloud];
  const links = host ? portalLinks(host, { clientId: values.clientId }) : null;
  const sandboxApp = sandboxSecret?.app ?? null;
  return (
    <div className="space-y-5">
      <fieldset>
        <legend className="text-sm font-medium">What the app signs in with</legend>
        <div className="mt-2 space-y-2 text-sm">
          <label className="flex items-start gap-2">
            <input type="radio" name="credentialType" value="certificate" className="mt-1" checked={values.credentialType === 'certificate'} onChange={() => onChange({ credentialType: 'certificate', clientSecret: '' })} />
            <span>
              <strong>Certificate (recommended)</strong>
              <span className="block text-slate-600 dark:text-slate-400">The portal makes the key pair and keeps the private key sealed; nothing secret is ever copied. For keys the portal uses itself: tests, provisioning, rotation and the token endpoint.</span>
            </span>
          </label>
          <label className="flex items-start gap-2">
            <input type="radio" name="credentialType" value="secret" className="mt-1" checked={values.credentialType === 'secret'} onChange={() => onChange({ credentialType: 'secret', certificateId: '' })} />
            <span>
              <strong>Client secret</strong>
              <span className="block text-slate-600 dark:text-slate-400">For a key that Pliant itself holds: Pliant’s authKey form takes a client secret, not a certificate.</span>
            </span>
          </label>
        </div>
      </fieldset>
      {values.credentialType === 'certificate' ? (
        <StageCertificate
          appName={certificate.appName}
          certificate={certificate.certificate}
          onCertificate={certificate.onCertificate}
          credentialsLink={links?.credentials ?? links?.appRegistrations ?? null}
          sandbox={sandboxSecret ? (sandboxApp ? { clientId: sandboxApp.clientId, appName: sandboxApp.appName } : null) : null}
          errors={certificate.errors}
        />
      ) : sandboxSecret ? (
        <SandboxSecretStage {...sandboxSecret} />
      ) : (
        <SecretSteps {...props} links={links} />
      )}
    </div>
  );
}

function SecretSteps({ values, onChange, expiryChoice, onExpiryChoice, errors, warning, links }: Props & { links: ReturnType<typeof portalLinks> | null }) {
  return (
    <div className="space-y-5">
      <Steps start={12}>
        <li>
          Open <AzureLink href={links?.credentials ?? links?.appRegistrations ?? null}>Certificates &amp; secrets</AzureLink> in the app’s menu.
        </li>
        <li>
          Click <Ui>New client secret</Ui>.
        </li>
        <li>
          Give it a description, choose when it <Ui>Expires</Ui>, and click <Ui>Add</Ui>. Choose the same expiry here, so the portal can warn you before it ends.
        </li>
      </Steps>
      <fieldset>
        <legend className="text-sm font-medium">Expires</legend>
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {EXPIRY_CHOICES.map((c) => (
            <label key={c.id} className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name="expiryChoice"
                value={c.id}
                checked={expiryChoice === c.id}
                onChange={() => {
                  onExpiryChoice(c.id);
                  if (c.days) onChange({ secretExpiresAt: addDays(c.days) });
                }}
              />
              {c.label}
            </label>
          ))}
        </div>
      </fieldset>
      <Field
        label="Secret expires"
        name="secretExpiresAt"
        type="date"
        value={values.secretExpiresAt}
        onChange={(e) => {
          onExpiryChoice('custom');
          onChange({ secretExpiresAt: e.target.value });
        }}
        errors={errors}
        warning={warning}
        hint="Microsoft caps secrets at 24 months and recommends 12 months or less."
      />
      <Alert tone="warning" title="Copy the Value now: Azure shows it only once">
        Right after you click Add, the new secret’s <strong>Value</strong> is visible once. Copy it into the Client Secret field in the next stage. The <strong>Secret ID</strong> beside it is a GUID that only names the secret: it is not the secret and will not sign in.
      </Alert>
    </div>
  );
}

/** Steps 12–14 in the sandbox: its apps have secrets already, and the Sandbox page makes new ones. */
function SandboxSecretStage({ app, secret }: SandboxSecret) {
  return (
    <Alert tone="info" title="Steps 12–14 in the sandbox tenant">
      {app && secret ? (
        <p>
          {app.appName} has a client secret already: the one starting with “{secret.hint}”, which expires on {secret.expiresAt.slice(0, 10)}, is used, and its expiry is filled in for you.
        </p>
      ) : (
        <p>Pick a sandbox app in stage 1: its secret is used.</p>
      )}
      <p className="mt-2">
        To try creating a secret yourself, use <strong>New client secret</strong> on the{' '}
        <a className="underline" href="/sandbox">
          Sandbox tenant page
        </a>
        : like Azure, it shows the Value once, for you to paste in stage 4.
      </p>
    </Alert>
  );
}
