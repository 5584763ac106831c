import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { DeleteKeyForm } from '@/app/(portal)/keys/_components/delete-key-form';
import { formatDate, formatDateTime } from '@/components/keys/format';
import { ExpiryText, StatusBadge } from '@/components/keys/key-table';
import { LastTest } from '@/components/keys/last-test';
import { ReplaceSecretForm } from '@/app/(portal)/keys/_components/replace-secret-form';
import { RotateLink } from '@/components/rotation/rotate-link';
import { AlertRecipientsForm } from '@/app/(portal)/keys/_components/alert-recipients-form';
import { TestKeyButton } from '@/app/(portal)/keys/_components/test-key-button';
import { TestHistory } from '@/components/keys/test-history';
import { LifecycleCards } from '@/app/(portal)/keys/_components/lifecycle-cards';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { ChipList } from '@/components/ui/chip-list';
import { buttonClasses } from '@/components/ui/button';
import { Card, PageHeader } from '@/components/ui/card';
import { requireSession } from '@/lib/auth/session';
import { listKeyTests } from '@/lib/dal/key-tests';
import { getKey, type KeyDto } from '@/lib/dal/keys';
import { cloudLabel, tryResolveCloud } from '@/lib/entra/clouds';
import { leastPermissions, operation } from '@/lib/entra/permission-catalog';
import { adminConsentUrl, portalLinks } from '@/lib/entra/portal-links';

