import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-policy';

describe('passwordProblem', () => {
  it.each(['qwertyuiop123', '123qweasdzxc', 'Password123456', 'aaaaaaaaaaaaaaaa', 'letmein!!!!!!!', 'QAZWSXEDCRFV'])('refuses the common password %s', (pw) => {
    expect(passwordProblem(pw)).toMatch(/commonly used/);
  });

  it('applies the length bounds', () => {
    expect(passwordProblem('short pass')).toMatch(/at least 12/);
    expect(passwordProblem('x'.repeat(129))).toMatch(/at most 128/);
  });

  it('accepts a long passphrase and refuses one built from the e-mail', () => {
    expect(passwordProblem('correct horse battery staple')).toBeNull();
    expect(passwordProblem('margaret.h-2026-portal', { email: 'margaret.h@example.test' })).toMatch(/e-mail/);
  });
});
