import { describe, expect, it } from 'vitest';
import { API_TOKEN_PATTERN, describeGrant, grantsAllow } from './scopes';

describe('API token scopes', () => {
  const grants = [{ scope: 'keys:read' }, { scope: 'tokens:issue', keyIds: ['k1'] }];

  it('allows a plain scope it holds and refuses one it does not', () => {
    expect(grantsAllow(grants, 'keys:read')).toBe(true);
    expect(grantsAllow(grants, 'audit:read')).toBe(false);
  });

  it('allows a per-key scope only for the authKeys it names', () => {
    expect(grantsAllow(grants, 'tokens:issue', 'k1')).toBe(true);
    expect(grantsAllow(grants, 'tokens:issue', 'k2')).toBe(false);
    expect(grantsAllow(grants, 'tokens:issue')).toBe(false);
    expect(grantsAllow([{ scope: 'provisioning:write' }], 'provisioning:write', 'k1')).toBe(false);
  });

  it('describes grants and recognises the token format', () => {
    expect(describeGrant(grants[1])).toBe('tokens:issue (1 authKey)');
    expect(API_TOKEN_PATTERN.test(`akp_${'a'.repeat(43)}`)).toBe(true);
    expect(API_TOKEN_PATTERN.test(`ghp_${'a'.repeat(43)}`)).toBe(false);
  });
});
