import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Actor } from '@/lib/auth/session';
import type { TempDb } from '@/test/temp-db';

// The data access layer asks the session who is calling; this test is an administrator.
const admin: Actor = { id: 'admin-1', email: 'admin@example.test', name: 'Admin', role: 'admin', mustChangePassword: false };
vi.mock('@/lib/auth/session', () => ({ ForbiddenError: class extends Error {}, requireRole: async () => admin }));

const { useTempDb } = await import('@/test/temp-db');
const { setMasterKey } = await import('@/lib/crypto/keyring');
const { toMasterKey } = await import('@/lib/crypto/envelope');
const { storeCredential } = await import('@/lib/dal/credentials');
const { saveChannel } = await import('@/lib/dal/alerts');
const { authKeys, alertDeliveries, auditEvents } = await import('@/db/schema');
const { queueAlerts } = await import('./rules');
const { deliverDue } = await import('./dispatch');

/** The Subject header, unfolded and with its RFC 2047 encoded words (UTF-8 quotes) decoded. */
function decodeSubject(raw: string): string {
  const header = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(raw)?.[1] ?? '';
  return header
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/\r?\n[ \t]/g, ' ')
    .replace(/=\?utf-8\?([qb])\?(.*?)\?=/gi, (_, enc: string, text: string) =>
      enc.toLowerCase() === 'b' ? Buffer.from(text, 'base64').toString('utf8') : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_m: string, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
    );
}

type Mail = { to: string[]; subject: string; body: string };
const mails: Mail[] = [];
const posts: { path: string; body: Record<string, unknown> }[] = [];
let failuresLeft = 2;

const smtp = new SMTPServer({
  secure: false,
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  onData(stream, session, done) {
    let raw = '';
    stream.on('data', (c: Buffer) => (raw += c.toString()));
    stream.on('end', () => {
      mails.push({ to: session.envelope.rcptTo.map((r) => r.address), subject: decodeSubject(raw), body: raw });
      done();
    });
  },
});

// One receiver for Teams, Slack and the generic webhook; /flaky fails twice, then works.
const receiver = http.createServer((req, res) => {
  let raw = '';
  req.on('data', (c: Buffer) => (raw += c.toString()));
  req.on('end', () => {
    if (req.url === '/flaky' && failuresLeft-- > 0) return res.writeHead(500).end('boom');
    posts.push({ path: req.url ?? '', body: JSON.parse(raw) });
    res.writeHead(req.url === '/teams' ? 202 : 200).end('ok');
  });
});

let temp: TempDb;
const T0 = Date.parse('2030-01-01T12:00:00.000Z');
const DAY = 86_400_000;
let now = new Date(T0);
const clock = () => now;

async function addKey(name: string, extraRecipients = '') {
  const id = `key-${name}`;
  await temp.db.insert(authKeys).values({ id, name, cloud: 'sandbox', tenantId: 'tenant-1', clientId: `client-${name}`, extraRecipients });
  // 31.5 days left at T0: the daily steps below cross 30, 14, 7, 1 and expiry once each.
  await storeCredential(temp.db, id, 'secret', `${name}-secret-value`, new Date(T0 + 31.5 * DAY).toISOString());
  return id;
}

beforeAll(async () => {
  temp = await useTempDb();
  setMasterKey(toMasterKey(randomBytes(32)));
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  await addKey('alpha', 'app-owner@example.com');
  await addKey('beta');
  const common = { enabled: true, digest: false } as const;
  await saveChannel({ kind: 'email', name: 'Ops mail', ...common, host: '127.0.0.1', port: smtpPort, tls: 'none', username: '', from: 'portal@example.com', recipients: ['ops@example.com'], password: undefined, channelId: undefined });
  await saveChannel({ kind: 'teams', name: 'Teams', ...common, url: `${base}/teams`, channelId: undefined });
  await saveChannel({ kind: 'slack', name: 'Slack', ...common, url: `${base}/slack`, channelId: undefined });
  await saveChannel({ kind: 'webhook', name: 'Hook', ...common, url: `${base}/hook`, channelId: undefined });
  await saveChannel({ kind: 'webhook', name: 'Flaky', ...common, url: `${base}/flaky`, channelId: undefined });
  await saveChannel({ kind: 'webhook', name: 'Digest', enabled: true, digest: true, url: `${base}/digest`, channelId: undefined });
});

