import 'server-only';
import { z } from 'zod';
import { getProvisioningKey } from '@/lib/server/provisioning';
import { addUserToGroup, assignUserLicense, removeUserFromGroup, removeUserLicense } from '@/lib/server/provisioning-membership';
import { createUserWithExtras, deleteUserConfirmed, getUserDetail, resetUserPassword, setUserEnabled, updateUserProfile } from '@/lib/server/provisioning-users';
import { createUserSchema, domainField, groupIdField, profileSchema, skuIdField, userIdField, userNameField } from '@/lib/validation/provisioning';
import { defineRoute } from '../define';
import { ApiProblem, fieldErrors } from '../problem';
import { changedSchema, keyParams, userSchema } from '../schemas';
import { answerOf } from './outcome';

const userParams = keyParams.extend({ userId: userIdField.meta({ description: 'The user’s object id or user principal name.' }) });
const common = { tag: 'Users', scope: 'provisioning:write', perKey: true } as const;
const graphProblems = ['not-found', 'key-not-ready', 'key-lacks-permission', 'graph-refused', 'graph-unavailable'] as const;

// The API's create body: the portal's "New user" fields, with the defaults an API caller expects.
// The same createUserSchema then checks what the form's action checks (password rules, license
// needs a usage location).
const createBody = profileSchema
  .extend({
    userName: userNameField,
    domain: domainField,
    mailNickname: z.string().trim().max(64).optional(),
    password: z.string().max(256).optional().meta({ description: 'Leave out to have the portal generate one (returned once in the answer).' }),
    accountEnabled: z.boolean().default(true),
    forceChangePassword: z.boolean().default(true),
    groupIds: z.array(groupIdField).max(20).default([]),
    skuId: skuIdField.optional(),
  })
  .meta({ id: 'NewUser' });

const createdSchema = z.object({ user: userSchema, password: z.string().nullable().meta({ description: 'The generated password, or null when one was given.' }), warnings: z.array(z.string()), requestId: z.string().nullable() }).meta({ id: 'CreatedUser' });

async function readyKey(keyId: string) {
  const key = await getProvisioningKey(keyId);
  if (!key) throw new ApiProblem('key-not-ready', 'This authKey is not ready for provisioning: it does not exist or its last test did not pass. Test it first.');
  return key;
}

const changed = (_: unknown, requestId: string | null) => ({ ok: true, requestId });

