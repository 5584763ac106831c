import { z } from 'zod';
import { API_SCOPE_IDS, API_TOKEN_DAYS, API_TOKEN_RATE, PER_KEY_SCOPES, type Grant } from '@/lib/api/scopes';

/** The token form: scope checkboxes, and per-key scopes with the authKeys they cover. */
export const apiTokenSchema = z
  .object({
    name: z.string().trim().min(1, 'Give the token a name, such as the pipeline that will use it.').max(80, 'At most 80 characters.'),
    days: z.coerce.number({ message: 'Enter a number of days.' }).int('Use whole days.').min(1, 'At least 1 day.').max(API_TOKEN_DAYS.max, `At most ${API_TOKEN_DAYS.max} days (a year).`),
    requestsPerMinute: z.coerce.number({ message: 'Enter a number.' }).int('Use a whole number.').min(1, 'At least 1 request a minute.').max(API_TOKEN_RATE.max, `At most ${API_TOKEN_RATE.max} a minute.`),
    scopes: z.array(z.enum(API_SCOPE_IDS)).min(1, 'Choose at least one scope.'),
    tokenKeyIds: z.array(z.string().uuid()).default([]),
    provisioningKeyIds: z.array(z.string().uuid()).default([]),
  })
  .superRefine((v, ctx) => {
    if (v.scopes.includes('tokens:issue') && !v.tokenKeyIds.length) ctx.addIssue({ code: 'custom', path: ['tokenKeyIds'], message: 'Choose the authKeys this token may get Graph tokens for.' });
    if (v.scopes.includes('provisioning:write') && !v.provisioningKeyIds.length) ctx.addIssue({ code: 'custom', path: ['provisioningKeyIds'], message: 'Choose the authKeys this token may provision through.' });
  })
  .transform((v) => ({
    name: v.name,
    days: v.days,
    requestsPerMinute: v.requestsPerMinute,
    grants: v.scopes.map((scope): Grant => (PER_KEY_SCOPES.includes(scope) ? { scope, keyIds: scope === 'tokens:issue' ? v.tokenKeyIds : v.provisioningKeyIds } : { scope })),
  }));

export type ApiTokenInput = z.output<typeof apiTokenSchema>;
