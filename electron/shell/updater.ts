/**
 * electron-updater as the core's UpdateEngine (core/updates/update-service.ts): which of its updaters this copy uses,
 * set up so that nothing happens on its own (no automatic download; an install at quit only for a copy that updates
 * itself), and its calls and events turned into the engine's three. The feed is the one electron-builder writes into
 * the package as `resources/app-update.yml` (the `publish` entry of electron-builder.yml: this project's GitHub
 * releases); docs/updates.md says what each step rests on.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import type * as ElectronUpdater from 'electron-updater';
import type { AppUpdater, ProgressInfo } from 'electron-updater';
import { type InstallKind, installKind, looksForUpdates, updatesItself } from '../core/updates/install-kind.ts';
import { releaseNotesText } from '../core/updates/release-notes.ts';
import { reasonOf, type UpdateEngine } from '../core/updates/update-service.ts';

type UpdaterModule = typeof ElectronUpdater;

/**
 * electron-updater (and its YAML, semver and fs-extra) is loaded the first time it is needed, in a chunk of its own
 * (dist/main/chunks/): the tray and the window never wait for it. It is CommonJS: its classes come off the module object.
 */
let loaded: Promise<UpdaterModule> | null = null;
const updaterModule = (): Promise<UpdaterModule> =>
  (loaded ??= import('electron-updater').then((module) => (module as { default?: UpdaterModule }).default ?? module));

/** What kind of copy this is: electron-builder's `package-type` file beside app.asar says deb, rpm or pacman. */
export function thisInstallKind(packaged: boolean): InstallKind {
  let packageType: string | undefined;
  try {
    packageType = readFileSync(join(process.resourcesPath, 'package-type'), 'utf8').trim();
  } catch {
    packageType = undefined;
  }
  return installKind({ platform: process.platform, packaged, env: process.env, packageType });
}

function updaterFor(kind: InstallKind, { AppImageUpdater, DebUpdater, MacUpdater, NsisUpdater, PacmanUpdater, RpmUpdater }: UpdaterModule): AppUpdater {
  switch (kind) {
    case 'nsis':
      return new NsisUpdater();
    case 'mac':
      return new MacUpdater();
    case 'deb':
      return new DebUpdater();
    case 'rpm':
      return new RpmUpdater();
    case 'pacman':
      return new PacmanUpdater();
    default:
      return new AppImageUpdater();
  }
}

/** A version with a pre-release part (`0.3.0-beta.1`). */
const isPreview = (version: string): boolean => /^\d+\.\d+\.\d+-/.test(version);

/**
 * The engine for this kind of copy, or null where it looks for nothing. `log` hears electron-updater's warnings and
 * errors. `appImageMoved`: an AppImage whose name carries its version is installed under the new version's name and
 * the old file deleted (AppImageUpdater.doInstall, docs/updates.md §5); what names the old path must follow.
 */
export function createUpdateEngine(
  kind: InstallKind,
  log: (line: string) => void,
  appImageMoved: (path: string) => void = () => undefined,
): UpdateEngine | null {
  if (!looksForUpdates(kind)) return null;
  let made: Promise<{ updater: AppUpdater; module: UpdaterModule }> | null = null;
  const make = async (): Promise<{ updater: AppUpdater; module: UpdaterModule }> => {
    const module = await updaterModule();
    const updater = updaterFor(kind, module);
    updater.autoDownload = false;
    // A copy that cannot update itself only reads the feed; one that can installs what it downloaded when the app quits.
    updater.autoInstallOnAppQuit = updatesItself(kind);
    updater.on('appimage-filename-updated', appImageMoved);
    updater.logger = {
      info: () => undefined,
      warn: (message: unknown) => log(`electron-updater: ${reasonOf(message)}`),
      error: (message: unknown) => log(`electron-updater: ${reasonOf(message)}`),
    };
    return { updater, module };
  };
  const ready = (): Promise<{ updater: AppUpdater; module: UpdaterModule }> => (made ??= make());
  let downloaded: AppUpdater | null = null;
  return {
    async check(channel) {
      const { updater } = await ready();
      updater.channel = channel;
      // Setting a channel allows a downgrade (AppUpdater's channel setter); a newer version only is offered.
      updater.allowDowngrade = false;
      updater.allowPrerelease = channel === 'beta';
      const result = await updater.checkForUpdates();
      if (!result?.isUpdateAvailable) return null;
      const info = result.updateInfo;
      // The releases channel never offers a preview, whatever its file says.
      if (channel === 'latest' && isPreview(info.version)) return null;
      return { version: info.version, notes: releaseNotesText(info.releaseNotes), date: info.releaseDate || null };
    },
    async download(onProgress, signal) {
      const { updater, module } = await ready();
      const token = new module.CancellationToken();
      signal.addEventListener('abort', () => token.cancel(), { once: true });
      const listener = (progress: ProgressInfo): void =>
        onProgress({ percent: Math.max(0, Math.min(100, progress.percent)), transferred: progress.transferred, total: progress.total });
      updater.on('download-progress', listener);
      try {
        await updater.downloadUpdate(token);
        downloaded = updater;
      } finally {
        updater.off('download-progress', listener);
      }
    },
    abandonCheck() {
      // A fresh updater for the next check; one that downloaded is kept for its install.
      if (!downloaded) made = null;
    },
    installNow() {
      // Silent (the NSIS installer shows no pages; an AppImage is replaced) and started again afterwards.
      downloaded?.quitAndInstall(true, true);
    },
  };
}
