/**
 * The preview's updates: with `--new-version V` it plays an AppImage whose releases are on a release server on
 * 127.0.0.1 (test/fakes/release-server.ts) with version V published, and the real electron-updater reads and
 * downloads it over the electron stand-in, as the lifecycle test does; About and the tray's item then show the whole
 * flow. "Restart and Install Now" is only logged: the preview replaces no file and never quits itself. Without it
 * the preview is a development run and looks for nothing, as `npm start` is.
 */
import { join } from 'node:path';
import type { Ports } from '../../electron/core/app-services.ts';
import { createUpdateEngine } from '../../electron/shell/updater.ts';
import { startReleaseServer } from '../fakes/release-server.ts';
import { playInstalledAppImage } from '../support/installed-appimage.ts';

export const PREVIEW_NOTES = '<h2>What&#39;s new</h2><ul><li>Lookups answer sooner</li><li>The history keeps a working life of lookups</li></ul>';

/** The update port of a preview whose feed offers `newVersion` to a copy of version `current`; `close` stops the feed. */
export async function previewUpdates(
  dataDir: string,
  { current, newVersion, log }: { current: string; newVersion: string; log: (line: string) => void },
): Promise<{ port: NonNullable<Ports['updates']>; close: () => Promise<void> }> {
  const server = await startReleaseServer();
  // Two megabytes, so the download's progress shows.
  server.publish('latest', 'linux', {
    version: newVersion,
    file: `B24-Chat-Lookup-${newVersion}-x86_64.AppImage`,
    content: Buffer.alloc(2 * 1024 * 1024, 7),
    notes: PREVIEW_NOTES,
  });
  playInstalledAppImage(join(dataDir, 'update'), { feed: server.url, version: current, cacheDirName: 'b24-chat-lookup-preview-updater' });
  const engine = createUpdateEngine('appimage', log);
  if (!engine) throw new Error('An AppImage looks for updates.');
  return {
    port: { kind: 'appimage', engine: { ...engine, installNow: () => log(`Update: the app would quit now and install ${newVersion}.`) } },
    close: () => server.close(),
  };
}
