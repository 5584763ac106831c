'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { ForbiddenError, requireRole } from '@/lib/auth/session';
import { guarded, isActionState } from '@/lib/dal/guard';
import { createKey, deleteKey, KEY_TESTERS, KEY_WRITERS, replaceSecret, updateKey } from '@/lib/dal/keys';
import { testConnection, testCredentialValues, type TestResult } from '@/lib/entra/test-connection';
import { failure, invalid, type ActionState } from '@/lib/validation/action-state';
import { createKeySchema, deleteKeySchema, keyIdSchema, replaceSecretSchema, updateKeySchema, type KeyInput } from '@/lib/validation/keys';

/** An action state that may carry a connection test's result (never a secret). */
export type TestActionState = ActionState & { result?: TestResult; needsConfirmation?: boolean };

/**
 * The first line of every action: no session redirects to sign-in (the throw passes through),
 * a role that may not do this gets the shared refusal state. Nothing is parsed before it.
 */
async function refuse(roles: Parameters<typeof requireRole>[0], what: string): Promise<ActionState | null> {
  try {
    await requireRole(roles, what);
    return null;
  } catch (error) {
    if (error instanceof ForbiddenError) return failure(error.message);
    throw error;
  }
}

const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
};

// Fields picked one by one: nothing else in the form reaches the schema.
function keyFormValues(form: FormData) {
  return {
    name: text(form, 'name'),
    description: text(form, 'description'),
    accessType: text(form, 'accessType'),
    cloud: text(form, 'cloud'),
    authorityHost: text(form, 'authorityHost'),
    graphEndpoint: text(form, 'graphEndpoint'),
    tenantId: text(form, 'tenantId'),
    clientId: text(form, 'clientId'),
    clientSecret: text(form, 'clientSecret'),
    secretExpiresAt: text(form, 'secretExpiresAt'),
    username: text(form, 'username'),
    password: text(form, 'password'),
    operations: form.getAll('operations').filter((v): v is string => typeof v === 'string'),
  };
}

const credentialValues = (v: KeyInput) => ({
  accessType: v.accessType,
  cloud: { cloud: v.cloud, authorityHost: v.authorityHost, graphEndpoint: v.graphEndpoint },
  tenantId: v.tenantId,
  clientId: v.clientId,
  clientSecret: v.clientSecret,
  username: v.username,
  password: v.password,
  operations: v.operations,
  secretExpiresAt: v.secretExpiresAt || null,
});

/** The wizard's "Test connection": the values as typed, not saved. */
export async function testValuesAction(_: TestActionState, form: FormData): Promise<TestActionState> {
  const denied = await refuse(KEY_WRITERS, 'keys.test_values');
  if (denied) return denied;
  const parsed = createKeySchema.safeParse(keyFormValues(form));
  if (!parsed.success) return invalid(parsed.error, 'Fix the highlighted fields before testing.');
  const result = await guarded(() => testCredentialValues(credentialValues(parsed.data)));
  if (isActionState(result)) return result;
  return { status: result.outcome === 'success' ? 'success' : 'error', message: result.diagnosis?.title ?? 'Connected.', result };
}

/** Saves a new key. Unless the administrator confirmed saving a failing key, it must pass a test first. */
export async function createKeyAction(_: TestActionState, form: FormData): Promise<TestActionState> {
  const denied = await refuse(KEY_WRITERS, 'keys.create');
  if (denied) return denied;
  const parsed = createKeySchema.safeParse(keyFormValues(form));
  if (!parsed.success) return invalid(parsed.error);
  if (text(form, 'saveDespiteFailure') !== 'yes') {
    const pre = await guarded(() => testCredentialValues(credentialValues(parsed.data)));
    if (isActionState(pre)) return pre;
    if (pre.outcome === 'failure') {
      return { status: 'error', message: 'The connection test failed. Fix it, or confirm that you want to save this key anyway.', result: pre, needsConfirmation: true };
    }
  }
  const created = await guarded(() => createKey(parsed.data));
  if (isActionState(created) && created.status === 'error') return created;
  const id = (created as { id: string }).id;
  // Outside the insert's transaction: the token and Graph calls go out after the key is saved.
  await testConnection(id, { trigger: 'manual' });
  revalidatePath('/keys');
  redirect(`/keys/${id}?saved=1`);
}

export async function updateKeyAction(_: ActionState, form: FormData): Promise<ActionState> {
  const denied = await refuse(KEY_WRITERS, 'keys.update');
  if (denied) return denied;
  const parsed = updateKeySchema.safeParse({ ...keyFormValues(form), keyId: text(form, 'keyId') });
  if (!parsed.success) return invalid(parsed.error);
  const result = await guarded(() => updateKey(parsed.data));
  if (result.status === 'error') return result as ActionState;
  revalidatePath('/keys');
  redirect(`/keys/${parsed.data.keyId}?saved=1`);
}

export async function replaceSecretAction(_: TestActionState, form: FormData): Promise<TestActionState> {
  const denied = await refuse(KEY_WRITERS, 'keys.replace_secret');
  if (denied) return denied;
  const parsed = replaceSecretSchema.safeParse({ keyId: text(form, 'keyId'), clientSecret: text(form, 'clientSecret'), secretExpiresAt: text(form, 'secretExpiresAt') });
  if (!parsed.success) return invalid(parsed.error);
  const replaced = await guarded(() => replaceSecret(parsed.data));
  if (replaced.status === 'error') return replaced as ActionState;
  const result = await testConnection(parsed.data.keyId, { trigger: 'manual' });
  revalidatePath(`/keys/${parsed.data.keyId}`);
  return { status: 'success', message: 'The secret was replaced and tested.', result: result ?? undefined };
}

export async function deleteKeyAction(_: ActionState, form: FormData): Promise<ActionState> {
  const denied = await refuse(KEY_WRITERS, 'keys.delete');
  if (denied) return denied;
  const parsed = deleteKeySchema.safeParse({ keyId: text(form, 'keyId'), confirm: text(form, 'confirm') });
  if (!parsed.success) return invalid(parsed.error);
  const result = await guarded(() => deleteKey(parsed.data));
  if (result.status === 'error') return result as ActionState;
  revalidatePath('/keys');
  redirect('/keys?deleted=1');
}

/** "Test connection" on a saved key: admins and operators. */
export async function testKeyAction(_: TestActionState, form: FormData): Promise<TestActionState> {
  const denied = await refuse(KEY_TESTERS, 'keys.test');
  if (denied) return denied;
  const parsed = keyIdSchema.safeParse({ keyId: text(form, 'keyId') });
  if (!parsed.success) return failure('This authKey does not exist.');
  const result = await guarded(() => testConnection(parsed.data.keyId, { trigger: 'manual' }));
  if (result === null) return failure('This authKey no longer exists.');
  if (isActionState(result)) return result;
  revalidatePath(`/keys/${parsed.data.keyId}`);
  return { status: result.outcome === 'success' ? 'success' : 'error', message: result.diagnosis?.title ?? 'Connected.', result };
}
