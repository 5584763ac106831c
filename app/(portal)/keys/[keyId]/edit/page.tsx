import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { EditKeyForm } from '@/app/(portal)/keys/_components/edit-key-form';
import { Card, PageHeader } from '@/components/ui/card';
import { requirePageRole } from '@/lib/auth/session';
import { getKey } from '@/lib/dal/keys';
import { CLOUD_OPTIONS } from '@/lib/entra/clouds';
import { OPERATIONS } from '@/lib/entra/permission-catalog';

export const metadata: Metadata = { title: 'Edit authKey' };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function EditKeyPage({ params }: { params: Promise<{ keyId: string }> }) {
  await requirePageRole(['admin'], 'page.keys.edit');
  const { keyId } = await params;
  if (!GUID.test(keyId)) notFound();
  const key = await getKey(keyId);
  if (!key) notFound();
  return (
    <>
      <PageHeader title={`Edit ${key.name}`} description="Changing the IDs, the cloud or the secret clears the last test result: test again after saving." />
      <Card>
        <EditKeyForm
          keyId={key.id}
          initial={{
            name: key.name,
            description: key.description,
            accessType: key.accessType,
            cloud: key.cloud,
            authorityHost: key.authorityHost ?? '',
            graphEndpoint: key.graphEndpoint ?? '',
            tenantId: key.tenantId,
            clientId: key.clientId,
            clientSecret: '',
            // Editing keeps the stored credential unless a new client secret is typed.
            credentialType: 'secret',
            certificateId: '',
            // Consumers are kept on the key's page, not here.
            consumerKind: 'pliant',
            consumerName: '',
            secretExpiresAt: key.credential?.expirySource === 'typed' && key.credential.expiresAt ? key.credential.expiresAt.slice(0, 10) : '',
            username: key.username ?? '',
            password: '',
            operations: key.operations,
          }}
          cloudOptions={CLOUD_OPTIONS}
          operations={OPERATIONS.map(({ id, label, description }) => ({ id, label, description }))}
          storedSecretHint={key.credential?.kind === 'secret' ? key.credential.hint : null}
          passwordStored={key.passwordConfigured}
        />
      </Card>
    </>
  );
}
