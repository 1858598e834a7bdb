/**
 * What kind of copy of the app this is, and so whether it can update itself. electron-updater picks its updater the
 * same way (its main.js: NSIS on Windows, Squirrel.Mac on macOS, on Linux the AppImage one unless the package's
 * `resources/package-type` file names a deb, rpm or pacman package); docs/updates.md has the lines this rests on.
 *
 * - `appimage` and `nsis` update themselves: the new file is downloaded, checked against the release's sha512 and
 *   put in place at the next quit (or now).
 * - `deb`, `rpm` and `pacman` belong to the system's package manager: the app says a new version is out and opens
 *   the releases page; installing it is the package manager's (electron-updater would run `pkexec dpkg -i` itself).
 * - `mac`: Squirrel.Mac installs only a code-signed app, and this project's macOS builds are not signed yet; the app
 *   says a new version is out and opens the releases page.
 * - `snap`, `unpacked` (a folder run without an installer) and `development` (`npm start`) look for nothing: there is
 *   no installer to compare with, or the store updates the app.
 */

export const INSTALL_KINDS = ['appimage', 'nsis', 'deb', 'rpm', 'pacman', 'mac', 'snap', 'unpacked', 'development'] as const;
export type InstallKind = (typeof INSTALL_KINDS)[number];

/** What the copy learns of itself at start. */
export interface InstallFacts {
  platform: string;
  /** Electron's app.isPackaged. */
  packaged: boolean;
  env: Readonly<Record<string, string | undefined>>;
  /** The first line of `resources/package-type` (electron-builder writes it into a deb, rpm or pacman package), if any. */
  packageType: string | undefined;
}

export function installKind({ platform, packaged, env, packageType }: InstallFacts): InstallKind {
  if (!packaged) return 'development';
  if (platform === 'win32') return env.PORTABLE_EXECUTABLE_DIR ? 'unpacked' : 'nsis';
  if (platform === 'darwin') return 'mac';
  if (env.SNAP) return 'snap';
  if (packageType === 'deb' || packageType === 'rpm' || packageType === 'pacman') return packageType;
  // The AppImage runtime sets $APPIMAGE to the file it runs from, the file an update replaces.
  if (env.APPIMAGE) return 'appimage';
  return 'unpacked';
}

/** Whether this kind downloads and installs a new version itself. */
export function updatesItself(kind: InstallKind): boolean {
  return kind === 'appimage' || kind === 'nsis';
}

/** Whether this kind looks for a new version at all (and says so, with a link to the releases page where it cannot install it). */
export function looksForUpdates(kind: InstallKind): boolean {
  return kind !== 'snap' && kind !== 'unpacked' && kind !== 'development';
}
