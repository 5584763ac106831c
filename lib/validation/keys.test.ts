import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { createKeySchema, keyFields, keyWarnings, SECRET_ID_MESSAGE, updateKeySchema } from './keys';

const valid = {
  name: 'Pliant provisioning',
  description: '',
  accessType: 'app',
  cloud: 'global',
  authorityHost: '',
  graphEndpoint: '',
  tenantId: '8f0c6b2e-3d5a-4c1e-9b7f-2a6d4e8c0f13',
  clientId: '1c9e4a77-5b2d-4f60-8e3a-7d1b9c2f4e58',
  clientSecret: 'Abc8Q~xYz.1234567890abcdefghijklmnopqr',
  secretExpiresAt: '',
  username: '',
  password: '',
  operations: ['users.read'],
};

const errorsOf = (input: unknown, schema = createKeySchema) => {
  const r = schema.safeParse(input);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
};

describe('authKey validation', () => {
  it('accepts a complete Enterprise App key', () => {
    expect(errorsOf(valid)).toEqual({});
  });

  it('refuses a GUID-shaped secret as the Secret ID', () => {
    expect(errorsOf({ ...valid, clientSecret: 'b0c3d1a8-91f2-4e55-8c0d-6a7e2f9b1c44' }).clientSecret).toBe(SECRET_ID_MESSAGE);
    expect(errorsOf({ ...valid, clientSecret: ' "B0C3D1A8-91F2-4E55-8C0D-6A7E2F9B1C44"\n' }).clientSecret).toBe(SECRET_ID_MESSAGE);
  });

  it('requires the secret to be 16 to 1024 characters', () => {
    expect(errorsOf({ ...valid, clientSecret: '' }).clientSecret).toMatch(/Enter the Client Secret/);
    expect(errorsOf({ ...valid, clientSecret: 'short-secret' }).clientSecret).toMatch(/at least 16/);
    expect(errorsOf({ ...valid, clientSecret: 'x'.repeat(1025) }).clientSecret).toMatch(/at most 1024/);
  });

  it('trims pasted whitespace and quotes from IDs', () => {
    const r = createKeySchema.parse({ ...valid, tenantId: `  "${valid.tenantId}"\n`, clientId: `'${valid.clientId}' ` });
    expect(r.tenantId).toBe(valid.tenantId);
    expect(r.clientId).toBe(valid.clientId);
  });

  it('takes a GUID or a domain as Tenant ID, and only a GUID as Client ID', () => {
    expect(errorsOf({ ...valid, tenantId: 'contoso.onmicrosoft.com' })).toEqual({});
    expect(errorsOf({ ...valid, tenantId: 'not a tenant' }).tenantId).toMatch(/GUID/);
    expect(errorsOf({ ...valid, clientId: 'contoso.onmicrosoft.com' }).clientId).toMatch(/GUID/);
  });

  it('refuses an expiry in the past and warns past 24 months', () => {
    expect(errorsOf({ ...valid, secretExpiresAt: '2001-01-01' }).secretExpiresAt).toMatch(/past/);
    const now = new Date('2025-06-01T12:00:00Z');
    expect(keyWarnings({ secretExpiresAt: '2027-07-01' }, now).secretExpiresAt).toMatch(/24 months/);
    expect(keyWarnings({ secretExpiresAt: '2026-09-01' }, now).secretExpiresAt).toMatch(/12 months/);
    expect(keyWarnings({ secretExpiresAt: '2025-12-01' }, now).secretExpiresAt).toBeUndefined();
  });

  it('warns when the Tenant ID equals the Client ID', () => {
    expect(keyWarnings({ tenantId: valid.clientId, clientId: ` ${valid.clientId.toUpperCase()} ` }).clientId).toMatch(/equals the Tenant ID/);
  });

  it('needs https hosts for a Custom cloud', () => {
    const e = errorsOf({ ...valid, cloud: 'custom', authorityHost: 'http://login.example.com', graphEndpoint: '' });
    expect(e.authorityHost).toMatch(/https/);
    expect(e.graphEndpoint).toMatch(/Graph endpoint/);
    expect(errorsOf({ ...valid, cloud: 'custom', authorityHost: 'https://login.example.com', graphEndpoint: 'https://graph.example.com' })).toEqual({});
  });

  it('keeps Username and Password blank for Enterprise App, and requires them for Delegated', () => {
    expect(errorsOf({ ...valid, username: 'a@b.com' }).username).toMatch(/blank/);
    const d = errorsOf({ ...valid, accessType: 'delegated' });
    expect(d.username).toMatch(/user principal name/);
    expect(d.password).toMatch(/password/);
    expect(errorsOf({ ...valid, accessType: 'delegated', username: 'svc@contoso.com', password: 'pw' })).toEqual({});
  });

  it('lets an edit keep the stored secret with a blank field', () => {
    expect(errorsOf({ ...valid, keyId: '5f2b9c1e-8a3d-4e6f-b7c0-1d2e3f4a5b6c', clientSecret: '' }, updateKeySchema as never)).toEqual({});
    expect(errorsOf({ ...valid, keyId: '5f2b9c1e-8a3d-4e6f-b7c0-1d2e3f4a5b6c', clientSecret: 'b0c3d1a8-91f2-4e55-8c0d-6a7e2f9b1c44' }, updateKeySchema as never).clientSecret).toBe(SECRET_ID_MESSAGE);
  });

  it('validates a wizard stage with a pick of the full schema', () => {
    expect(z.pick(keyFields, { operations: true }).safeParse({ operations: ['users.read'] }).success).toBe(true);
  });
});
