import { createHmac, randomBytes } from 'node:crypto';

// Every seeded id and secret value is derived from this fixed seed and a label, so tests,
// docs and the portal's Sandbox page see the same values on every machine and after every reset.
const SEED = 'authkey-portal-sandbox-seed-v1';

function digest(label: string): Buffer {
  return createHmac('sha256', SEED).update(label).digest();
}

function formatGuid(bytes: Buffer): string {
  const b = Buffer.from(bytes.subarray(0, 16));
  b[6] = (b[6] & 0x0f) | 0x40; // version 4 layout, like the GUIDs Entra hands out
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function seededGuid(label: string): string {
  return formatGuid(digest(`guid:${label}`));
}

const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-';

// Azure secret values are 40 characters with a "Q~" marker after the first four characters,
// e.g. "Abc8Q~…". Mimicking that shape lets the portal's "is this a value or an id?" checks
// be exercised against the sandbox.
function formatSecret(bytes: Buffer): string {
  const chars = [...bytes.subarray(0, 37)].map((n) => SECRET_ALPHABET[n % SECRET_ALPHABET.length]);
  return `${chars.slice(0, 3).join('')}8Q~${chars.slice(3, 37).join('')}`;
}

export function seededSecret(label: string): string {
  const bytes = Buffer.concat([digest(`secret:${label}`), digest(`secret2:${label}`)]);
  return formatSecret(bytes);
}

export function randomSecret(): string {
  return formatSecret(randomBytes(40));
}

/** A readable password that satisfies Entra's complexity rules. */
export function seededPassword(label: string): string {
  const hex = digest(`password:${label}`).toString('hex');
  return `Sbx-${hex.slice(0, 4)}-${hex.slice(4, 8).toUpperCase()}!${hex.slice(8, 10)}`;
}

export function isGuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
