'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { field as text, roleAction } from '@/lib/auth/role-action';
import type { Actor } from '@/lib/auth/session';
import { CERTIFICATE_GONE, createKey, deleteKey, KEY_TESTERS, KEY_WRITERS, replaceSecret, updateKey } from '@/lib/dal/keys';
import { openPendingCertificate } from '@/lib/dal/pending-certificates';
import { recordTestOfNewKey, testConnection, testCredentialValues, type TestResult } from '@/lib/entra/test-connection';
import { sandboxSecretValue } from '@/lib/sandbox/connection';
import { failure, invalid, type ActionState } from '@/lib/validation/action-state';
import { createKeySchema, deleteKeySchema, keyIdSchema, replaceSecretSchema, updateKeySchema, type KeyInput } from '@/lib/validation/keys';

/** An action state that may carry a connection test's result (never a secret). */
export type TestActionState = ActionState & { result?: TestResult; needsConfirmation?: boolean };

/**
 * Fields picked one by one: nothing else in the form reaches the schema. A secret picked with
 * "Fill from a sandbox app" arrives as its Secret ID and is looked up here, on the server.
 */
function keyFormValues(form: FormData) {
  const values = {
    name: text(form, 'name'),
    description: text(form, 'description'),
    accessType: text(form, 'accessType'),
    cloud: text(form, 'cloud'),
    authorityHost: text(form, 'authorityHost'),
    graphEndpoint: text(form, 'graphEndpoint'),
    tenantId: text(form, 'tenantId'),
    clientId: text(form, 'clientId'),
    clientSecret: text(form, 'clientSecret'),
    credentialType: text(form, 'credentialType') || 'secret',
    certificateId: text(form, 'certificateId'),
    consumerKind: text(form, 'consumerKind') || 'pliant',
    consumerName: text(form, 'consumerName'),
    secretExpiresAt: text(form, 'secretExpiresAt'),
    username: text(form, 'username'),
    password: text(form, 'password'),
    operations: form.getAll('operations').filter((v): v is string => typeof v === 'string'),
  };
  const sandboxSecretId = text(form, 'sandboxSecretId');
  if (sandboxSecretId && values.cloud === 'sandbox' && !values.clientSecret) {
    values.clientSecret = sandboxSecretValue(values.tenantId.trim(), values.clientId.trim(), sandboxSecretId) ?? '';
  }
  return values;
}

/** The values to sign in with: a prepared certificate is opened here, on the server, for its creator only. */
async function credentialValues(v: KeyInput, actor: Actor) {
  const certificate = v.credentialType === 'certificate' ? await openPendingCertificate(v.certificateId ?? '', actor) : null;
  if (v.credentialType === 'certificate' && !certificate) return null;
  return {
    accessType: v.accessType,
    cloud: { cloud: v.cloud, authorityHost: v.authorityHost, graphEndpoint: v.graphEndpoint },
    tenantId: v.tenantId,
    clientId: v.clientId,
    clientSecret: v.clientSecret,
    certificate: certificate ? { certificatePem: certificate.certificatePem, privateKeyPem: certificate.privateKeyPem } : null,
    username: v.username,
    password: v.password,
    operations: v.operations,
    secretExpiresAt: certificate ? certificate.notAfter.slice(0, 10) : v.secretExpiresAt || null,
  };
}

const certificateGone = () => failure('Check the highlighted fields.', { certificateId: [CERTIFICATE_GONE] });

/** The wizard's "Test connection": the values as typed, not saved. */
export const testValuesAction = roleAction<TestActionState>(KEY_WRITERS, 'keys.test_values', async (form, actor) => {
  const parsed = createKeySchema.safeParse(keyFormValues(form));
  if (!parsed.success) return invalid(parsed.error, 'Fix the highlighted fields before testing.');
  const values = await credentialValues(parsed.data, actor);
  if (!values) return certificateGone();
  const result = await testCredentialValues(values);
  return { status: result.outcome === 'success' ? 'success' : 'error', message: result.diagnosis?.title ?? 'Connected.', result };
});

/** Saves a new key. Unless the administrator confirmed saving a failing key, it must pass a test first. */
export const createKeyAction = roleAction<TestActionState>(KEY_WRITERS, 'keys.create', async (form, actor) => {
  const parsed = createKeySchema.safeParse(keyFormValues(form));
  if (!parsed.success) return invalid(parsed.error);
  let tested: TestResult | null = null;
  if (text(form, 'saveDespiteFailure') !== 'yes') {
    const values = await credentialValues(parsed.data, actor);
    if (!values) return certificateGone();
    const pre = await testCredentialValues(values);
    if (pre.outcome === 'failure') {
      return { status: 'error', message: 'The connection test failed. Fix it, or confirm that you want to save this key anyway.', result: pre, needsConfirmation: true };
    }
    tested = pre;
  }
  const created = await createKey(parsed.data);
  if (created.status === 'error') return created;
  const id = (created as { id: string }).id;
  // Outside the insert's transaction: the sign-in that just passed becomes the key's first test,
  // or, saved despite a failure, the key is tested now (token and Graph calls after the save).
  if (tested) await recordTestOfNewKey(id, tested);
  else await testConnection(id, { trigger: 'manual' });
  revalidatePath('/keys');
  redirect(`/keys/${id}?saved=1`);
});

export const updateKeyAction = roleAction<ActionState>(KEY_WRITERS, 'keys.update', async (form) => {
  const parsed = updateKeySchema.safeParse({ ...keyFormValues(form), keyId: text(form, 'keyId') });
  if (!parsed.success) return invalid(parsed.error);
  const result = await updateKey(parsed.data);
  if (result.status === 'error') return result as ActionState;
  revalidatePath('/keys');
  redirect(`/keys/${parsed.data.keyId}?saved=1`);
});

export const replaceSecretAction = roleAction<TestActionState>(KEY_WRITERS, 'keys.replace_secret', async (form) => {
  const parsed = replaceSecretSchema.safeParse({ keyId: text(form, 'keyId'), clientSecret: text(form, 'clientSecret'), secretExpiresAt: text(form, 'secretExpiresAt') });
  if (!parsed.success) return invalid(parsed.error);
  const replaced = await replaceSecret(parsed.data);
  if (replaced.status === 'error') return replaced as ActionState;
  const result = await testConnection(parsed.data.keyId, { trigger: 'manual' });
  revalidatePath(`/keys/${parsed.data.keyId}`);
  return { status: 'success', message: 'The secret was replaced and tested.', result: result ?? undefined };
});

export const deleteKeyAction = roleAction<ActionState>(KEY_WRITERS, 'keys.delete', async (form) => {
  const parsed = deleteKeySchema.safeParse({ keyId: text(form, 'keyId'), confirm: text(form, 'confirm') });
  if (!parsed.success) return invalid(parsed.error);
  const result = await deleteKey(parsed.data);
  if (result.status === 'error') return result as ActionState;
  revalidatePath('/keys');
  redirect('/keys?deleted=1');
});

/** "Test connection" on a saved key: admins and operators. */
export const testKeyAction = roleAction<TestActionState>(KEY_TESTERS, 'keys.test', async (form) => {
  const parsed = keyIdSchema.safeParse({ keyId: text(form, 'keyId') });
  if (!parsed.success) return failure('This authKey does not exist.');
  const result = await testConnection(parsed.data.keyId, { trigger: 'manual' });
  if (result === null) return failure('This authKey no longer exists.');
  revalidatePath(`/keys/${parsed.data.keyId}`);
  return { status: result.outcome === 'success' ? 'success' : 'error', message: result.diagnosis?.title ?? 'Connected.', result };
});
