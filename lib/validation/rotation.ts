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
