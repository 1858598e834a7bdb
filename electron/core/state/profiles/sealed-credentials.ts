/**
 * Credentials as the profiles file keeps them: sealed by the cipher port (Electron's safeStorage in the app), opened
 * only in the main process to make a REST client. How safe that is on this machine is said to the person plainly.
 */
import type { ProfileMessage } from '../../../common/messages/profiles.ts';
import type { Credentials } from '../../bitrix/credentials.ts';
import { UserError } from '../../user-error.ts';

/** How well the cipher protects what it seals. */
export type SecretProtection = 'os_keychain' | 'obscured_only' | 'unavailable';

/** The cipher port: seals and opens text, and says how safe that is on this machine. */
export interface SecretCipher {
  protection(): SecretProtection;
  /** Sealed text safe to write to a file (base64 in the app). */
  seal(plain: string): string;
  /** Throws when the text cannot be opened (another machine's or user's keychain, a damaged value). */
  open(sealed: string): string;
}

export interface SecretStorageView {
  protection: SecretProtection;
  /** A plain warning for the settings screen, or null when the OS keychain protects the credentials. */
  warning: ProfileMessage | null;
}

/** Seals credentials for the profiles file and opens them again, through the cipher port. */
export class SealedCredentials {
  readonly #cipher: SecretCipher;

  constructor(cipher: SecretCipher) {
    this.#cipher = cipher;
  }

  /** How safely this machine keeps credentials, with the warning the settings screen shows. */
  storage(): SecretStorageView {
    const protection = this.#cipher.protection();
    const warning =
      protection === 'os_keychain' ? null : ({ code: protection === 'obscured_only' ? 'secret_storage_obscured' : 'secret_storage_unavailable' } as const);
    return { protection, warning };
  }

  /** Refuses (`secret_storage_unavailable`) where nothing can encrypt: no credentials are kept in the clear. */
  refuseWithoutStorage(): void {
    if (this.#cipher.protection() === 'unavailable') throw new UserError({ code: 'secret_storage_unavailable' });
  }

  /** The credentials sealed, as the file keeps them. */
  seal(credentials: Credentials): string {
    return this.#cipher.seal(JSON.stringify(credentials));
  }

  /** A profile's credentials; `credentials_locked` (naming the profile) when this machine's cipher cannot open them. */
  open(profile: { sealed: string; name: string }): Credentials {
    try {
      return JSON.parse(this.#cipher.open(profile.sealed)) as Credentials;
    } catch {
      throw new UserError({ code: 'credentials_locked', params: { name: profile.name } });
    }
  }
}
