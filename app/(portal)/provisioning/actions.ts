'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { field as text, roleAction } from '@/lib/auth/role-action';
import { cancelJob, createBulkJob, startJob } from '@/lib/server/bulk-jobs';
import { getProvisioningKey, PROVISIONERS, type Outcome } from '@/lib/server/provisioning';
import { addUserToGroup, assignUserLicense, removeUserFromGroup, removeUserLicense } from '@/lib/server/provisioning-membership';
import { createUserWithExtras, deleteUserConfirmed, resetUserPassword, setUserEnabled, updateUserProfile } from '@/lib/server/provisioning-users';
import { testConnection } from '@/lib/entra/test-connection';
import { forgetKeyTokens } from '@/lib/entra/token';
import { dryRunJob, type DryRun } from '@/lib/jobs/bulk-dry-run';
import { kickJob } from '@/lib/jobs/bulk-supervisor';
import { failure, invalid, type ActionState } from '@/lib/validation/action-state';
import { MAX_CSV_BYTES } from '@/lib/validation/bulk-csv';
import { createUserSchema, deleteUserSchema, jobRefSchema, keyIdSchema, licenseSchema, membershipSchema, resetPasswordSchema, setEnabledSchema, updateUserSchema } from '@/lib/validation/provisioning';

/** An action state that may carry a value to show once (a generated password). */
export type SecretActionState = ActionState & { secret?: string; upn?: string; userId?: string };
export type DryRunState = ActionState & { dryRun?: Extract<DryRun, { status: 'success' }> };

const checked = (form: FormData, name: string) => form.get(name) === 'on' || form.get(name) === 'true';

function settle<T>(result: Outcome<T> | ActionState, success: string): ActionState {
  if (result.status === 'error') return failure(result.message ?? 'Something went wrong.');
  return { status: 'success', message: success };
}

const userPath = (keyId: string, userId: string) => `/provisioning/${keyId}/users/${encodeURIComponent(userId)}`;

/** "Test connection" from the key picker: operators may test keys too. */
export const testProvisioningKeyAction = roleAction<ActionState>(PROVISIONERS, 'provisioning.test_key', async (form) => {
  const keyId = keyIdSchema.safeParse(text(form, 'keyId'));
  if (!keyId.success) return failure('Pick an authKey.');
  const result = await testConnection(keyId.data, { trigger: 'manual' });
  if (result === null) return failure('This authKey no longer exists.');
  // A cached token still carries the roles it was issued with: after permissions changed in
  // Azure and the key was tested again, provisioning must sign in afresh to use them.
  await forgetKeyTokens(keyId.data);
  revalidatePath('/provisioning');
  return result.outcome === 'success' ? { status: 'success', message: 'The key passed its test.' } : failure(`The test failed: ${result.diagnosis?.title ?? 'see the key’s page'}.`);
});

export const createUserAction = roleAction<SecretActionState>(PROVISIONERS, 'provisioning.create_user', async (form) => {
  const values = {
    keyId: text(form, 'keyId'),
    userName: text(form, 'userName'),
    domain: text(form, 'domain'),
    displayName: text(form, 'displayName'),
    mailNickname: text(form, 'mailNickname'),
    passwordMode: text(form, 'passwordMode') || 'generate',
    password: text(form, 'password'),
    accountEnabled: checked(form, 'accountEnabled'),
    forceChangePassword: checked(form, 'forceChangePassword'),
    givenName: text(form, 'givenName'),
    surname: text(form, 'surname'),
    jobTitle: text(form, 'jobTitle'),
    department: text(form, 'department'),
    usageLocation: text(form, 'usageLocation'),
    groupIds: form.getAll('groupIds').filter((v): v is string => typeof v === 'string' && v !== ''),
    skuId: text(form, 'skuId'),
  };
  const echo = { userName: values.userName, domain: values.domain, displayName: values.displayName, mailNickname: values.mailNickname, givenName: values.givenName, surname: values.surname, jobTitle: values.jobTitle, department: values.department, usageLocation: values.usageLocation };
  const parsed = createUserSchema.safeParse(values);
  if (!parsed.success) return { ...invalid(parsed.error), values: echo };
  const key = await getProvisioningKey(parsed.data.keyId);
  if (!key) return failure('This authKey is not ready for provisioning.');
  const result = await createUserWithExtras(parsed.data, { groups: key.can['groups.membership'].allowed, licenses: key.can['licenses.assign'].allowed });
  if (result.status === 'error') return { ...failure(result.message ?? 'The user was not created.'), values: echo };
  if (!('data' in result)) return failure('The user was not created.');
  const { user, password, warnings } = result.data;
  revalidatePath(`/provisioning/${parsed.data.keyId}`);
  return {
    status: 'success',
    message: `Created ${user.userPrincipalName}.${warnings.length ? ` ${warnings.join(' ')}` : ''}`,
    secret: password ?? undefined,
    upn: user.userPrincipalName,
    userId: user.id,
  };
});

