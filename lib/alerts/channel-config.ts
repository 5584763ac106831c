import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { alertChannels } from '@/db/schema';
import { openValue, sealValue } from '@/lib/crypto/keyring';

export type ChannelKind = 'email' | 'teams' | 'slack' | 'webhook';
export type EmailConfig = { host: string; port: number; tls: 'tls' | 'starttls' | 'none'; username: string; from: string; recipients: string[]; digest: boolean };
export type WebhookConfig = { digest: boolean; host: string };
export type ChannelConfig = EmailConfig | WebhookConfig;

/** A channel ready to send: the secret (SMTP password or webhook URL) opened for this send only. */
export type OpenChannel = { id: string; kind: ChannelKind; name: string; config: ChannelConfig; secret: string | null; enabled: boolean };

/** Webhook URLs carry signatures and SMTP passwords are passwords: both are sealed to their row. */
export const channelBinding = (id: string) => ({ table: 'alert_channels', row: id, column: 'secret' });

export function sealChannelSecret(id: string, secret: string): Promise<string> {
  return sealValue(secret, channelBinding(id));
}

export async function openChannel(db: Pick<Db, 'select'>, id: string): Promise<OpenChannel | null> {
  const [row] = await db.select().from(alertChannels).where(eq(alertChannels.id, id)).limit(1);
  if (!row) return null;
  return { id: row.id, kind: row.kind, name: row.name, config: row.config as ChannelConfig, secret: row.secret ? await openValue(row.secret, channelBinding(row.id)) : null, enabled: row.enabled };
}

export const isEmail = (c: OpenChannel): c is OpenChannel & { config: EmailConfig } => c.kind === 'email';
