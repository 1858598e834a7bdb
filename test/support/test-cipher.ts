import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretCipher, SecretProtection } from '../../electron/core/state/profiles/sealed-credentials.ts';

/**
 * A real cipher (AES-256-GCM with a key of its own) in place of safeStorage: sealed text is unreadable without the
 * key, and a different cipher cannot open it, as another machine's keychain could not. A fresh random key unless one
 * (32 bytes) is given: the browser preview keeps its key in a file, so a restarted preview opens what it sealed.
 */
export function testCipher(protection: SecretProtection = 'os_keychain', key: Buffer = randomBytes(32)): SecretCipher {
  return {
    protection: () => protection,
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64');
    },
    open(sealed) {
      const bytes = Buffer.from(sealed, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
