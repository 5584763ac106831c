import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/card';
import { SetupWizard } from '@/app/(portal)/keys/new/_components/setup-wizard';
import { STAGES, type CloudHosts, type WizardStageId } from '@/app/(portal)/keys/new/_components/wizard-types';
import { requirePageRole } from '@/lib/auth/session';
import { CLOUD_OPTIONS, tryResolveCloud } from '@/lib/entra/clouds';
import { OPERATIONS } from '@/lib/entra/permission-catalog';
import { sandboxChoices } from '@/lib/sandbox/connection';

export const metadata: Metadata = { title: 'Set up an authKey' };

export default async function NewKeyPage({ searchParams }: { searchParams: Promise<{ stage?: string; cloud?: string }> }) {
  await requirePageRole(['admin'], 'page.keys.new');
  const { stage, cloud } = await searchParams;
  const initialStage = STAGES.some((s) => s.id === stage) ? (stage as WizardStageId) : undefined;
  // Links are built in the browser as IDs are typed; it needs each cloud's hosts (no secrets).
  const hosts: CloudHosts = Object.fromEntries(
    CLOUD_OPTIONS.map((c) => {
      const r = tryResolveCloud(c.id === 'custom' ? { cloud: 'custom', authorityHost: 'https://login.microsoftonline.com', graphEndpoint: 'https://graph.microsoft.com' } : c.id);
      return [c.id, r ? { portalHost: r.portalHost, authorityHost: r.authorityHost } : null];
    }),
  );
  const sandboxRunning = hosts.sandbox !== null;
  const cloudOptions = CLOUD_OPTIONS.filter((c) => c.id !== 'sandbox' || sandboxRunning);
  return (
    <>
      <PageHeader
        title="Set up an authKey"
        description="From nothing to a working, least-privilege Microsoft 365 authKey, following the 19 steps of “Authentication for Microsoft365”. Your progress is kept in this browser; the secret never is."
      />
      <SetupWizard
        operations={OPERATIONS.map(({ id, label, description }) => ({ id, label, description }))}
        cloudOptions={cloudOptions}
        hosts={hosts}
        defaultCloud={cloud === 'sandbox' && sandboxRunning ? 'sandbox' : 'global'}
        initialStage={initialStage}
        sandboxApps={sandboxRunning ? sandboxChoices() : []}
      />
    </>
  );
}
