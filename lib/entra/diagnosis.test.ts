import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NetworkError } from '@/lib/net/https-fetch';
import { CloudUnavailableError } from './clouds';
import { AADSTS, consentMissing, diagnose, redact } from './diagnosis';

// Every AADSTS code FACTS.md lists, with the step of the guide that fixes it.
const FACTS_CODES: Record<string, { step: RegExp; title: RegExp }> = {
  '7000215': { step: /Step 16/, title: /secret is wrong/i },
  '7000222': { step: /13–16/, title: /expired/i },
  '700016': { step: /Step 18/, title: /application/i },
  '90002': { step: /Step 18/, title: /tenant not found/i },
  '900023': { step: /Step 18/, title: /tenant id is not valid/i },
  '70011': { step: /Step 15/, title: /scope/i },
  '1002012': { step: /Step 15/, title: /scope/i },
  '7000112': { step: /1–4/, title: /disabled/i },
  '7000218': { step: /Step 16/, title: /no client secret/i },
  '7000216': { step: /Step 16/, title: /no client secret/i },
  '700027': { step: /12–14/, title: /certificate/i },
  '53003': { step: /policy/i, title: /conditional access/i },
  '50126': { step: /Step 19/, title: /username or password/i },
  '50057': { step: /Step 19/, title: /disabled/i },
  '50053': { step: /Step 19/, title: /locked/i },
  '50055': { step: /Step 19/, title: /expired/i },
  '50076': { step: /Step 15/, title: /multi-factor/i },
  '65001': { step: /Step 11/, title: /consent/i },
};

/** The shape MSAL's ServerError carries. */
function serverError(code: string, error = 'invalid_client', text = 'Something.') {
  return {
    errorCode: error,
    errorNo: code,
    errorMessage: `AADSTS${code}: ${text}\r\nTrace ID: 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0\r\nCorrelation ID: 11111111-2222-3333-4444-555555555555\r\nTimestamp: 2025-01-01 00:00:00Z`,
  };
}

describe('AADSTS diagnosis', () => {
  it.each(Object.entries(FACTS_CODES))('explains AADSTS%s with its step and the support IDs', (code, want) => {
    const d = diagnose(serverError(code));
    expect(d.code).toBe(`AADSTS${code}`);
    expect(d.title).toMatch(want.title);
    expect(d.step).toMatch(want.step);
    expect(d.explanation.length).toBeGreaterThan(40);
    expect(d.traceId).toBe('0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0');
    expect(d.correlationId).toBe('11111111-2222-3333-4444-555555555555');
  });

  it('covers every code in the table and no other', () => {
    expect(Object.keys(AADSTS).sort()).toEqual(Object.keys(FACTS_CODES).sort());
  });

  it('lists every code FACTS.md itself names, when the shared copy is present', (ctx) => {
    const file = path.resolve(__dirname, '../../../shared/graph/FACTS.md');
    if (!fs.existsSync(file)) ctx.skip();
    const text = fs.readFileSync(file, 'utf8');
    // The table's first column ("7000215", "70011 / 1002012") and the password-grant paragraph.
    const tableCodes = [...text.matchAll(/^\| ((?:\d{5,7})(?: \/ \d{5,7})*) \|/gm)].flatMap(([, cell]) => cell.split(' / '));
    const paragraph = text.slice(text.indexOf('For the password grant'));
    const passwordCodes = [...paragraph.slice(0, paragraph.indexOf('\n')).matchAll(/\b(\d{5})\b/g)].map(([, code]) => code);
    expect(tableCodes.length).toBeGreaterThanOrEqual(12);
    expect(passwordCodes.length).toBeGreaterThanOrEqual(6);
    expect([...new Set([...tableCodes, ...passwordCodes])].sort()).toEqual(Object.keys(FACTS_CODES).sort());
  });

  it('tells the certificate cases apart: not uploaded, expired, and a clock that is off', () => {
    expect(diagnose(serverError('700027', 'invalid_client', "The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: 'AB']")).title).toBe('The certificate is not uploaded to this app');
    expect(diagnose(serverError('700027', 'invalid_client', 'Client assertion failed signature validation. [Reason - The key used is expired.]')).title).toBe('The certificate has expired');
    expect(diagnose(serverError('700027', 'invalid_client', 'Client assertion failed signature validation.')).title).toBe('The certificate was rejected');
    const skew = diagnose(serverError('700024', 'invalid_client', 'Client assertion is not within its valid time range.'));
    expect(skew).toMatchObject({ code: 'AADSTS700024', step: 'Server clock' });
    expect(skew.explanation).toMatch(/clock/);
  });

  it('says Value, not the Secret ID, for 7000215', () => {
    expect(diagnose(serverError('7000215')).explanation).toMatch(/Value, not the Secret ID/);
  });

  it('reads the code from the text when errorNo is missing', () => {
    expect(diagnose({ errorCode: 'invalid_request', errorMessage: 'AADSTS90002: Tenant not found.' }).code).toBe('AADSTS90002');
  });

  it("shows an unknown code's own description, without the secret", () => {
    const d = diagnose(serverError('123456', 'invalid_request', 'The value s3cr3t-value-1234 is odd.'), { secrets: ['s3cr3t-value-1234'] });
    expect(d.code).toBe('AADSTS123456');
    expect(d.explanation).toBe('AADSTS123456: The value [redacted] is odd.');
    expect(d.explanation).not.toContain('Trace ID');
  });

  it.each(['dns', 'refused', 'tls', 'timeout', 'reset', 'other'] as const)('explains a %s network failure', (kind) => {
    const d = diagnose({ errorCode: 'network_error' }, { network: new NetworkError(kind, 'x') });
    expect(d.code).toBe(`network.${kind}`);
    expect(d.title.length).toBeGreaterThan(5);
  });

  it('explains a cloud that cannot be used', () => {
    expect(diagnose(new CloudUnavailableError('The sandbox tenant is not running.')).explanation).toMatch(/sandbox/);
  });

  it('says admin consent has not been granted', () => {
    expect(consentMissing().explanation).toContain('admin consent has not been granted');
    expect(consentMissing().step).toBe('Step 11');
  });

  it('redacts every occurrence of every secret', () => {
    expect(redact('a SECRET b SECRET', ['SECRET', null])).toBe('a [redacted] b [redacted]');
  });
});
