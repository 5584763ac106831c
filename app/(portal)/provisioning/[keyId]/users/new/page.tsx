import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { CreateUserForm } from '@/app/(portal)/provisioning/_components/create-user-form';
import { KeyHeader } from '@/components/provisioning/key-header';
import { PermissionNote } from '@/components/provisioning/permission-note';
import { Alert } from '@/components/ui/alert';
import { Card, PageHeader } from '@/components/ui/card';
import { requirePageRole } from '@/lib/auth/session';
import { getProvisioningKey, PROVISIONERS } from '@/lib/server/provisioning';
import { loadPickers } from '@/lib/server/provisioning-users';
import { countryOptions } from '@/lib/validation/provisioning';

export const metadata: Metadata = { title: 'New user' };

export default async function NewUserPage({ params }: { params: Promise<{ keyId: string }> }) {
  await requirePageRole(PROVISIONERS, 'page.provisioning.new_user');
  const { keyId } = await params;
  const key = await getProvisioningKey(keyId);
  if (!key) notFound();
  const can = key.can;
  const pickers = can['users.write'].allowed ? await loadPickers(keyId, { domains: true, groups: can['groups.membership'].allowed, skus: can['licenses.assign'].allowed }) : null;
  return (
    <>
      <PageHeader title="New user" description="The fields of Entra’s “New user”. The password can be generated and is shown once." />
      <KeyHeader keyChoice={key} current="new" />
      <Card>
        {!can['users.write'].allowed ? (
          <PermissionNote id="users-write-note" capability={can['users.write']} what="create users" />
        ) : !pickers?.domains?.length ? (
          <Alert tone="error">{`The organization's verified domains could not be read, so no user principal name can be offered. ${pickers?.problems.join(' ') ?? ''}`}</Alert>
        ) : (
          <CreateUserForm
            keyId={keyId}
            domains={pickers.domains}
            countries={countryOptions()}
            groups={pickers.groups}
            skus={pickers.skus}
            groupsNote={can['groups.membership'].allowed ? (pickers.groups ? null : <Alert tone="warning">{pickers.problems.find((p) => p.startsWith('Groups')) ?? 'Groups could not be read.'}</Alert>) : <PermissionNote id="groups-note" capability={can['groups.membership']} what="add users to groups" />}
            licensesNote={can['licenses.assign'].allowed ? (pickers.skus ? null : <Alert tone="warning">{pickers.problems.find((p) => p.startsWith('Licenses')) ?? 'Licenses could not be read.'}</Alert>) : <PermissionNote id="licenses-note" capability={can['licenses.assign']} what="assign licenses" />}
          />
        )}
      </Card>
    </>
  );
}
