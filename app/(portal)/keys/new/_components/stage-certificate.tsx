'use client';

import { useActionState, useState } from 'react';
import { prepareCertificateAction, uploadToSandboxAction, type CertificateActionState } from '@/app/(portal)/keys/certificate-actions';
import { AzureLink, Steps, Ui } from '@/app/(portal)/keys/new/_components/azure-link';
import { Alert } from '@/components/ui/alert';
import { buttonClasses } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { Field, FieldMessages, inputClasses } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { Select } from '@/components/ui/select';
import { SubmitButton } from '@/components/ui/submit-button';
import type { PendingCertificateDto } from '@/lib/dal/pending-certificates';
import { CERTIFICATE_MONTHS, DEFAULT_CERTIFICATE_MONTHS } from '@/lib/validation/certificate-rules';

type Props = {
  appName: string;
  certificate: PendingCertificateDto | null;
  onCertificate: (certificate: PendingCertificateDto | null) => void;
  /** Azure's Certificates & secrets for this app, when the Client ID is known. */
  credentialsLink: string | null;
  /** The sandbox app to upload to, when the key points at the sandbox tenant. */
  sandbox: { clientId: string; appName: string } | null;
  errors?: string[];
};

const idle: CertificateActionState = { status: 'idle' };
const pemBody = (pem: string) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, '');

