import { safeStorage } from 'electron';
import type { SecretCipher, SecretProtection } from '../core/state/profiles/sealed-credentials.ts';

/**
 * The cipher port over Electron's safeStorage: the OS keychain (macOS Keychain, Windows DPAPI, libsecret or
 * KWallet on Linux) holds the key. On Linux without a keyring safeStorage falls back to `basic_text`, a key
 * written into Chromium itself: it still works, so the app does too, but the settings say plainly that the
 * credentials are only obscured.
 */
export const safeStorageCipher: SecretCipher = {
  protection(): SecretProtection {
    if (!safeStorage.isEncryptionAvailable()) return 'unavailable';
    if (process.platform === 'linux') {
      const backend = safeStorage.getSelectedStorageBackend();
      if (backend === 'basic_text' || backend === 'unknown') return 'obscured_only';
    }
    return 'os_keychain';
  },
  seal: (plain) => safeStorage.encryptString(plain).toString('base64'),
  open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
};
