import { z } from 'zod';

const keyId = z.string().uuid('This authKey does not exist.');

/** "yes" once the administrator has seen that the new secret expires before the current one. */
const confirmShorter = z.preprocess((v) => (v === 'yes' ? 'yes' : ''), z.enum(['yes', '']));

export const rotateSecretSchema = z.object({
  keyId,
  confirmShorter,
  clientSecret: z.string().trim().min(1, 'Paste the new secret’s Value.').max(1024),
  expiresAt: z.preprocess((v) => (v === '' || v === null ? null : v), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2027-01-31.').nullable()),
});

// The Azure portal's own choices; Microsoft caps secrets at 24 months and recommends under 12.
export const ADD_PASSWORD_DAYS = [90, 180, 365, 545, 730] as const;

export const addPasswordSchema = z.object({
  keyId,
  confirmShorter,
  displayName: z.string().trim().min(1, 'Name the secret, e.g. “authKey Portal 2026-11”.').max(100),
  days: z.coerce.number().refine((d) => (ADD_PASSWORD_DAYS as readonly number[]).includes(d), 'Choose one of the offered lifetimes.'),
});

export const keyOnlySchema = z.object({ keyId });

/** Automatic rotation on a key's page: when, how long the new credential lives, how long both overlap. */
export const autoRotationSchema = z
  .object({
    keyId,
    enabled: z.preprocess((v) => v === 'on' || v === 'yes' || v === true, z.boolean()),
    daysBefore: z.coerce.number({ message: 'Enter a number of days.' }).int('Whole days only.').min(1, 'At least 1 day before expiry.').max(180, 'At most 180 days before expiry.'),
    lifetimeDays: z.coerce.number({ message: 'Enter a number of days.' }).int('Whole days only.').min(7, 'At least 7 days.').max(730, 'At most 730 days (24 months), the longest Microsoft allows for a secret.'),
    overlapDays: z.coerce.number({ message: 'Enter a number of days.' }).int('Whole days only.').min(0, 'Zero or more days.').max(90, 'At most 90 days.'),
  })
  .superRefine((v, ctx) => {
    // The old credential must still be valid while the overlap runs, or consumers lose it early.
    if (v.overlapDays >= v.daysBefore) ctx.addIssue({ code: 'custom', path: ['overlapDays'], message: `Keep the overlap shorter than the ${v.daysBefore} days before expiry: the previous credential expires when those run out.` });
    if (v.daysBefore >= v.lifetimeDays) ctx.addIssue({ code: 'custom', path: ['daysBefore'], message: `Rotate fewer days before expiry than the new credential lives (${v.lifetimeDays} days), or it would rotate again at once.` });
  });
