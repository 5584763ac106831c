import 'server-only';
import { daysLeft } from '@/lib/expiry/days-left';

/** What an alert says, before each channel puts it in its own format. */
export type AlertMessage = {
  kind: 'expiry' | 'check' | 'test' | 'digest';
  severity: 'info' | 'warning' | 'critical';
  title: string;
  lines: string[];
  /** Where to act: the rotation page or the key, absolute when PORTAL_URL is set. */
  link: string | null;
  /** Machine-readable detail for the generic webhook. */
  data: Record<string, unknown>;
};

export type ExpiryFacts = { keyId: string; keyName: string; tenantId: string; credentialId: string; type?: 'secret' | 'certificate'; hint: string | null; expiresAt: string; threshold: string };
export type CheckFacts = { keyId: string; keyName: string; tenantId: string; at: string | null; message: string | null };

export function portalUrl(path: string): string {
  const base = (process.env.PORTAL_URL || process.env.AUTH_URL || '').replace(/\/+$/, '');
  return base ? `${base}${path}` : path;
}

const day = (iso: string) => iso.slice(0, 10);

export function expiryMessage(f: ExpiryFacts, now: Date): AlertMessage {
  const left = daysLeft(f.expiresAt, now);
  const expired = f.threshold === 'expired' || left <= 0;
  const certificate = f.type === 'certificate';
  const what = certificate ? 'Certificate' : 'Client secret';
  const title = expired ? `${what} of authKey “${f.keyName}” has expired` : `${what} of authKey “${f.keyName}” expires in ${left} day${left === 1 ? '' : 's'}`;
  const ends = `${expired ? 'expired' : 'expires'} ${day(f.expiresAt)}`;
  const renew = certificate ? 'Create a new certificate and upload it to the app' : 'Rotate the secret';
  return {
    kind: 'expiry',
    severity: expired || left <= 7 ? 'critical' : 'warning',
    title,
    lines: [
      `authKey: ${f.keyName}`,
      `Tenant: ${f.tenantId}`,
      certificate ? `Certificate: thumbprint ${f.hint ?? '?'}, ${ends}` : `Secret: starts with ${f.hint ?? '?'}…, ${ends}`,
      expired ? `Every workflow that uses this authKey is failing to sign in. ${renew} now.` : `Threshold reached: ${f.threshold} days. ${renew} before it expires.`,
    ],
    link: portalUrl(certificate ? `/keys/${f.keyId}` : `/keys/${f.keyId}/rotate`),
    data: {
      event: `${certificate ? 'certificate' : 'secret'}.${expired ? 'expired' : 'expiring'}`,
      threshold: f.threshold,
      daysLeft: left,
      authKey: { id: f.keyId, name: f.keyName, tenantId: f.tenantId },
      credential: { id: f.credentialId, type: certificate ? 'certificate' : 'secret', hint: f.hint, expiresAt: f.expiresAt },
    },
  };
}

export type RotationFacts = {
  keyId: string;
  keyName: string;
  tenantId: string;
  kind: 'secret' | 'certificate';
  event: 'rotated' | 'failed' | 'waiting';
  /** Waiting: the copy holders still on the previous secret. */
  waiting?: string[];
  /** The new credential's end (rotated) or the current one's (failed). */
  expiresAt: string | null;
  removeAfter: string | null;
  reason: string | null;
};

export function rotationMessage(f: RotationFacts, now: Date): AlertMessage {
  const what = f.kind === 'certificate' ? 'certificate' : 'client secret';
  const base = { authKey: { id: f.keyId, name: f.keyName, tenantId: f.tenantId }, kind: f.kind };
  if (f.event === 'rotated') {
    return {
      kind: 'expiry',
      severity: 'info',
      title: `authKey “${f.keyName}” rotated its ${what}`,
      lines: [
        `authKey: ${f.keyName}`,
        `Tenant: ${f.tenantId}`,
        `The new ${what} signed in and is active${f.expiresAt ? `; it expires ${day(f.expiresAt)}` : ''}.`,
        f.removeAfter ? `The previous one stays valid in Azure until ${day(f.removeAfter)}, then it is removed.` : 'The previous one is removed after the overlap.',
      ],
      link: portalUrl(`/keys/${f.keyId}`),
      data: { event: 'rotation.rotated', ...base, expiresAt: f.expiresAt, removeAfter: f.removeAfter },
    };
  }
  const left = f.expiresAt ? daysLeft(f.expiresAt, now) : null;
  if (f.event === 'waiting') {
    const who = (f.waiting ?? []).join(', ') || 'A copy holder';
    const soon = left !== null && left <= 7;
    return {
      kind: 'expiry',
      severity: soon ? 'critical' : 'warning',
      title: `authKey “${f.keyName}”: ${who} still ${f.waiting && f.waiting.length > 1 ? 'use' : 'uses'} the previous secret, which expires on ${f.expiresAt ? day(f.expiresAt) : 'an unknown date'}`,
      lines: [
        `authKey: ${f.keyName}`,
        `Tenant: ${f.tenantId}`,
        'The rotation is done in Azure, but the previous secret is kept until every copy holder has the new one.',
        soon
          ? `The previous secret expires in ${left} day${left === 1 ? '' : 's'}: after that, whatever still uses it stops working. Hand over the new secret now.`
          : 'Open the key, reveal the new secret (your password is asked again), give it to them, and confirm.',
      ],
      link: portalUrl(`/keys/${f.keyId}#hand-off`),
      data: { event: 'rotation.waiting', ...base, waiting: f.waiting ?? [], previousExpiresAt: f.expiresAt, daysLeft: left },
    };
  }
  return {
    kind: 'expiry',
    severity: left !== null && left <= 7 ? 'critical' : 'warning',
    title: `Rotation of authKey “${f.keyName}” failed: the old ${what} is still active${left !== null ? `, ${left} day${left === 1 ? '' : 's'} left` : ''}`,
    lines: [`authKey: ${f.keyName}`, `Tenant: ${f.tenantId}`, f.reason ?? 'The rotation stopped.', 'It is tried again in a day; fix the cause, or rotate by hand before the old one expires.'],
    link: portalUrl(`/keys/${f.keyId}`),
    data: { event: 'rotation.failed', ...base, daysLeft: left, expiresAt: f.expiresAt, reason: f.reason },
  };
}