export const metadata: Metadata = { title: 'authKey' };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function KeyPage({ params, searchParams }: { params: Promise<{ keyId: string }>; searchParams: Promise<{ saved?: string }> }) {
  const actor = await requireSession();
  const { keyId } = await params;
  if (!GUID.test(keyId)) notFound();
  const key = await getKey(keyId);
  if (!key) notFound();
  const tests = await listKeyTests(keyId);
  const { saved } = await searchParams;
  const cloud = tryResolveCloud(key);
  const links = cloud ? portalLinks(cloud, { tenantId: key.tenantId, clientId: key.clientId }) : null;
  const consentUrl = cloud ? adminConsentUrl(cloud.authorityHost, key.tenantId, key.clientId) : null;
  const isAdmin = actor.role === 'admin';
  const canTest = actor.role === 'admin' || actor.role === 'operator';
  const needed = leastPermissions(key.operations);
  return (
    <>
      <PageHeader
        title={key.name}
        description={key.description || undefined}
        actions={
          <div className="flex items-center gap-2">
            <StatusBadge keyDto={key} />
            {isAdmin && key.accessType === 'app' && key.credential?.kind === 'secret' ? <RotateLink keyId={key.id} keyName={key.name} /> : null}
            {isAdmin ? (
              <Link href={`/keys/${key.id}/edit`} className={buttonClasses('secondary')}>
                Edit
              </Link>
            ) : null}
          </div>
        }
      />
      {saved ? (
        <div className="mb-4">
          <Alert tone="success">The authKey was saved.</Alert>
        </div>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Details">
          <dl className="grid grid-cols-[9rem_1fr] gap-x-4 gap-y-2 text-sm">
            <dt className="text-slate-600 dark:text-slate-400">Access Type</dt>
            <dd>{key.accessType === 'app' ? 'Enterprise App' : 'Delegated (username and password)'}</dd>
            <dt className="text-slate-600 dark:text-slate-400">Cloud</dt>
            <dd>
              {cloudLabel(key.cloud)}
              {key.cloud === 'custom' ? <span className="block text-xs">{key.authorityHost} · {key.graphEndpoint}</span> : null}
            </dd>
            <dt className="text-slate-600 dark:text-slate-400">Tenant ID</dt>
            <dd className="font-mono text-xs">{key.tenantId}</dd>
            <dt className="text-slate-600 dark:text-slate-400">Client ID</dt>
            <dd className="font-mono text-xs">{key.clientId}</dd>
            {key.appDisplayName ? (
              <>
                <dt className="text-slate-600 dark:text-slate-400">Azure app</dt>
                <dd>{key.appDisplayName}</dd>
              </>
            ) : null}
            {key.accessType === 'delegated' ? (
              <>
                <dt className="text-slate-600 dark:text-slate-400">Username</dt>
                <dd>{key.username}</dd>
                <dt className="text-slate-600 dark:text-slate-400">Password</dt>
                <dd>{key.passwordConfigured ? 'Configured' : 'Not set'}</dd>
              </>
            ) : null}
            <dt className="text-slate-600 dark:text-slate-400">Created</dt>
            <dd>{formatDateTime(key.createdAt)}</dd>
          </dl>
          {links?.overview && key.cloud !== 'sandbox' ? (
            <p className="mt-4 text-sm">
              Azure portal: <a className="underline" href={links.overview} target="_blank" rel="noreferrer">Overview</a> · <a className="underline" href={links.apiPermissions ?? '#'} target="_blank" rel="noreferrer">API permissions</a> · <a className="underline" href={links.credentials ?? '#'} target="_blank" rel="noreferrer">Certificates &amp; secrets</a>
            </p>
          ) : null}
        </Card>
        {key.credential?.kind === 'certificate' ? (
          <Card title="Certificate" description="The portal signs in with the private key, which never leaves the server and is never shown.">
            <dl className="grid grid-cols-[9rem_1fr] gap-x-4 gap-y-2 text-sm">
              <dt className="text-slate-600 dark:text-slate-400">Status</dt>
              <dd>
                <Badge tone="success">Configured</Badge>
              </dd>
              <dt className="text-slate-600 dark:text-slate-400">Thumbprint</dt>
              <dd className="break-all font-mono text-xs" data-testid="certificate-thumbprint">{key.credential.hint}</dd>
              <dt className="text-slate-600 dark:text-slate-400">Expires</dt>
              <dd>
                <ExpiryText keyDto={key} />
              </dd>
              <dt className="text-slate-600 dark:text-slate-400">Expiry source</dt>
              <dd data-testid="expiry-source">{expirySourceLabel(key.credential)}</dd>
            </dl>
            <p className="mt-4 text-sm text-slate-600 dark:text-slate-400">Pliant’s own authKey form takes a client secret: this key serves the portal’s own work (tests, provisioning, rotation).</p>
          </Card>
        ) : (
          <Card title="Client Secret" description="Write-only: the portal never shows a stored secret.">
            {key.credential ? (
              <dl className="grid grid-cols-[9rem_1fr] gap-x-4 gap-y-2 text-sm">
                <dt className="text-slate-600 dark:text-slate-400">Status</dt>
                <dd>
                  <Badge tone="success">Configured</Badge>
                </dd>
                <dt className="text-slate-600 dark:text-slate-400">Starts with</dt>
                <dd className="font-mono">{key.credential.hint}</dd>
                <dt className="text-slate-600 dark:text-slate-400">Expires</dt>
                <dd>
                  <ExpiryText keyDto={key} />
                </dd>
                <dt className="text-slate-600 dark:text-slate-400">Expiry source</dt>
                <dd data-testid="expiry-source">{expirySourceLabel(key.credential)}</dd>
              </dl>
            ) : (
              <Alert tone="warning">No secret is stored.</Alert>
            )}
            {isAdmin ? (
              <div className="mt-4">
                <ReplaceSecretForm keyId={key.id} />
              </div>
            ) : null}
          </Card>
        )}
      </div>
      <div className="mt-6 grid gap-6">
        <Card title="Permissions" description={key.accessType === 'delegated' ? "What the key's operations need, as delegated permissions of the signed-in account." : "What the key's operations need, as application permissions."}>
          <ul className="space-y-1 text-sm">
            {key.operations.map((o) => (
              <li key={o}>{operation(o)?.label ?? o}</li>
            ))}
          </ul>
          <div className="mt-3 text-sm">
            Needs: <ChipList items={needed.map((p) => p.name)} tone="info" label="Permissions the operations need" empty="nothing chosen" />
          </div>
        </Card>
        <Card title="Connection" description={canTest ? 'Signs in with MSAL exactly as Pliant will.' : undefined}>
          {canTest ? <TestKeyButton keyId={key.id} /> : null}
          <LastTest keyDto={key} latest={tests[0] ?? null} consentUrl={consentUrl} />
        </Card>
        <Card title="Test history">
          <TestHistory tests={tests} />
        </Card>
        <LifecycleCards keyDto={key} isAdmin={isAdmin} />
        <Card title="Alerts" description="Expiry and health alerts go to every alert channel in Settings; e-mail alerts also go to these addresses.">
          {isAdmin ? (
            <AlertRecipientsForm keyId={key.id} recipients={key.alertRecipients} />
          ) : (
            <p className="text-sm">{key.alertRecipients.length ? key.alertRecipients.join(', ') : 'No extra recipients.'}</p>
          )}
        </Card>
        {isAdmin ? (
          <Card title="Delete">
            <DeleteKeyForm keyId={key.id} name={key.name} />
          </Card>
        ) : null}
      </div>
    </>
  );
}

function expirySourceLabel(c: NonNullable<KeyDto['credential']>): string {
  if (c.expirySource === 'graph') return `Microsoft Graph${c.expirySyncedAt ? `, read ${formatDate(c.expirySyncedAt)}` : ''}`;
  if (c.expirySource === 'certificate') return 'The certificate itself';
  return c.expirySource === 'typed' ? 'Typed in the portal' : 'Unknown';
}
