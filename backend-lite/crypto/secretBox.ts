import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
// A fixed salt and label: the same SECRET_KEY must keep opening what it sealed across restarts,
// and a key derived for this purpose is useless for anything else that might reuse SECRET_KEY.
const SALT = Buffer.from('kommo-esp-bridge');
const INFO = Buffer.from('secret box v1 (AES-256-GCM)');

/** A stored secret did not open: another SECRET_KEY, or the bytes were altered. */
export class SecretBoxOpenFailed extends Error {
  override name = 'SecretBoxOpenFailed';
  constructor(context: string) {
    super(
      `A stored secret (${context}) could not be decrypted: SECRET_KEY is not the key it was stored with, or the stored value was altered. ` +
        'Restore the original SECRET_KEY (or data/secret.key), or reconnect the account so it is stored again.',
    );
  }
}

export type SecretBox = ReturnType<typeof createSecretBox>;

/**
 * AES-256-GCM under a key derived from SECRET_KEY (SPEC §4.4: secrets encrypted at rest). Each
 * value gets a random IV; `context` (e.g. `kommo_grants.access_token:7`) is authenticated but not
 * stored, so a ciphertext copied into another row or column does not open there.
 * Layout: version (1 byte) | IV (12) | tag (16) | ciphertext.
 */
export function createSecretBox(secretKey: string | Buffer) {
  const key = Buffer.from(hkdfSync('sha256', secretKey, SALT, INFO, 32));

  return {
    seal: function seal(plaintext: string, context: string): Buffer {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.of(VERSION), iv, cipher.getAuthTag(), body]);
    },
    open: function open(sealed: Uint8Array, context: string): string {
      const bytes = Buffer.from(sealed);
      if (bytes.length < 1 + IV_BYTES + TAG_BYTES || bytes[0] !== VERSION) throw new SecretBoxOpenFailed(context);
      const iv = bytes.subarray(1, 1 + IV_BYTES);
      const tag = bytes.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(bytes.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxOpenFailed(context);
      }
    },
  };
}
