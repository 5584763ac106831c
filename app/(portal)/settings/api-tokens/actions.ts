'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { field, roleAction } from '@/lib/auth/role-action';
import { createApiToken, revokeApiToken } from '@/lib/dal/api-tokens';
import { invalid, type ActionState } from '@/lib/validation/action-state';
import { apiTokenSchema } from '@/lib/validation/api-tokens';

export type CreateTokenState = ActionState & { token?: string; name?: string };

export const createApiTokenAction = roleAction<CreateTokenState>(['admin'], 'api_tokens.create', async (form) => {
  const values = { name: field(form, 'name'), days: field(form, 'days'), requestsPerMinute: field(form, 'requestsPerMinute') };
  const parsed = apiTokenSchema.safeParse({
    ...values,
    scopes: form.getAll('scopes'),
    tokenKeyIds: form.getAll('tokenKeyIds'),
    provisioningKeyIds: form.getAll('provisioningKeyIds'),
  });
  if (!parsed.success) return { ...invalid(parsed.error), values };
  const result = await createApiToken(parsed.data);
  revalidatePath('/settings/api-tokens');
  if (result.status !== 'success' || !('token' in result)) return { ...result, values };
  return { status: 'success', message: `The token “${result.name}” was created.`, token: result.token, name: result.name };
});

export const revokeApiTokenAction = roleAction<ActionState>(['admin'], 'api_tokens.revoke', async (form) => {
  const parsed = z.object({ tokenId: z.string().uuid('No such token.') }).safeParse({ tokenId: form.get('tokenId') });
  if (!parsed.success) return invalid(parsed.error);
  const result = await revokeApiToken(parsed.data.tokenId);
  revalidatePath('/settings/api-tokens');
  return result;
});