export const updateUserAction = roleAction<ActionState>(PROVISIONERS, 'provisioning.update_user', async (form) => {
  const parsed = updateUserSchema.safeParse({
    keyId: text(form, 'keyId'),
    userId: text(form, 'userId'),
    displayName: text(form, 'displayName'),
    givenName: text(form, 'givenName'),
    surname: text(form, 'surname'),
    jobTitle: text(form, 'jobTitle'),
    department: text(form, 'department'),
    usageLocation: text(form, 'usageLocation'),
  });
  if (!parsed.success) return invalid(parsed.error);
  const result = settle(await updateUserProfile(parsed.data), 'The profile was saved.');
  revalidatePath(userPath(parsed.data.keyId, parsed.data.userId));
  return result;
});

export const setEnabledAction = roleAction<ActionState>(PROVISIONERS, 'provisioning.enable_disable', async (form) => {
  const parsed = setEnabledSchema.safeParse({ keyId: text(form, 'keyId'), userId: text(form, 'userId'), enabled: text(form, 'enabled') });
  if (!parsed.success) return invalid(parsed.error);
  const result = settle(await setUserEnabled(parsed.data), parsed.data.enabled ? 'Sign-in is allowed again.' : 'Sign-in is blocked.');
  revalidatePath(userPath(parsed.data.keyId, parsed.data.userId));
  return result;
});

export const resetUserPasswordAction = roleAction<SecretActionState>(PROVISIONERS, 'provisioning.reset_password', async (form) => {
  const parsed = resetPasswordSchema.safeParse({ keyId: text(form, 'keyId'), userId: text(form, 'userId'), forceChangePassword: checked(form, 'forceChangePassword') });
  if (!parsed.success) return invalid(parsed.error);
  const result = await resetUserPassword(parsed.data);
  if (result.status === 'error' || !('data' in result)) return failure(result.message ?? 'The password was not reset.');
  return { status: 'success', message: 'The password was reset. Copy it now: it is shown only once.', secret: result.data.password };
});

export const deleteUserAction = roleAction<ActionState>(PROVISIONERS, 'provisioning.delete_user', async (form) => {
  const parsed = deleteUserSchema.safeParse({ keyId: text(form, 'keyId'), userId: text(form, 'userId'), confirm: text(form, 'confirm') });
  if (!parsed.success) return invalid(parsed.error);
  const result = await deleteUserConfirmed(parsed.data);
  if (result.status === 'error' || !('data' in result)) {
    return 'code' in result && result.code === 'confirm_mismatch' ? failure('Type the user principal name exactly to delete this user.', { confirm: ['This is not the user’s user principal name.'] }) : failure(result.message ?? 'The user was not deleted.');
  }
  revalidatePath(`/provisioning/${parsed.data.keyId}`);
  redirect(`/provisioning/${parsed.data.keyId}?deleted=${encodeURIComponent(result.data.userPrincipalName)}`);
});

async function membership(form: FormData, add: boolean): Promise<ActionState> {
  const parsed = membershipSchema.safeParse({ keyId: text(form, 'keyId'), userId: text(form, 'userId'), groupId: text(form, 'groupId') });
  if (!parsed.success) return invalid(parsed.error);
  const result = settle(await (add ? addUserToGroup(parsed.data) : removeUserFromGroup(parsed.data)), add ? 'Added to the group.' : 'Removed from the group.');
  revalidatePath(userPath(parsed.data.keyId, parsed.data.userId));
  return result;
}

