import type { Metadata } from 'next';
import { ConnectionDetails } from '@/app/(portal)/sandbox/_components/connection-details';
import { ResetSandboxForm } from '@/app/(portal)/sandbox/_components/reset-sandbox-form';
import { Alert } from '@/components/ui/alert';
import { PageHeader } from '@/components/ui/card';
import { requireSession } from '@/lib/auth/session';
import { getSandboxView } from '@/lib/sandbox/admin';

export const metadata: Metadata = { title: 'Sandbox tenant' };

export default async function SandboxPage() {
  const actor = await requireSession();
  const view = await getSandboxView();
  return (
    <>
      <PageHeader
        title="Sandbox tenant"
        description="A local stand-in for Entra ID and Microsoft Graph that ships with the portal: try every feature here before touching a real tenant."
        actions={actor.role === 'admin' && view ? <ResetSandboxForm /> : null}
      />
      {view ? (
        <>
          <div className="mb-6">
            <Alert tone="warning" title="Sandbox-only values">
              Every ID, secret and password on this page belongs to the sandbox tenant that runs beside this portal. None of them works against Microsoft, and no real tenant is touched here.
            </Alert>
          </div>
          <ConnectionDetails view={view} canCreateSecrets={actor.role === 'admin'} />
        </>
      ) : (
        <Alert tone="info" title="The sandbox tenant is not running">
          It starts with the portal unless <code>SANDBOX=off</code> is set. Run <code>npm run sandbox</code> to start it on its own.
        </Alert>
      )}
    </>
  );
}
