import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger(stream, 'debug'), text: () => lines.join('') };
}

describe('logger', () => {
  it('never writes a secret field, at any depth we log, while keeping the rest', () => {
    const canary = `canary-${Date.now()}-Q8~xY`;
    const { logger, text } = capture();
    logger.info({ clientSecret: canary, tenantId: 'contoso' }, 'saving key');
    logger.info({ key: { secret: canary, value: canary, name: 'ok' } }, 'nested');
    logger.info({ request: { headers: { authorization: `Bearer ${canary}`, cookie: `a=${canary}` } } }, 'deep');
    logger.warn({ body: { client_secret: canary, access_token: canary, password: canary } }, 'token call');
    logger.debug({ form: { newPassword: canary, currentPassword: canary } }, 'password change');
    const out = text();
    expect(out).not.toContain(canary);
    expect(out).not.toContain(Buffer.from(canary).toString('base64'));
    expect(out).toContain('contoso');
    expect(out).toContain('[redacted]');
    expect(out.trim().split('\n')).toHaveLength(5);
    // Structured: every line is JSON with an ISO timestamp.
    for (const line of out.trim().split('\n')) expect(JSON.parse(line).time).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});
