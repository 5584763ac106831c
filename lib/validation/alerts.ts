import { z } from 'zod';
import { CHANNEL_KINDS } from '@/contracts/enums';

const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean());
const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

// Webhook URLs must be https; plain http only to this machine (a local relay or a test receiver).
// The URL carries a signature and is stored as a secret, so the 1 KB secret-field limit applies.
export const webhookUrl = z
  .string()
  .trim()
  .max(1024, 'Use a URL of at most 1024 characters.')
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'https:' || (u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname));
    } catch {
      return false;
    }
  }, 'Paste the full https:// URL the service gave you.');

const email = z.string().trim().toLowerCase().email('Enter e-mail addresses like ops@example.com.');
// Lists are typed with commas, semicolons, spaces or line breaks between addresses.
const splitList = (s: string) => s.split(/[\s,;]+/).filter(Boolean);

/** A key's extra alert recipients (its app's owner), on top of each e-mail channel's own. */
export const keyRecipientsSchema = z.object({
  keyId: z.string().uuid(),
  recipients: z.string().max(2000).transform(splitList).pipe(z.array(email).max(20, 'Use at most 20 addresses.')),
});

export const channelSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('email'),
    channelId: z.preprocess(blankToUndefined, z.string().uuid().optional()),
    name: z.string().trim().min(1, 'Give the channel a name.').max(100),
    enabled: checkbox,
    digest: checkbox,
    host: z.string().trim().min(1, 'Enter the SMTP host.').max(255),
    port: z.coerce.number().int().min(1).max(65535),
    tls: z.enum(['tls', 'starttls', 'none']),
    username: z.string().trim().max(255).default(''),
    password: z.preprocess(blankToUndefined, z.string().max(1000).optional()),
    from: email,
    recipients: z
      .string()
      .transform(splitList)
      .pipe(z.array(email).min(1, 'Enter at least one recipient.').max(50)),
  }),
  ...(['teams', 'slack', 'webhook'] as const).map((kind) =>
    z.object({
      kind: z.literal(kind),
      channelId: z.preprocess(blankToUndefined, z.string().uuid().optional()),
      name: z.string().trim().min(1, 'Give the channel a name.').max(100),
      enabled: checkbox,
      digest: checkbox,
      url: z.preprocess(blankToUndefined, webhookUrl.optional()),
    }),
  ),
]);
export type ChannelInput = z.infer<typeof channelSchema>;

export const channelIdSchema = z.object({ channelId: z.string().uuid() });
export const CHANNEL_KIND_LABELS: Record<(typeof CHANNEL_KINDS)[number], string> = { email: 'Email (SMTP)', teams: 'Microsoft Teams (Workflows)', slack: 'Slack incoming webhook', webhook: 'Generic JSON webhook' };

export const deliveryFilterSchema = z.object({
  state: z.preprocess(blankToUndefined, z.enum(['pending', 'sent', 'failed']).optional()),
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100_000).optional()),
});
