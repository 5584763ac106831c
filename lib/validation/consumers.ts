import { z } from 'zod';

const keyId = z.string().uuid('This authKey does not exist.');

export const addConsumerSchema = z
  .object({
    keyId,
    kind: z.enum(['pliant', 'copy', 'broker'], { message: 'Choose who uses this key’s credential.' }),
    name: z.string().trim().max(100, 'Keep the name under 100 characters.'),
  })
  .superRefine((v, ctx) => {
    if (v.kind !== 'broker' && !v.name) ctx.addIssue({ code: 'custom', path: ['consumerName'], message: v.kind === 'pliant' ? 'Enter the authKey’s name in Pliant.' : 'Say what holds the copy (a script, a pipeline).' });
  })
  .transform((v) => ({ ...v, name: v.name || 'Token broker consumers' }));

export const consumerIdSchema = z.object({ keyId, consumerId: z.string().uuid('This consumer is no longer listed.') });

export const revealSchema = z.object({ keyId, password: z.string().min(1, 'Enter your own password: the new secret is shown only after it.').max(256) });