export const addGroupAction = roleAction<ActionState>(PROVISIONERS, 'provisioning.add_member', async (form) => {
  return membership(form, true);
});

export const removeGroupAction = roleAction<ActionState>(PROVISIONERS, 'provisioning.remove_member', async (form) => {
  return membership(form, false);
});

async function license(form: FormData, assign: boolean): Promise<ActionState> {
  const parsed = licenseSchema.safeParse({ keyId: text(form, 'keyId'), userId: text(form, 'userId'), skuId: text(form, 'skuId') });
  if (!parsed.success) return invalid(parsed.error);
  const result = settle(await (assign ? assignUserLicense(parsed.data) : removeUserLicense(parsed.data)), assign ? 'The license was assigned.' : 'The license was removed.');
  revalidatePath(userPath(parsed.data.keyId, parsed.data.userId));
  return result;
}

export const assignLicenseAction = roleAction<ActionState>(PROVISIONERS, 'provisioning.assign_license', async (form) => {
  return license(form, true);
});

export const removeLicenseAction = roleAction<ActionState>(PROVISIONERS, 'provisioning.remove_license', async (form) => {
  return license(form, false);
});

export const uploadCsvAction = roleAction<ActionState>(PROVISIONERS, 'provisioning.bulk_upload', async (form) => {
  const keyId = keyIdSchema.safeParse(text(form, 'keyId'));
  if (!keyId.success) return failure('Pick an authKey.');
  const file = form.get('file');
  if (!(file instanceof File) || file.size === 0) return failure('Choose a CSV file.', { file: ['Choose a CSV file.'] });
  if (file.size > MAX_CSV_BYTES) return failure('The file is larger than 2 MB.', { file: ['The file is larger than 2 MB. Split it into smaller files.'] });
  const bytes = new Uint8Array(await file.arrayBuffer());
  const created = await createBulkJob({ keyId: keyId.data, fileName: file.name, bytes });
  if (created.status !== 'success' || !('id' in created)) return created as ActionState;
  redirect(`/provisioning/${keyId.data}/bulk/${created.id}`);
});

export const dryRunAction = roleAction<DryRunState>(PROVISIONERS, 'provisioning.job_dry_run', async (form) => {
  const parsed = jobRefSchema.safeParse({ jobId: text(form, 'jobId') });
  if (!parsed.success) return invalid(parsed.error);
  const run = await dryRunJob(parsed.data.jobId);
  if (run.status === 'error') return failure(run.message);
  const created = run.create + run.warn;
  const shortage = run.seats.map((x) => `${x.partNumber} has ${x.free} free seat${x.free === 1 ? '' : 's'} for ${x.needed}`).join('; ');
  const message = `Dry run: ${created} would be created${run.warn ? ` (${run.warn} with warnings${shortage ? `: ${shortage}` : ''})` : ''}, ${run.exists} already exist, ${run.fail} would fail. Nothing was changed.`;
  return { status: 'success', message, dryRun: run };
});

export const startJobAction = roleAction<ActionState>(PROVISIONERS, 'provisioning.job_start', async (form) => {
  const parsed = jobRefSchema.safeParse({ jobId: text(form, 'jobId') });
  if (!parsed.success) return invalid(parsed.error);
  const result = await startJob(parsed.data.jobId);
  if (result.status === 'error') return result as ActionState;
  // Outside any transaction, after the start committed: the job runs on in this process.
  kickJob(parsed.data.jobId);
  revalidatePath('/provisioning');
  return { status: 'success', message: 'The job is running.' };
});

export const cancelJobAction = roleAction<ActionState>(PROVISIONERS, 'provisioning.job_cancel', async (form) => {
  const parsed = jobRefSchema.safeParse({ jobId: text(form, 'jobId') });
  if (!parsed.success) return invalid(parsed.error);
  const result = await cancelJob(parsed.data.jobId);
  if (result.status === 'error') return result as ActionState;
  return { status: 'success', message: 'The job was cancelled. Rows already done stay done.' };
});