/** Steps 12–14 for a certificate: the portal makes the key pair (or takes one), the administrator uploads the public part. */
export function StageCertificate({ appName, certificate, onCertificate, credentialsLink, sandbox, errors }: Props) {
  const [source, setSource] = useState<'generate' | 'pem' | 'pfx'>('generate');
  const [state, prepare] = useActionState(async (previous: CertificateActionState, form: FormData) => {
    const next = await prepareCertificateAction(previous, form);
    if (next.status === 'success' && next.certificate) onCertificate(next.certificate);
    return next;
  }, idle);
  if (certificate) return <PreparedCertificate certificate={certificate} onStartOver={() => onCertificate(null)} credentialsLink={credentialsLink} sandbox={sandbox} />;
  const fe = state.fieldErrors ?? {};
  return (
    <div className="space-y-4">
      <fieldset>
        <legend className="text-sm font-medium">Certificate</legend>
        <div className="mt-2 flex flex-wrap gap-4 text-sm">
          {(
            [
              ['generate', 'Generate a new one here'],
              ['pem', 'Import PEM (certificate and key)'],
              ['pfx', 'Import a PFX file'],
            ] as const
          ).map(([id, label]) => (
            <label key={id} className="flex items-center gap-2">
              <input type="radio" name="certificateSource" value={id} checked={source === id} onChange={() => setSource(id)} />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      <form action={prepare} className="space-y-4" noValidate>
        <input type="hidden" name="mode" value={source} />
        {source === 'generate' ? (
          <div className="grid gap-4 md:grid-cols-3">
            <Field label="Certificate name" name="commonName" defaultValue={appName || 'authKey'} errors={fe.commonName} hint="Its subject (CN=…), as Azure lists it." />
            <Select label="Valid for" name="months" defaultValue={String(DEFAULT_CERTIFICATE_MONTHS)} errors={fe.months} options={CERTIFICATE_MONTHS.map((m) => ({ value: String(m), label: `${m} months${m === DEFAULT_CERTIFICATE_MONTHS ? ' (recommended)' : ''}` }))} />
            <Select label="Key" name="keySize" defaultValue="2048" errors={fe.keySize} options={[{ value: '2048', label: 'RSA 2048 bits' }, { value: '3072', label: 'RSA 3072 bits' }]} />
          </div>
        ) : null}
        {source === 'pem' ? (
          <div className="grid gap-4 md:grid-cols-2">
            <PemArea name="certificatePem" label="Certificate (PEM)" placeholder="-----BEGIN CERTIFICATE-----" errors={fe.certificatePem} />
            <PemArea name="privateKeyPem" label="Private key (PEM, unencrypted)" placeholder="-----BEGIN PRIVATE KEY-----" errors={fe.privateKeyPem} />
          </div>
        ) : null}
        {source === 'pfx' ? (
          <div className="grid gap-4 md:grid-cols-2">
            <div className="space-y-1">
              <label htmlFor="pfx" className="block text-sm font-medium">
                PFX file
              </label>
              <input id="pfx" name="pfx" type="file" accept=".pfx,.p12,application/x-pkcs12" aria-invalid={fe.pfx ? true : undefined} aria-describedby={fe.pfx ? 'pfx-error' : undefined} className="block text-sm" />
              <FieldMessages id="pfx-error" errors={fe.pfx} />
            </div>
            <Field label="PFX password" name="pfxPassword" type="password" autoComplete="off" errors={fe.pfxPassword} />
          </div>
        ) : null}
        <p className="text-xs text-slate-600 dark:text-slate-400">
          RSA only: MSAL signs its sign-in assertion with RSA (PS256). Entra accepts ECDSA certificates too, but MSAL for Node cannot sign with them, so such a key could never pass a test.
        </p>
        <div className="flex items-center gap-3">
          <SubmitButton pendingText={source === 'generate' ? 'Generating…' : 'Importing…'}>{source === 'generate' ? 'Generate certificate' : 'Import certificate'}</SubmitButton>
          <FormStatus state={state} />
        </div>
        <FieldMessages id="certificateId-stage-error" errors={errors} />
      </form>
    </div>
  );
}

function PemArea({ name, label, placeholder, errors }: { name: string; label: string; placeholder: string; errors?: string[] }) {
  return (
    <div className="space-y-1">
      <label htmlFor={name} className="block text-sm font-medium">
        {label}
      </label>
      <textarea id={name} name={name} rows={6} spellCheck={false} autoComplete="off" placeholder={placeholder} aria-invalid={errors?.length ? true : undefined} aria-describedby={errors?.length ? `${name}-error` : undefined} className={`${inputClasses} font-mono text-xs`} />
      <FieldMessages id={`${name}-error`} errors={errors} />
    </div>
  );
}

function PreparedCertificate({ certificate: c, onStartOver, credentialsLink, sandbox }: { certificate: PendingCertificateDto; onStartOver: () => void; credentialsLink: string | null; sandbox: Props['sandbox'] }) {
  const [upload, runUpload] = useActionState(uploadToSandboxAction, { status: 'idle', certificate: c } as CertificateActionState);
  const fileName = c.subject.replace(/^CN=/, '').replace(/[^\w.-]+/g, '-').slice(0, 40) || 'authkey';
  return (
    <div className="space-y-4" data-testid="prepared-certificate">
      <Alert tone="success" title={c.source === 'generated' ? 'Certificate generated' : 'Certificate imported'}>
        The private key is sealed on the server and never comes to this page. Only the public certificate below goes to Azure.
      </Alert>
      <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-2 text-sm">
        <dt className="text-slate-600 dark:text-slate-400">Subject</dt>
        <dd>{c.subject}</dd>
        <dt className="text-slate-600 dark:text-slate-400">Valid</dt>
        <dd>
          {c.notBefore.slice(0, 10)} to {c.notAfter.slice(0, 10)} · RSA {c.keySize} bits
        </dd>
        <dt className="text-slate-600 dark:text-slate-400">Thumbprint (SHA-1)</dt>
        <dd className="flex flex-wrap items-center gap-2">
          <span className="break-all font-mono text-xs" data-testid="thumbprint-sha1">{c.thumbprintSha1}</span>
          <CopyButton value={c.thumbprintSha1} label="SHA-1 thumbprint" />
        </dd>
        <dt className="text-slate-600 dark:text-slate-400">SHA-256</dt>
        <dd className="break-all font-mono text-xs">{c.thumbprintSha256}</dd>
      </dl>
      <div className="flex flex-wrap gap-2">
        <a className={buttonClasses('secondary')} download={`${fileName}.cer`} href={`data:application/pkix-cert;base64,${pemBody(c.certificatePem)}`}>
          Download .cer
        </a>
        <a className={buttonClasses('secondary')} download={`${fileName}.pem`} href={`data:application/x-pem-file;charset=utf-8,${encodeURIComponent(c.certificatePem)}`}>
          Download .pem
        </a>
        <button type="button" className={buttonClasses('ghost')} onClick={onStartOver}>
          Use another certificate
        </button>
      </div>
      {sandbox ? (
        <form action={runUpload} className="space-y-2">
          <input type="hidden" name="certificateId" value={c.id} />
          <input type="hidden" name="clientId" value={sandbox.clientId} />
          <input type="hidden" name="displayName" value={c.subject.replace(/^CN=/, '')} />
          <p className="text-sm">In the sandbox tenant, the portal does the upload for you, as Azure’s Upload certificate does for {sandbox.appName}.</p>
          {upload.uploaded ? <Alert tone="success">{upload.message}</Alert> : null}
          <div className="flex items-center gap-3">
            {upload.uploaded ? null : <SubmitButton pendingText="Uploading…">Upload to the sandbox app</SubmitButton>}
            {upload.status === 'error' ? <FormStatus state={upload} /> : null}
          </div>
        </form>
      ) : (
        <Steps start={12}>
          <li>
            Open <AzureLink href={credentialsLink}>Certificates &amp; secrets</AzureLink> in the app’s menu, and its <Ui>Certificates</Ui> tab.
          </li>
          <li>
            Click <Ui>Upload certificate</Ui>, select the .cer file you downloaded, give it a description, and click <Ui>Add</Ui>.
          </li>
          <li>
            Check that the <Ui>Thumbprint</Ui> Azure lists is <span className="break-all font-mono text-xs">{c.thumbprintSha1}</span>.
          </li>
        </Steps>
      )}
    </div>
  );
}
