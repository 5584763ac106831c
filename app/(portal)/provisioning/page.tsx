import type { Metadata } from 'next';
import Link from 'next/link';
import { CapabilityList } from '@/components/provisioning/capability-list';
import { TestKeyButton } from '@/app/(portal)/provisioning/_components/test-key-button';
import { buttonClasses } from '@/components/ui/button';
import { Card, PageHeader } from '@/components/ui/card';
import { requirePageRole } from '@/lib/auth/session';
import { listProvisioningKeys, PROVISIONERS } from '@/lib/server/provisioning';

export const metadata: Metadata = { title: 'Provisioning' };

const when = (iso: string) => new Date(iso).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

export default async function ProvisioningPage() {
  await requirePageRole(PROVISIONERS, 'page.provisioning');
  const { ready, notReady } = await listProvisioningKeys();
  return (
    <>
      <PageHeader title="Provisioning" description="Create and manage Microsoft 365 users through an authKey, one at a time or in bulk from CSV. Pick the key to work through." />
      <div className="space-y-6">
        {ready.length === 0 ? (
          <Card title="No key is ready">
            <p className="text-sm">Provisioning needs an Enterprise App authKey whose last connection test passed. Test a key below, or create one under authKeys.</p>
          </Card>
        ) : (
          ready.map((k) => (
            <Card
              key={k.id}
              title={k.name}
              description={`Tenant ${k.tenantId} · tested ${when(k.testedAt)}`}
              actions={
                <Link href={`/provisioning/${k.id}`} className={buttonClasses('primary')} aria-label={`Use ${k.name}`}>
                  Use this key
                </Link>
              }
            >
              <CapabilityList keyChoice={k} />
              <div className="mt-3">
                <TestKeyButton keyId={k.id} name={k.name} />
              </div>
            </Card>
          ))
        )}
        {notReady.length ? (
          <Card title="Not ready" description="These keys cannot provision until they pass a connection test.">
            <ul className="divide-y divide-slate-100 dark:divide-slate-800">
              {notReady.map((k) => (
                <li key={k.id} className="flex flex-wrap items-start justify-between gap-3 py-3 text-sm">
                  <div>
                    <p className="font-medium">{k.name}</p>
                    <p className="text-slate-600 dark:text-slate-400">{k.reason}</p>
                  </div>
                  <TestKeyButton keyId={k.id} name={k.name} />
                </li>
              ))}
            </ul>
          </Card>
        ) : null}
      </div>
    </>
  );
}
