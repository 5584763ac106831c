import { describe, expect, it } from 'vitest';
import { keyRecipientsSchema } from './alerts';

const keyId = '2b1f3c1e-8f43-4a55-9d8e-0b5a3e1f2c44';

describe('a key’s alert recipients', () => {
  it('accepts commas, semicolons, spaces and line breaks between addresses, in lower case', () => {
    const parsed = keyRecipientsSchema.parse({ keyId, recipients: ' Owner@Contoso.example; ops@contoso.example,\nsec@contoso.example ' });
    expect(parsed.recipients).toEqual(['owner@contoso.example', 'ops@contoso.example', 'sec@contoso.example']);
  });

  it('allows none, to clear the list', () => {
    expect(keyRecipientsSchema.parse({ keyId, recipients: '  ' }).recipients).toEqual([]);
  });

  it('names an invalid address at its place in the list', () => {
    const result = keyRecipientsSchema.safeParse({ keyId, recipients: 'ok@contoso.example, not-an-address' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(['recipients', 1]);
    expect(result.error?.issues[0].message).toContain('e-mail');
  });

  it('caps the list at 20 addresses', () => {
    const many = Array.from({ length: 21 }, (_, i) => `a${i}@contoso.example`).join(',');
    expect(keyRecipientsSchema.safeParse({ keyId, recipients: many }).success).toBe(false);
  });
});
