import { z } from 'zod';

export const passwordSchema = z
  .string()
  .min(12, 'Use at least 12 characters.')
  .max(128, 'Use at most 128 characters.');

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email('Enter a valid e-mail address.')).pipe(z.string().max(320));

export const firstAdminSchema = z
  .object({
    name: z.string().trim().min(1, 'Enter your name.').max(120, 'Use at most 120 characters.'),
    email: emailSchema,
    password: passwordSchema,
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The passwords do not match.' });

export const signInSchema = z.object({
  email: z.string().trim().min(1, 'Enter your e-mail address.').max(320),
  password: z.string().min(1, 'Enter your password.').max(1024),
});

const roleSchema = z.enum(['admin', 'operator', 'auditor'], 'Choose a role.');
const accountIdSchema = z.uuid('Unknown account.');

export const createAccountSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name.').max(120, 'Use at most 120 characters.'),
  email: emailSchema,
  role: roleSchema,
  password: passwordSchema,
});

export const changeRoleSchema = z.object({ accountId: accountIdSchema, role: roleSchema });

export const resetPasswordSchema = z.object({ accountId: accountIdSchema, password: passwordSchema });

export const setDisabledSchema = z.object({
  accountId: accountIdSchema,
  disabled: z.enum(['true', 'false']).transform((v) => v === 'true'),
});

export const changeOwnPasswordSchema = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password.').max(1024),
    newPassword: passwordSchema,
    confirm: z.string().max(1024),
  })
  .refine((v) => v.newPassword === v.confirm, { path: ['confirm'], message: 'The passwords do not match.' })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ['newPassword'], message: 'Choose a password you have not been using.' });
