/**
 * Makes this process an installed AppImage as electron-updater sees one, over the electron stand-in: a packaged app
 * of `version`, ready, whose `resources/app-update.yml` (as electron-builder writes it into a package) names `feed`
 * with the generic provider, its download cache under `dir`, and `$APPIMAGE` naming a file under `dir` as the AppImage
 * runtime does. The lifecycle test and the preview's `--new-version` play it alike. Changes process-wide state
 * (`process.resourcesPath`, `XDG_CACHE_HOME`, `APPIMAGE`): the caller puts them back where it must.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { app, standIn } from '../fakes/electron.ts';

export interface InstalledAppImage {
  resources: string;
  /** The updater's cache folder ($XDG_CACHE_HOME). */
  cache: string;
  /** The running AppImage ($APPIMAGE), holding "the installed version". */
  appImage: string;
}

export function playInstalledAppImage(
  dir: string,
  { feed, version, cacheDirName }: { feed: string; version: string; cacheDirName: string },
): InstalledAppImage {
  const resources = join(dir, 'resources');
  mkdirSync(resources, { recursive: true });
  writeFileSync(join(resources, 'app-update.yml'), `provider: generic\nurl: ${feed}\nupdaterCacheDirName: ${cacheDirName}\n`);
  Object.defineProperty(process, 'resourcesPath', { value: resources, configurable: true, writable: true });
  const cache = join(dir, 'cache');
  process.env.XDG_CACHE_HOME = cache;
  const appImage = join(dir, 'B24-Chat-Lookup.AppImage');
  process.env.APPIMAGE = appImage;
  writeFileSync(appImage, 'the installed version');
  standIn.reset({ version, packaged: true });
  // electron-updater waits for `ready` before it reads the feed (AppUpdater.doCheckForUpdates).
  app.becomeReady();
  return { resources, cache, appImage };
}
