import { describe, expect, it } from 'vitest';
import { createSecretBox, SecretBoxOpenFailed } from './secretBox.ts';

const KEY = '6f1c0e9a4b7d2c8e5a3f1b9d7c6e4a2f0b8d6c4e2a0f9e7d5c3b1a9f8e6d4c2b';
const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.access-token-body';

describe('secretBox', () => {
  it('opens what it sealed, and the sealed bytes do not contain the secret', () => {
    const box = createSecretBox(KEY);
    const sealed = box.seal(TOKEN, 'kommo_grants.access_token:1');
    expect(sealed.includes(Buffer.from(TOKEN))).toBe(false);
    expect(box.open(sealed, 'kommo_grants.access_token:1')).toBe(TOKEN);
  });

  it('seals the same value differently each time (random IV)', () => {
    const box = createSecretBox(KEY);
    expect(box.seal(TOKEN, 'c').equals(box.seal(TOKEN, 'c'))).toBe(false);
  });

  it('refuses a value with one flipped bit, in the IV, the tag or the ciphertext', () => {
    const box = createSecretBox(KEY);
    const sealed = box.seal(TOKEN, 'c');
    for (const at of [1, 14, 30, sealed.length - 1]) {
      const tampered = Buffer.from(sealed);
      tampered[at] = tampered[at]! ^ 0x01;
      expect(() => box.open(tampered, 'c')).toThrow(SecretBoxOpenFailed);
    }
    expect(() => box.open(sealed.subarray(0, 20), 'c')).toThrow(SecretBoxOpenFailed);
  });

  it('refuses to open under another key, with a message that names SECRET_KEY', () => {
    const sealed = createSecretBox(KEY).seal(TOKEN, 'c');
    expect(() => createSecretBox(`${KEY}x`).open(sealed, 'c')).toThrow(/SECRET_KEY is not the key it was stored with/);
  });

  it('refuses a value moved to another row or column', () => {
    const box = createSecretBox(KEY);
    const sealed = box.seal(TOKEN, 'kommo_grants.access_token:1');
    expect(() => box.open(sealed, 'kommo_grants.access_token:2')).toThrow(SecretBoxOpenFailed);
    expect(() => box.open(sealed, 'kommo_grants.refresh_token:1')).toThrow(SecretBoxOpenFailed);
  });

  it('accepts the key as bytes as well as text', () => {
    const bytes = Buffer.from(KEY);
    expect(createSecretBox(bytes).open(createSecretBox(KEY).seal('x', 'c'), 'c')).toBe('x');
  });
});
