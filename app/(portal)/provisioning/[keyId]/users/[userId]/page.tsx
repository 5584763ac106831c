import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { GroupMembership } from '@/app/(portal)/provisioning/_components/group-membership';
import { KeyHeader } from '@/components/provisioning/key-header';
import { LicenseAssignment } from '@/app/(portal)/provisioning/_components/license-assignment';
import { PermissionNote } from '@/components/provisioning/permission-note';
import { UserAccountActions } from '@/app/(portal)/provisioning/_components/user-account-actions';
import { UserProfileForm } from '@/app/(portal)/provisioning/_components/user-profile-form';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Card, PageHeader } from '@/components/ui/card';
import { requirePageRole } from '@/lib/auth/session';
import { getProvisioningKey, PROVISIONERS } from '@/lib/server/provisioning';
import { getUserDetail, loadPickers } from '@/lib/server/provisioning-users';
import { countryOptions } from '@/lib/validation/provisioning';

export const metadata: Metadata = { title: 'User' };

export default async function UserPage({ params }: { params: Promise<{ keyId: string; userId: string }> }) {
  await requirePageRole(PROVISIONERS, 'page.provisioning.user');
  const { keyId, userId: rawId } = await params;
  const userId = decodeURIComponent(rawId);
  const key = await getProvisioningKey(keyId);
  if (!key) notFound();
  const detail = await getUserDetail(keyId, userId);
  if (detail.status === 'error') {
    return (
      <>
        <PageHeader title="User" />
        <KeyHeader keyChoice={key} current="none" />
        <Alert tone="error">{detail.message}</Alert>
      </>
    );
  }
  const { user, groups, licenses } = detail.data;
  const can = key.can;
  const pickers = await loadPickers(keyId, { groups: can['groups.membership'].allowed, skus: can['licenses.assign'].allowed });
  return (
    <>
      <PageHeader title={user.displayName ?? user.userPrincipalName} description={user.userPrincipalName} actions={user.accountEnabled === false ? <Badge tone="warning">Sign-in blocked</Badge> : <Badge tone="success">Sign-in allowed</Badge>} />
      <KeyHeader keyChoice={key} current="none" />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Profile" description={`Object ID ${user.id}${user.createdDateTime ? ` · created ${user.createdDateTime.slice(0, 10)}` : ''}`}>
          <PermissionNote id="profile-note" capability={can['users.write']} what="change profiles" />
          <UserProfileForm keyId={keyId} userId={user.id} values={{ displayName: user.displayName, givenName: user.givenName, surname: user.surname, jobTitle: user.jobTitle, department: user.department, usageLocation: user.usageLocation }} countries={countryOptions()} disabled={!can['users.write'].allowed} noteId="profile-note" />
        </Card>
        <Card title="Account">
          <div className="space-y-2">
            <PermissionNote id="enable-note" capability={can['users.enable-disable']} what="block or allow sign-in" />
            <PermissionNote id="reset-note" capability={can['users.reset-password']} what="reset passwords" />
            <PermissionNote id="delete-note" capability={can['users.delete']} what="delete users" />
          </div>
          <UserAccountActions
            keyId={keyId}
            userId={user.id}
            upn={user.userPrincipalName}
            enabled={user.accountEnabled !== false}
            can={{ enable: can['users.enable-disable'].allowed, reset: can['users.reset-password'].allowed, remove: can['users.delete'].allowed }}
            notes={{ enable: 'enable-note', reset: 'reset-note', remove: 'delete-note' }}
          />
        </Card>
        <Card title="Groups">
          <PermissionNote id="groups-note" capability={can['groups.membership']} what="add or remove group members" />
          {can['groups.membership'].allowed && !pickers.groups ? <Alert tone="warning">{pickers.problems.find((p) => p.startsWith('Groups')) ?? 'The groups could not be read.'}</Alert> : null}
          <GroupMembership keyId={keyId} userId={user.id} memberOf={groups} groups={pickers.groups} allowed={can['groups.membership'].allowed} noteId="groups-note" />
        </Card>
        <Card title="Licenses" description={`Usage location: ${user.usageLocation ?? 'not set'}`}>
          <PermissionNote id="licenses-note" capability={can['licenses.assign']} what="assign or remove licenses" />
          {can['licenses.assign'].allowed && !pickers.skus ? <Alert tone="warning">{pickers.problems.find((p) => p.startsWith('Licenses')) ?? 'The licenses could not be read.'}</Alert> : null}
          <LicenseAssignment keyId={keyId} userId={user.id} held={licenses} skus={pickers.skus} usageLocation={user.usageLocation} allowed={can['licenses.assign'].allowed} noteId="licenses-note" />
        </Card>
      </div>
    </>
  );
}
