import 'server-only';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

// Layout of a sealed value, base64 encoded after the text prefix:
//   [1 byte version][8 bytes key id][12 bytes nonce][ciphertext][16 bytes GCM tag]
// The key id says which master key sealed it, so rotation can find the right one.
const PREFIX = 'ak1:';
const VERSION = 1;
const KEY_ID_LENGTH = 8;
const NONCE_LENGTH = 12;
const TAG_LENGTH = 16;
const HEADER_LENGTH = 1 + KEY_ID_LENGTH;

export type MasterKey = { id: Buffer; key: Buffer };

export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecryptionError';
  }
}

export function toMasterKey(key: Buffer): MasterKey {
  if (key.length !== 32) throw new Error(`A master key must be 32 bytes, got ${key.length}.`);
  const id = createHash('sha256').update('authkey-portal/master-key-id/').update(key).digest().subarray(0, KEY_ID_LENGTH);
  return { id, key };
}

export function keyIdHex(key: MasterKey): string {
  return key.id.toString('hex');
}

/** What a sealed value is bound to: its table, row and column. Moving it elsewhere breaks it. */
export type Binding = { table: string; row: string; column: string };

function aad({ table, row, column }: Binding): Buffer {
  return Buffer.from(`authkey-portal\u0000${table}\u0000${row}\u0000${column}`, 'utf8');
}

export function seal(plaintext: string, binding: Binding, master: MasterKey): string {
  const nonce = randomBytes(NONCE_LENGTH);
  const header = Buffer.concat([Buffer.from([VERSION]), master.id]);
  const cipher = createCipheriv('aes-256-gcm', master.key, nonce, { authTagLength: TAG_LENGTH });
  // The header is authenticated too, so a changed version or key id is detected.
  cipher.setAAD(Buffer.concat([header, aad(binding)]));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([header, nonce, body, cipher.getAuthTag()]).toString('base64');
}

/** The id of the master key that sealed a value, without decrypting it. */
export function sealedKeyId(sealed: string): string {
  const raw = decode(sealed);
  return raw.subarray(1, HEADER_LENGTH).toString('hex');
}

function decode(sealed: string): Buffer {
  if (!sealed.startsWith(PREFIX)) throw new DecryptionError('Not a sealed value.');
  const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64');
  if (raw.length < HEADER_LENGTH + NONCE_LENGTH + TAG_LENGTH) throw new DecryptionError('Sealed value is truncated.');
  if (raw[0] !== VERSION) throw new DecryptionError(`Unknown sealed-value version ${raw[0]}.`);
  return raw;
}

export function open(sealed: string, binding: Binding, keys: MasterKey[]): string {
  const raw = decode(sealed);
  const header = raw.subarray(0, HEADER_LENGTH);
  const keyId = raw.subarray(1, HEADER_LENGTH);
  const master = keys.find((k) => k.id.equals(keyId));
  if (!master) throw new DecryptionError(`Sealed with master key ${keyId.toString('hex')}, which is not loaded.`);
  const nonce = raw.subarray(HEADER_LENGTH, HEADER_LENGTH + NONCE_LENGTH);
  const tag = raw.subarray(raw.length - TAG_LENGTH);
  const body = raw.subarray(HEADER_LENGTH + NONCE_LENGTH, raw.length - TAG_LENGTH);
  try {
    const decipher = createDecipheriv('aes-256-gcm', master.key, nonce, { authTagLength: TAG_LENGTH });
    decipher.setAAD(Buffer.concat([header, aad(binding)]));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    throw new DecryptionError('The sealed value failed authentication: it was changed, moved, or sealed with another key.');
  }
}
