import { safeStorage } from 'electron';
import type { SecretCipher, SecretProtection } from '../core/state/profiles/sealed-credentials.ts';

/**
 * Whether nothing better than Chromium's built-in key can seal here: Linux with no keyring service (sway, i3, a bare
 * X server, `xvfb-run`), where safeStorage picks `basic_text` ("When the desktop environment is not recognised",
 * electron.d.ts SafeStorage.getSelectedStorageBackend) and isEncryptionAvailable() is then false until
 * setUsePlainTextEncryption(true) says to use that key ("when a valid OS password manager cannot be determined").
 */
function onlyBasicText(): boolean {
  return process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text';
}

/**
 * The cipher port over Electron's safeStorage: the OS keychain (macOS Keychain, Windows DPAPI, libsecret or
 * KWallet on Linux) holds the key. On Linux without a keyring safeStorage falls back to `basic_text`, a key
 * written into Chromium itself: the app asks for it rather than refusing every portal, and says so plainly — the
 * settings warn that the credentials are then only obscured (`obscured_only`), before a portal is added and after,
 * so the person chooses knowing it. Nothing reads as sealed by the keychain that is not.
 */
export const safeStorageCipher: SecretCipher = {
  protection(): SecretProtection {
    useBasicTextWhereOnlyThat();
    if (!safeStorage.isEncryptionAvailable()) return 'unavailable';
    return onlyBasicText() ? 'obscured_only' : 'os_keychain';
  },
  seal: (plain) => (useBasicTextWhereOnlyThat(), safeStorage.encryptString(plain).toString('base64')),
  // A stored portal is opened at start (an aging sign-in renewed) before anything asks how well it is protected.
  open: (sealed) => (useBasicTextWhereOnlyThat(), safeStorage.decryptString(Buffer.from(sealed, 'base64'))),
};

/** Where basic_text is all there is, safeStorage is told to use it, before anything is sealed or opened. */
function useBasicTextWhereOnlyThat(): void {
  if (!safeStorage.isEncryptionAvailable() && onlyBasicText()) safeStorage.setUsePlainTextEncryption(true);
}
