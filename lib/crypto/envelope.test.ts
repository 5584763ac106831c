import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DecryptionError, open, seal, sealedKeyId, toMasterKey, keyIdHex } from './envelope';

const key = toMasterKey(randomBytes(32));
const binding = { table: 'credentials', row: 'row-1', column: 'value' };
const secret = 'Qx8~s3cr3t.Value-with-ümlauts';

describe('envelope encryption', () => {
  it('round-trips a value', () => {
    expect(open(seal(secret, binding, key), binding, [key])).toBe(secret);
  });

  it('never produces the same ciphertext twice for the same value', () => {
    expect(seal(secret, binding, key)).not.toBe(seal(secret, binding, key));
  });

  it('does not contain the value in plain text, base64 or hex', () => {
    const sealed = seal(secret, binding, key);
    for (const form of [secret, Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('hex')]) expect(sealed).not.toContain(form);
  });

  it('records the version and key id in its header', () => {
    const sealed = seal(secret, binding, key);
    expect(sealedKeyId(sealed)).toBe(keyIdHex(key));
    expect(Buffer.from(sealed.slice(4), 'base64')[0]).toBe(1);
  });

  it('fails when any single byte is flipped', () => {
    const raw = Buffer.from(seal(secret, binding, key).slice(4), 'base64');
    for (let i = 0; i < raw.length; i++) {
      const tampered = Buffer.from(raw);
      tampered[i] ^= 0x01;
      expect(() => open('ak1:' + tampered.toString('base64'), binding, [key]), `byte ${i}`).toThrow(DecryptionError);
    }
  });

  it('fails when moved to another row, table or column', () => {
    const sealed = seal(secret, binding, key);
    expect(() => open(sealed, { ...binding, row: 'row-2' }, [key])).toThrow(DecryptionError);
    expect(() => open(sealed, { ...binding, table: 'alert_channels' }, [key])).toThrow(DecryptionError);
    expect(() => open(sealed, { ...binding, column: 'secret' }, [key])).toThrow(DecryptionError);
  });

  it('fails with another master key and names the key it needs', () => {
    const other = toMasterKey(randomBytes(32));
    expect(() => open(seal(secret, binding, key), binding, [other])).toThrow(/not loaded/);
  });

  it('refuses truncated and foreign values', () => {
    expect(() => open('ak1:AAAA', binding, [key])).toThrow(DecryptionError);
    expect(() => open(secret, binding, [key])).toThrow(DecryptionError);
  });
});