export function checkMessage(f: CheckFacts): AlertMessage {
  return {
    kind: 'check',
    severity: 'critical',
    title: `Health check failed for authKey “${f.keyName}”`,
    lines: [`authKey: ${f.keyName}`, `Tenant: ${f.tenantId}`, `Checked: ${f.at ?? 'unknown'}`, f.message ?? 'The key could not sign in.'],
    link: portalUrl(`/keys/${f.keyId}`),
    data: { event: 'check.failed', authKey: { id: f.keyId, name: f.keyName, tenantId: f.tenantId }, checkedAt: f.at, message: f.message },
  };
}

export function testMessage(channelName: string): AlertMessage {
  return {
    kind: 'test',
    severity: 'info',
    title: 'authKey Portal: test alert',
    lines: [`This is a test from the channel “${channelName}”. Expiry and health-check alerts will arrive here.`],
    link: portalUrl('/notifications'),
    data: { event: 'test' },
  };
}

// Teams takes 28 KB a message: a digest lists at most this many alerts and counts the rest.
const DIGEST_LINES = 40;

export function digestMessage(parts: AlertMessage[]): AlertMessage {
  const more = parts.length - DIGEST_LINES;
  return {
    kind: 'digest',
    severity: parts.some((p) => p.severity === 'critical') ? 'critical' : 'warning',
    title: `authKey Portal daily digest: ${parts.length} alert${parts.length === 1 ? '' : 's'}`,
    lines: [...parts.slice(0, DIGEST_LINES).map((p) => `• ${p.title}`), ...(more > 0 ? [`…and ${more} more: see the dashboard.`] : [])],
    link: portalUrl('/'),
    data: { event: 'digest', alerts: parts.map((p) => p.data) },
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function emailBody(m: AlertMessage): { subject: string; text: string; html: string } {
  const text = [...m.lines, ...(m.link ? ['', m.link] : [])].join('\n');
  const html = `<h2>${escapeHtml(m.title)}</h2>${m.lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}${m.link ? `<p><a href="${escapeHtml(m.link)}">${escapeHtml(m.link)}</a></p>` : ''}`;
  return { subject: `[authKey Portal] ${m.title}`, text, html };
}

/** FACTS.md: a Teams Workflows post carries an Adaptive Card as a message attachment. */
export function teamsPayload(m: AlertMessage) {
  const body: Record<string, unknown>[] = [
    { type: 'TextBlock', text: m.title, wrap: true, weight: 'Bolder', size: 'Medium', color: m.severity === 'critical' ? 'Attention' : m.severity === 'warning' ? 'Warning' : 'Default' },
    ...m.lines.map((text) => ({ type: 'TextBlock', text, wrap: true })),
  ];
  const content: Record<string, unknown> = { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', body };
  if (m.link?.startsWith('http')) content.actions = [{ type: 'Action.OpenUrl', title: 'Open in authKey Portal', url: m.link }];
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content }] };
}

/** FACTS.md: Slack blocks, with `text` as the notification fallback. */
export function slackPayload(m: AlertMessage) {
  const mrkdwn = (s: string) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
  const link = m.link?.startsWith('http') ? `\n<${m.link}|Open in authKey Portal>` : '';
  return { text: m.title, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*${mrkdwn(m.title)}*\n${m.lines.map(mrkdwn).join('\n')}${link}` } }] };
}

export function webhookPayload(m: AlertMessage, sentAt: Date) {
  return { source: 'authkey-portal', kind: m.kind, severity: m.severity, title: m.title, lines: m.lines, link: m.link, sentAt: sentAt.toISOString(), ...m.data };
}
