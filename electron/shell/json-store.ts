import ElectronStore, { type Options } from 'electron-store';

/**
 * Opens a JSON file in the app's data folder through electron-store, with the project's file policy:
 * owner-only permissions, and a file that fails to parse is never wiped (electron-store's default is to
 * clear it; here construction fails instead, so the caller can back the file up and tell the user).
 * Writes are atomic (electron-store writes a temp file and renames it).
 */
export function openJsonStore<T extends Record<string, unknown>>(
  options: Pick<Options<T>, 'name' | 'defaults'> & { cwd?: string },
): ElectronStore<T> {
  return new ElectronStore<T>({
    ...options,
    configFileMode: 0o600,
    clearInvalidConfig: false,
  });
}
