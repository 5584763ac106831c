import 'server-only';
import nodemailer from 'nodemailer';
import { trustedFetch } from '@/lib/net/https-fetch';
import { isEmail, type OpenChannel } from './channel-config';
import { emailBody, slackPayload, teamsPayload, webhookPayload, type AlertMessage } from './messages';

export const SEND_TIMEOUT_MS = 10_000;

/** A send that did not go through, in words an administrator can act on (never the URL or password). */
export class SendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SendError';
  }
}

async function sendEmail(channel: OpenChannel, m: AlertMessage, extraRecipients: string[]): Promise<void> {
  if (!isEmail(channel)) return;
  const c = channel.config;
  const transport = nodemailer.createTransport({
    host: c.host,
    port: c.port,
    secure: c.tls === 'tls',
    requireTLS: c.tls === 'starttls',
    ignoreTLS: c.tls === 'none',
    auth: c.username ? { user: c.username, pass: channel.secret ?? '' } : undefined,
    connectionTimeout: SEND_TIMEOUT_MS,
    greetingTimeout: SEND_TIMEOUT_MS,
    socketTimeout: SEND_TIMEOUT_MS,
  });
  const to = [...new Set([...c.recipients, ...extraRecipients])];
  try {
    await transport.sendMail({ from: c.from, to, ...emailBody(m) });
  } catch (error) {
    const e = error as { code?: string; responseCode?: number; message?: string };
    throw new SendError(`SMTP ${e.responseCode ?? e.code ?? 'error'}: ${(e.message ?? '').slice(0, 200)}`);
  } finally {
    transport.close();
  }
}

// Slack answers 200 "ok" and nothing else counts; Teams Workflows answers 202; any 2xx is fine elsewhere.
async function post(channel: OpenChannel, body: unknown): Promise<void> {
  if (!channel.secret) throw new SendError('No webhook URL is stored for this channel.');
  let response: Response;
  try {
    response = await trustedFetch(channel.secret, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), timeoutMs: SEND_TIMEOUT_MS });
  } catch (error) {
    throw new SendError(error instanceof Error ? error.message : 'The webhook could not be reached.');
  }
  const ok = channel.kind === 'slack' ? response.status === 200 : response.status >= 200 && response.status < 300;
  if (!ok) {
    const text = (await response.text().catch(() => '')).slice(0, 120);
    throw new SendError(`HTTP ${response.status}${text ? `: ${text}` : ''}`);
  }
}

/** Sends one message on one channel; throws SendError when it did not go through. */
export async function sendAlert(channel: OpenChannel, m: AlertMessage, options: { extraRecipients?: string[]; now?: Date } = {}): Promise<void> {
  switch (channel.kind) {
    case 'email':
      return sendEmail(channel, m, options.extraRecipients ?? []);
    case 'teams':
      return post(channel, teamsPayload(m));
    case 'slack':
      return post(channel, slackPayload(m));
    case 'webhook':
      return post(channel, webhookPayload(m, options.now ?? new Date()));
  }
}
