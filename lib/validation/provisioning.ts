import { z } from 'zod';

// Shared by the provisioning forms (client) and their server actions: no server-only here.

/** ISO 3166-1 alpha-2 codes: what Graph accepts as a usageLocation. */
export const COUNTRY_CODES = 'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'.split(' ');
export const USAGE_LOCATION_PATTERN = /^[A-Z]{2}$/;

/** Country names for the usage-location picker, in the given language. */
export function countryOptions(locale = 'en'): { value: string; label: string }[] {
  const names = new Intl.DisplayNames([locale], { type: 'region' });
  return COUNTRY_CODES.map((code) => ({ value: code, label: names.of(code) ?? code })).sort((a, b) => a.label.localeCompare(b.label));
}

/** Entra's default password rule: 8 to 256 characters from three of the four character classes. */
export function passwordProblem(password: string): string | null {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (password.length < 8) return 'use at least 8 characters.';
  if (password.length > 256) return 'use at most 256 characters.';
  if (classes < 3) return 'mix three of upper case, lower case, digits and symbols.';
  return null;
}

const ALPHABETS = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!#%+-=?@'];

/** A 16-character password with every character class, from the platform's CSPRNG. */
export function generatePassword(length = 16): string {
  const all = ALPHABETS.join('');
  const random = new Uint32Array(length + ALPHABETS.length);
  globalThis.crypto.getRandomValues(random);
  const chars = ALPHABETS.map((set, i) => set[random[i] % set.length]);
  for (let i = ALPHABETS.length; i < length; i++) chars.push(all[random[i] % all.length]);
  // Shuffle so the guaranteed classes are not always first (Fisher-Yates on the spare randoms).
  for (let i = chars.length - 1; i > 0; i--) {
    const j = random[length + (i % ALPHABETS.length)] % (i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

/** Entra derives the mail nickname from the UPN's local part; these characters are not allowed in it. */
export function mailNicknameFrom(upn: string): string {
  const local = upn.split('@')[0] ?? '';
  return local.replace(/[@()\\[\]";:<>,\s]/g, '').slice(0, 64) || 'user';
}

const trimmed = (max: number, label: string) => z.string().trim().max(max, `${label}: at most ${max} characters.`);
const optionalText = (max: number, label: string) => trimmed(max, label).optional().transform((v) => v || undefined);
const usageLocation = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined)
  .refine((v) => v === undefined || COUNTRY_CODES.includes(v), 'Pick a country from the list.');

export const keyIdSchema = z.string().uuid('Pick an authKey.');
const userId = z.string().trim().min(1, 'No user was given.').max(200);
const groupId = z.string().trim().min(1, 'Pick a group.').max(200);
const skuId = z.string().trim().regex(/^[0-9a-fA-F-]{36}$/, 'Pick a license.');

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
  userName: z
    .string()
    .trim()
    .min(1, 'User name is required.')
    .max(64, 'User name: at most 64 characters.')
    .regex(/^[A-Za-z0-9._%+'-]+$/, 'Use letters, digits and . _ % + \' - only, without @.'),
  domain: z.string().trim().min(1, 'Pick a domain.').max(255),
  mailNickname: optionalText(64, 'Mail nickname'),
  passwordMode: z.enum(['generate', 'type']),
  password: z.string().max(256).optional(),
  accountEnabled: z.boolean(),
  forceChangePassword: z.boolean(),
  groupIds: z.array(groupId).max(20, 'At most 20 groups at once.'),
  skuId: z.union([skuId, z.literal('')]).optional(),
}).superRefine((v, ctx) => {
  if (v.passwordMode === 'type') {
    const problem = passwordProblem(v.password ?? '');
    if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: `Password: ${problem}` });
  }
  if (v.skuId && !v.usageLocation) ctx.addIssue({ code: 'custom', path: ['usageLocation'], message: 'A license needs a usage location.' });
});
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = profileSchema.extend({ keyId: keyIdSchema, userId });
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const userRefSchema = z.object({ keyId: keyIdSchema, userId });
export const setEnabledSchema = userRefSchema.extend({ enabled: z.enum(['true', 'false']).transform((v) => v === 'true') });
export const resetPasswordSchema = userRefSchema.extend({ forceChangePassword: z.boolean() });
export const deleteUserSchema = userRefSchema.extend({ confirm: z.string().trim().min(1, 'Type the user principal name to confirm.') });
export const membershipSchema = userRefSchema.extend({ groupId });
export const licenseSchema = userRefSchema.extend({ skuId });

export const bulkUploadSchema = z.object({ keyId: keyIdSchema });
export const jobRefSchema = z.object({ jobId: z.string().uuid('No such job.') });