export const userRoutes = [
  defineRoute({
    ...common,
    method: 'POST',
    path: '/authkeys/{keyId}/users',
    operationId: 'createUser',
    summary: 'Create a user',
    description: 'Like Entra’s "New user", with optional groups and a license. Send an Idempotency-Key: a retry with the same key returns the first answer and never creates a second user.',
    params: keyParams,
    body: createBody,
    idempotent: true,
    success: { status: 201, description: 'The user was created.', schema: createdSchema },
    problems: ['invalid-request', 'idempotency-key-reused', 'idempotency-in-progress', ...graphProblems],
    async run({ params, body }) {
      const key = await readyKey(params.keyId);
      const checked = createUserSchema.safeParse({ ...body, keyId: params.keyId, passwordMode: body.password ? 'type' : 'generate', skuId: body.skuId ?? '' });
      if (!checked.success) throw new ApiProblem('invalid-request', 'Some fields are not valid. Nothing was changed.', { errors: fieldErrors(checked.error.issues, 'body') });
      const outcome = await createUserWithExtras(checked.data, { groups: key.can['groups.membership'].allowed, licenses: key.can['licenses.assign'].allowed });
      return answerOf(outcome, (d, requestId) => ({ user: d.user, password: d.password, warnings: d.warnings, requestId }), 201);
    },
  }),
  defineRoute({
    ...common,
    method: 'GET',
    path: '/authkeys/{keyId}/users/{userId}',
    operationId: 'getUser',
    summary: 'Read a user with its groups and licenses',
    params: userParams,
    success: { status: 200, description: 'The user.', schema: z.object({ user: userSchema, groups: z.array(z.object({ id: z.string(), displayName: z.string().nullable() }).catchall(z.unknown())), licenses: z.array(z.object({ skuId: z.string(), skuPartNumber: z.string().nullable() })) }).meta({ id: 'UserDetail' }) },
    problems: [...graphProblems],
    async run({ params }) {
      return answerOf(await getUserDetail(params.keyId, params.userId), (d) => d);
    },
  }),
  defineRoute({
    ...common,
    method: 'PATCH',
    path: '/authkeys/{keyId}/users/{userId}',
    operationId: 'updateUser',
    summary: 'Update a user’s profile',
    description: 'Sets the profile fields; a field left out is cleared, as in the portal’s form.',
    params: userParams,
    body: profileSchema.meta({ id: 'UserProfile' }),
    success: { status: 200, description: 'The user was updated.', schema: changedSchema },
    problems: ['invalid-request', ...graphProblems],
    async run({ params, body }) {
      return answerOf(await updateUserProfile({ ...body, keyId: params.keyId, userId: params.userId }), changed);
    },
  }),
  ...(['enable', 'disable'] as const).map((verb) =>
    defineRoute({
      ...common,
      method: 'POST',
      path: `/authkeys/{keyId}/users/{userId}/${verb}`,
      operationId: `${verb}User`,
      summary: verb === 'enable' ? 'Enable a user’s sign-in' : 'Disable a user’s sign-in',
      params: userParams,
      success: { status: 200, description: `The user was ${verb}d.`, schema: changedSchema },
      problems: [...graphProblems],
      async run({ params }) {
        return answerOf(await setUserEnabled({ keyId: params.keyId, userId: params.userId, enabled: verb === 'enable' }), changed);
      },
    }),
  ),
  defineRoute({
    ...common,
    method: 'POST',
    path: '/authkeys/{keyId}/users/{userId}/reset-password',
    operationId: 'resetUserPassword',
    summary: 'Reset a user’s password',
    description: 'Sets a new generated password, returned once in the answer.',
    params: userParams,
    body: z.object({ forceChangePassword: z.boolean().default(true) }).meta({ id: 'ResetPassword' }),
    success: { status: 200, description: 'The new password.', schema: z.object({ password: z.string(), requestId: z.string().nullable() }).meta({ id: 'NewPassword' }) },
    problems: ['invalid-request', ...graphProblems],
    async run({ params, body }) {
      return answerOf(await resetUserPassword({ keyId: params.keyId, userId: params.userId, forceChangePassword: body.forceChangePassword }), (d, requestId) => ({ password: d.password, requestId }));
    },
  }),
  defineRoute({
    ...common,
    method: 'DELETE',
    path: '/authkeys/{keyId}/users/{userId}',
    operationId: 'deleteUser',
    summary: 'Delete a user',
    description: 'Needs the user principal name in `confirm`, checked against Graph’s current value, as the portal’s typed confirmation does.',
    params: userParams,
    query: z.object({ confirm: z.string().trim().min(1, 'Give the user principal name to confirm.').max(320) }),
    success: { status: 200, description: 'The user was deleted (Entra keeps it 30 days in Deleted users).', schema: z.object({ userPrincipalName: z.string(), requestId: z.string().nullable() }).meta({ id: 'DeletedUser' }) },
    problems: ['invalid-request', ...graphProblems],
    async run({ params, query }) {
      return answerOf(await deleteUserConfirmed({ keyId: params.keyId, userId: params.userId, confirm: query.confirm }), (d, requestId) => ({ userPrincipalName: d.userPrincipalName, requestId }));
    },
  }),
  ...membership('groups', 'groupId', groupIdField, 'group membership', { put: addUserToGroup, del: removeUserFromGroup }),
  ...membership('licenses', 'skuId', skuIdField, 'license', { put: assignUserLicense, del: removeUserLicense }),
];

function membership<K extends 'groupId' | 'skuId'>(
  segment: 'groups' | 'licenses',
  name: K,
  field: z.ZodString,
  what: string,
  calls: { put: (i: { keyId: string; userId: string } & Record<K, string>) => Promise<Parameters<typeof answerOf>[0]>; del: (i: { keyId: string; userId: string } & Record<K, string>) => Promise<Parameters<typeof answerOf>[0]> },
) {
  const params = userParams.extend({ [name]: field } as Record<K, z.ZodString>);
  const input = (p: Record<string, string>) => ({ keyId: p.keyId, userId: p.userId, [name]: p[name] }) as { keyId: string; userId: string } & Record<K, string>;
  const base = { ...common, path: `/authkeys/{keyId}/users/{userId}/${segment}/{${name}}`, params, problems: [...graphProblems] };
  return [
    defineRoute({ ...base, method: 'PUT', operationId: segment === 'groups' ? 'addUserToGroup' : 'assignLicense', summary: segment === 'groups' ? 'Add the user to a group' : 'Assign a license', success: { status: 200, description: `The ${what} was added.`, schema: changedSchema }, run: async ({ params: p }) => answerOf(await calls.put(input(p as Record<string, string>)), changed) }),
    defineRoute({ ...base, method: 'DELETE', operationId: segment === 'groups' ? 'removeUserFromGroup' : 'removeLicense', summary: segment === 'groups' ? 'Remove the user from a group' : 'Remove a license', success: { status: 200, description: `The ${what} was removed.`, schema: changedSchema }, run: async ({ params: p }) => answerOf(await calls.del(input(p as Record<string, string>)), changed) }),
  ];
}
