import 'server-only';
import { dictionary } from '@zxcvbn-ts/language-common';

// zxcvbn-ts ships a maintained list of ~50,000 common passwords (ranked from real breaches).
// It loads on the server only: it is half a megabyte that no browser needs.
let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
  return common;
}

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;

/**
 * Why a password is refused, or null when it is acceptable. Besides the list itself it refuses
 * a listed password padded with digits or symbols ("password123456"), and one character repeated.
 */
export function passwordProblem(password: string, context: { email?: string; name?: string } = {}): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  const lower = password.toLowerCase();
  const list = commonPasswords();
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/g, '');
  if (list.has(lower) || (core.length >= 4 && list.has(core)) || /^(.)\1+$/.test(lower)) {
    return 'This password is on a list of commonly used passwords. Choose another.';
  }
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return 'Do not use your e-mail address in your password.';
  return null;
}
