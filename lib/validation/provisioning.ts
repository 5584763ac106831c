import { z } from 'zod';
import { COUNTRY_CODES, passwordProblem } from './provisioning-rules';

// The provisioning actions' schemas (server). The plain rules the browser needs too live in
// provisioning-rules.ts, so that forms do not carry zod.

export { COUNTRY_CODES, countryOptions, generatePassword, mailNicknameFrom, passwordProblem, USAGE_LOCATION_PATTERN } from './provisioning-rules';

const trimmed = (max: number, label: string) => z.string().trim().max(max, `${label}: at most ${max} characters.`);
const optionalText = (max: number, label: string) => trimmed(max, label).optional().transform((v) => v || undefined);
const usageLocation = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined)
  .refine((v) => v === undefined || COUNTRY_CODES.includes(v), 'Pick a country from the list.');

export const keyIdSchema = z.string().uuid('Pick an authKey.');
export const userIdField = z.string().trim().min(1, 'No user was given.').max(200);
export const groupIdField = z.string().trim().min(1, 'Pick a group.').max(200);
export const skuIdField = z.string().trim().regex(/^[0-9a-fA-F-]{36}$/, 'Pick a license.');

export const userNameField = z
  .string()
  .trim()
  .min(1, 'User name is required.')
  .max(64, 'User name: at most 64 characters.')
  .regex(/^[A-Za-z0-9._%+'-]+$/, 'Use letters, digits and . _ % + \' - only, without @.');
export const domainField = z.string().trim().min(1, 'Pick a domain.').max(255);

export const profileSchema = z.object({
  displayName: trimmed(256, 'Display name').min(1, 'Display name is required.'),
  givenName: optionalText(64, 'First name'),
  surname: optionalText(64, 'Last name'),
  jobTitle: optionalText(128, 'Job title'),
  department: optionalText(64, 'Department'),
  usageLocation,
});

export const createUserSchema = profileSchema.extend({
  keyId: keyIdSchema,
  userName: userNameField,
  domain: domainField,
  mailNickname: optionalText(64, 'Mail nickname'),
  passwordMode: z.enum(['generate', 'type']),
  password: z.string().max(256).optional(),
  accountEnabled: z.boolean(),
  forceChangePassword: z.boolean(),
  groupIds: z.array(groupIdField).max(20, 'At most 20 groups at once.'),
  skuId: z.union([skuIdField, z.literal('')]).optional(),
}).superRefine((v, ctx) => {
  if (v.passwordMode === 'type') {
    const problem = passwordProblem(v.password ?? '');
    if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: `Password: ${problem}` });
  }
  if (v.skuId && !v.usageLocation) ctx.addIssue({ code: 'custom', path: ['usageLocation'], message: 'A license needs a usage location.' });
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = profileSchema.extend({ keyId: keyIdSchema, userId: userIdField });
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const userRefSchema = z.object({ keyId: keyIdSchema, userId: userIdField });
export const setEnabledSchema = userRefSchema.extend({ enabled: z.enum(['true', 'false']).transform((v) => v === 'true') });
export const resetPasswordSchema = userRefSchema.extend({ forceChangePassword: z.boolean() });
export const deleteUserSchema = userRefSchema.extend({ confirm: z.string().trim().min(1, 'Type the user principal name to confirm.') });
export const membershipSchema = userRefSchema.extend({ groupId: groupIdField });
export const licenseSchema = userRefSchema.extend({ skuId: skuIdField });

export const bulkUploadSchema = z.object({ keyId: keyIdSchema });
export const jobRefSchema = z.object({ jobId: z.string().uuid('No such job.') });
