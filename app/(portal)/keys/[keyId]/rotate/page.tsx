import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { CredentialHistory } from '@/components/rotation/credential-history';
import { AddPasswordForm, PasteSecretForm, RemoveOldSecretForm, RollbackForm } from '@/app/(portal)/keys/[keyId]/rotate/_components/rotate-forms';
import { Alert } from '@/components/ui/alert';
import { Card, PageHeader } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { requireRole } from '@/lib/auth/session';
import { getRotation } from '@/lib/server/rotation';
import { ADD_PASSWORD_DAYS } from '@/lib/validation/rotation';

export const metadata: Metadata = { title: 'Rotate secret' };

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : 'no date');

const DONE = {
  'rolled-back': 'The previous secret is active again.',
  removed: 'The old secret was deleted in Azure and its stored copy erased. Rollback is no longer possible.',
} as const;

export default async function RotatePage({ params, searchParams }: { params: Promise<{ keyId: string }>; searchParams: Promise<{ done?: string }> }) {
  const actor = await requireRole(['admin', 'operator', 'auditor'], 'page.rotate');
  const { keyId } = await params;
  const view = await getRotation(keyId);
  if (!view) notFound();
  const isAdmin = actor.role === 'admin';
  const { key, active, previous } = view;
  const { done } = await searchParams;
  const doneText = done && done in DONE ? DONE[done as keyof typeof DONE] : null;
  return (
    <>
      <PageHeader
        title={`Rotate the secret of “${key.name}”`}
        description="Create a new secret, test it, swap it in, and only then delete the old one. Values are never shown again once saved."
        actions={
          <Link href={`/keys/${key.id}`} className="text-sm text-blue-700 underline dark:text-blue-300">
            Back to the key
          </Link>
        }
      />
      <div className="space-y-6">
        <div aria-live="polite">
          {doneText ? (
            <Alert tone={done === 'rolled-back' && key.lastTest?.outcome !== 'success' ? 'warning' : 'success'}>
              {doneText}
              {done === 'rolled-back' ? (key.lastTest?.outcome === 'success' ? ' The key tests green.' : ` Its check fails: ${key.lastTest?.message ?? 'not tested'}`) : null}
            </Alert>
          ) : null}
        </div>
        <Card title="Current secret">
          {active ? (
            <p className="text-sm" data-testid="current-secret">
              Starts with <span className="font-mono">{active.hint}…</span>, expires {day(active.expiresAt)} ({active.expirySource === 'graph' ? 'read from Microsoft Graph' : 'typed in'}).{' '}
              {key.lastTest ? (
                <span data-testid="last-test" className={key.lastTest.outcome === 'success' ? 'font-medium text-green-700 dark:text-green-400' : 'font-medium text-red-700 dark:text-red-400'}>
                  Last test {key.lastTest.outcome === 'success' ? 'passed' : 'failed'} {key.lastTest.at.replace('T', ' ').slice(0, 16)} UTC.
                </span>
              ) : (
                <span data-testid="last-test">Not tested since the last change.</span>
              )}
            </p>
          ) : (
            <Alert tone="warning">No secret is stored for this key.</Alert>
          )}
        </Card>
        {isAdmin ? (
          <>
            <Card title="1. Create a new secret" description="Keep the old one in Azure until the new one is tested and swapped in.">
              {key.cloud === 'sandbox' ? (
                <ol className="list-decimal space-y-1 pl-5 text-sm" data-testid="sandbox-rotation-steps">
                  <li>
                    Open the{' '}
                    <Link href="/sandbox" className="text-blue-700 underline dark:text-blue-300">
                      Sandbox tenant page
                    </Link>{' '}
                    (the sandbox’s stand-in for Certificates &amp; secrets) and find the app with Client ID <span className="font-mono">{key.clientId}</span>.
                  </li>
                  <li>Choose “New client secret”, a description and an expiry, and click Add.</li>
                  <li>Copy the secret’s <strong>Value</strong> it shows, and paste it in step 2 below. The Secret ID is not the secret.</li>
                </ol>
              ) : (
              <ol className="list-decimal space-y-1 pl-5 text-sm">
                <li>
                  Open the app’s{' '}
                  {view.credentialsLink ? (
                    <a href={view.credentialsLink} target="_blank" rel="noreferrer" className="text-blue-700 underline dark:text-blue-300">
                      Certificates &amp; secrets
                    </a>
                  ) : (
                    'Certificates & secrets'
                  )}{' '}
                  page in the Azure portal (Client ID <span className="font-mono">{key.clientId}</span>).
                </li>
                <li>Choose “New client secret”, a description and an expiry (Microsoft recommends under 12 months).</li>
                <li>Copy the secret’s <strong>Value</strong> at once: it is shown only once. The Secret ID is not the secret.</li>
              </ol>
              )}
              {view.canAddPassword ? (
                <div className="mt-4 border-t border-slate-200 pt-4 dark:border-slate-800">
                  <p className="mb-3 text-sm">This key holds Application.ReadWrite.OwnedBy: when its app owns itself, the portal can create the secret for you with addPassword, test it and swap it in, without the value ever leaving the server.</p>
                  <AddPasswordForm keyId={key.id} days={ADD_PASSWORD_DAYS} />
                </div>
              ) : null}
            </Card>
            <Card title="2. Paste and test the new secret" description={`The portal signs in with it before it replaces the current one, retrying for up to ${view.testWindowSeconds} seconds because new secrets take a moment to work.`}>
              <PasteSecretForm keyId={key.id} windowSeconds={view.testWindowSeconds} />
            </Card>
          </>
        ) : (
          <Alert tone="info">Only administrators can rotate secrets.</Alert>
        )}
        {previous ? (
          <Card title="3. Previous secret" description={`Kept encrypted for rollback until ${day(previous.eraseAfter)}, then erased.`}>
            <p className="mb-3 text-sm" data-testid="previous-secret">
              Starts with <span className="font-mono">{previous.hint}…</span>
              {previous.azureKeyId ? (
                <>
                  , Secret ID <span className="font-mono">{previous.azureKeyId}</span> <CopyButton value={previous.azureKeyId} label="Secret ID" />
                </>
              ) : null}
            </p>
            {isAdmin ? (
              <div className="flex flex-wrap gap-6">
                <RollbackForm keyId={key.id} />
                <RemoveOldSecretForm keyId={key.id} previous={previous} current={active} />
              </div>
            ) : null}
            <p className="mt-3 text-xs text-slate-600 dark:text-slate-400">
              Or delete it yourself on{' '}
              {view.credentialsLink ? (
                <a href={view.credentialsLink} target="_blank" rel="noreferrer" className="text-blue-700 underline dark:text-blue-300">
                  Certificates &amp; secrets
                </a>
              ) : (
                'Certificates & secrets'
              )}
              {previous.azureKeyId ? ` (Secret ID ${previous.azureKeyId})` : ` (the secret whose value starts with ${previous.hint ?? '?'})`}.
            </p>
          </Card>
        ) : null}
        <Card title="Credential history">
          <CredentialHistory items={view.history} />
        </Card>
      </div>
    </>
  );
}
