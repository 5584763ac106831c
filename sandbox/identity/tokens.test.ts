import { describe, expect, it } from 'vitest';
import type { SandboxContext } from '../context';
import { signJwt } from './jwt';
import { TenantKeys } from './tenant-keys';
import { issuer, verifyGraphToken } from './tokens';

const tenantId = '11111111-1111-4111-8111-111111111111';
const ctx = { baseUrl: 'https://localhost:1', keys: new TenantKeys() } as unknown as SandboxContext;
const now = Math.floor(Date.now() / 1000);
const claims = (extra: Record<string, unknown> = {}) => ({
  aud: ctx.baseUrl, iss: issuer(ctx, tenantId), tid: tenantId, appid: 'app', oid: 'sp', iat: now, nbf: now, exp: now + 3599, roles: ['User.Read.All'], ...extra,
});

describe('verifyGraphToken', () => {
  it('accepts a token from a sandbox tenant, with either audience form', () => {
    for (const aud of [ctx.baseUrl, '00000003-0000-0000-c000-000000000000']) {
      const caller = verifyGraphToken(ctx, signJwt(claims({ aud }), ctx.keys.get(tenantId)));
      expect(caller).toMatchObject({ tenantId, appId: 'app', oid: 'sp', delegated: false });
      expect([...(caller as { permissions: Set<string> }).permissions]).toEqual(['User.Read.All']);
    }
  });

  it.each([
    ['an expired token', { exp: now - 10 }, 'expired'],
    ['another audience', { aud: 'https://graph.microsoft.com' }, 'audience'],
    ['another issuer', { iss: 'https://login.microsoftonline.com/x/v2.0' }, 'issuer'],
    ['a tid that is not the signing tenant', { tid: '22222222-2222-4222-8222-222222222222' }, 'issuer'],
  ])('rejects %s', (_name, extra, reason) => {
    const result = verifyGraphToken(ctx, signJwt(claims(extra), ctx.keys.get(tenantId)));
    expect((result as { error: string }).error).toContain(reason);
  });

  it('reads scp from delegated tokens', () => {
    const caller = verifyGraphToken(ctx, signJwt(claims({ roles: undefined, scp: 'User.Read User.ReadBasic.All' }), ctx.keys.get(tenantId)));
    expect(caller).toMatchObject({ delegated: true });
    expect([...(caller as { permissions: Set<string> }).permissions]).toEqual(['User.Read', 'User.ReadBasic.All']);
  });
});