afterAll(async () => {
  await new Promise<void>((r) => smtp.close(() => r()));
  await new Promise((r) => receiver.close(r));
  setMasterKey(undefined);
  await temp?.close();
});

describe('expiry alerts across 30/14/7/1 days and expiry', () => {
  it('sends exactly one alert per threshold per credential to each channel, retries a failing one, and logs every attempt', async () => {
    for (let day = 0; day <= 34; day++) {
      now = new Date(T0 + day * DAY);
      await queueAlerts(now);
      await deliverDue({ clock, owner: 'test' });
      // A second pass on the same day must not repeat anything.
      await queueAlerts(now);
      await deliverDue({ clock, owner: 'test' });
    }
    const expected = ['30', '14', '7', '1', 'expired'];

    // Email: 2 credentials × 5 thresholds, the key's extra recipient on alpha's only.
    expect(mails).toHaveLength(10);
    const alphaMails = mails.filter((m) => m.subject.includes('alpha'));
    expect(alphaMails.map((m) => m.subject)).toEqual([
      '[authKey Portal] Client secret of authKey “alpha” expires in 30 days',
      '[authKey Portal] Client secret of authKey “alpha” expires in 14 days',
      '[authKey Portal] Client secret of authKey “alpha” expires in 7 days',
      '[authKey Portal] Client secret of authKey “alpha” expires in 1 day',
      '[authKey Portal] Client secret of authKey “alpha” has expired',
    ]);
    for (const m of alphaMails) expect(m.to.sort()).toEqual(['app-owner@example.com', 'ops@example.com']);
    for (const m of mails.filter((x) => x.subject.includes('beta'))) expect(m.to).toEqual(['ops@example.com']);
    expect(mails.some((m) => m.body.includes('alpha-secret-value'))).toBe(false);

    const at = (path: string) => posts.filter((p) => p.path === path).map((p) => p.body);
    const teams = at('/teams');
    expect(teams).toHaveLength(10);
    const card = (teams[0].attachments as { contentType: string; content: { type: string; version: string; body: { text: string }[] } }[])[0];
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.content.type).toBe('AdaptiveCard');
    expect(card.content.body[0].text).toMatch(/expires in 30 days/);

    const slack = at('/slack');
    expect(slack).toHaveLength(10);
    expect(slack.map((s) => s.text).filter((t) => String(t).includes('beta'))).toHaveLength(5);
    expect((slack[0].blocks as { text: { type: string } }[])[0].text.type).toBe('mrkdwn');

    const hook = at('/hook');
    expect(hook).toHaveLength(10);
    for (const name of ['alpha', 'beta']) {
      expect(hook.filter((h) => (h.authKey as { name: string }).name === name).map((h) => h.threshold)).toEqual(expected);
    }
    expect(hook.find((h) => h.threshold === 'expired')?.event).toBe('secret.expired');

    // The flaky channel failed twice, was retried later, and still got each alert once.
    const flaky = at('/flaky');
    expect(flaky).toHaveLength(10);
    const flakyRows = (await temp.db.select().from(alertDeliveries)).filter((d) => d.attempts > 1);
    expect(flakyRows.length).toBeGreaterThan(0);
    expect(flakyRows.every((d) => d.state === 'sent' && d.lastError === null)).toBe(true);
    const attempts = (await temp.db.select().from(auditEvents)).filter((e) => e.action === 'alert.send');
    const failed = attempts.filter((e) => e.outcome === 'failure');
    expect(failed).toHaveLength(2);
    expect(failed[0].detail).toMatchObject({ channel: 'Flaky', error: 'HTTP 500: boom', attempt: 1 });
    expect(attempts).toHaveLength(60 + 2);

    // The digest channel got one message per day with both credentials in it.
    const digests = at('/digest');
    expect(digests).toHaveLength(5);
    for (const d of digests) expect((d.alerts as unknown[]).length).toBe(2);
    expect((await temp.db.select().from(alertDeliveries)).filter((d) => d.state !== 'sent')).toEqual([]);
  });
});
