/**
 * Updates against a release server on 127.0.0.1 (test/fakes/release-server.ts): the real electron-updater 6 (its
 * AppImage and deb updaters, its generic provider reading `resources/app-update.yml` as in a package, its sha512
 * check), over the stand-in's `net.request` as Electron's net module is its HTTP client, driven by the app's own
 * UpdateService as the tray and the About section drive it. Real files: the AppImage being replaced, the updater's
 * download cache ($XDG_CACHE_HOME).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import type { InstallKind } from '../../electron/core/updates/install-kind.ts';
import { type UpdateChannel, UpdateService, type UpdateView } from '../../electron/core/updates/update-service.ts';
import { LANGUAGES, say } from '../../electron/common/i18n/catalogs.ts';
import { createUpdateEngine } from '../../electron/shell/updater.ts';
import { invoke, startBuiltApp, until } from '../support/built-app.ts';
import { playInstalledAppImage } from '../support/installed-appimage.ts';
import { type FakeRelease, type ReleaseServer, startReleaseServer } from '../fakes/release-server.ts';
import { app, standIn } from '../fakes/electron.ts';

const CURRENT = '0.1.0';
const CACHE_DIR_NAME = 'b24-chat-lookup-updater';
const NOTES = '<h2>What&#39;s new</h2><ul><li>Faster lookups</li><li>Updates &amp; more</li></ul><script>alert(1)</script>';

let work: string;
let server: ReleaseServer;
const saved = { env: { ...process.env }, resourcesPath: Object.getOwnPropertyDescriptor(process, 'resourcesPath') };

const release = (version: string, extra: Partial<FakeRelease> = {}): FakeRelease => ({
  version,
  file: `B24-Chat-Lookup-${version}-x86_64.AppImage`,
  // Big enough for several progress events.
  content: Buffer.alloc(3 * 1024 * 1024, version),
  notes: NOTES,
  ...extra,
});

/** The updater's download folder, as electron-updater names it (DownloadedUpdateHelper: <cache>/<updaterCacheDirName>/pending). */
const pending = (): string => join(work, 'cache', CACHE_DIR_NAME, 'pending');
const pendingFiles = (): string[] => (existsSync(pending()) ? readdirSync(pending()).filter((name) => name !== 'update-info.json') : []);

function service({
  kind = 'appimage',
  channel = 'latest',
  checks = true,
  log = [],
  stallMs = 1_500,
  checkTimeoutMs = 5_000,
}: { kind?: InstallKind; channel?: UpdateChannel; checks?: boolean; log?: string[]; stallMs?: number; checkTimeoutMs?: number } = {}): UpdateService {
  const engine = createUpdateEngine(kind, (line) => log.push(line));
  return new UpdateService({
    engine,
    kind,
    version: CURRENT,
    settings: { get: () => ({ updateChecks: checks, updateChannel: channel }) },
    now: Date.now,
    log: (line) => log.push(line),
    stallMs,
    checkTimeoutMs,
    startDelayMs: 0,
  });
}

beforeAll(async () => {
  server = await startReleaseServer();
});
afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'b24-updates-'));
  // A packaged copy: electron-builder's app-update.yml beside app.asar, here naming the release server.
  playInstalledAppImage(work, { feed: server.url, version: CURRENT, cacheDirName: CACHE_DIR_NAME });
  server.requests.length = 0;
});

afterEach(() => {
  server.releaseStalls();
  process.env = { ...saved.env };
  if (saved.resourcesPath) Object.defineProperty(process, 'resourcesPath', saved.resourcesPath);
  else delete (process as { resourcesPath?: string }).resourcesPath;
  rmSync(work, { recursive: true, force: true });
});

describe('updates against a release server that serves what GitHub releases serve', { timeout: 30_000 }, () => {
  test('a newer version: found with its notes as text, downloaded through the redirect with progress, verified, ready to install', async () => {
    server.publish('latest', 'linux', release('0.2.0'));
    const updates = service();
    const seen: UpdateView[] = [];
    updates.onChange((view) => seen.push(view));

    const found = await updates.check({ automatic: false });
    expect(found).toMatchObject({ status: 'available', selfUpdating: true, release: { version: '0.2.0', date: '2026-12-01T10:00:00.000Z' } });
    // HTML from the feed becomes text: no tags, no script, entities read.
    expect(found.release?.notes).toBe("What's new\n\n• Faster lookups\n• Updates & more");
    expect(server.requests).toEqual(['/latest-linux.yml']);

    const done = await updates.download();
    expect(done).toMatchObject({ status: 'downloaded', problem: null });
    expect(server.requests).toEqual(expect.arrayContaining(['/B24-Chat-Lookup-0.2.0-x86_64.AppImage', '/objects/B24-Chat-Lookup-0.2.0-x86_64.AppImage']));
    const progress = seen.filter((view) => view.status === 'downloading').map((view) => view.progress?.percent ?? -1);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    // The verified file waits in the updater's cache; the installed AppImage is untouched until the install.
    expect(pendingFiles()).toEqual(['B24-Chat-Lookup-0.2.0-x86_64.AppImage']);
    expect(readFileSync(join(pending(), 'B24-Chat-Lookup-0.2.0-x86_64.AppImage'))).toEqual(release('0.2.0').content);
    expect(readFileSync(process.env.APPIMAGE ?? '', 'utf8')).toBe('the installed version');
  });

  test('the same version: up to date, and nothing downloaded', async () => {
    server.publish('latest', 'linux', release(CURRENT));
    const updates = service();
    expect(await updates.check({ automatic: false })).toMatchObject({ status: 'upToDate', release: null });
    expect(() => updates.download()).toThrow('update_none_found');
    expect(server.requests).toEqual(['/latest-linux.yml']);
  });

  test.each([
    ['damaged on the way (a byte changed)', 'corrupt'],
    ['whose metadata has another checksum', 'wrongChecksum'],
  ] as const)('a download %s: not installed, the installed version kept, and the person told', async (_name, trouble) => {
    server.publish('latest', 'linux', release('0.2.0', { trouble }));
    const updates = service();
    await updates.check({ automatic: false });
    const failed = await updates.download();
    expect(failed).toMatchObject({ status: 'failed', problem: { code: 'update_download_unverified' }, release: { version: '0.2.0' } });
    expect(pendingFiles()).toEqual([]);
    expect(() => updates.installNow()).toThrow('update_not_downloaded');
    expect(readFileSync(process.env.APPIMAGE ?? '', 'utf8')).toBe('the installed version');
  });

  test('a connection dropped half-way: a failed download, said with the reason, and nothing left to install', async () => {
    server.publish('latest', 'linux', release('0.2.0', { trouble: 'truncate' }));
    const updates = service();
    await updates.check({ automatic: false });
    const failed = await updates.download();
    expect(failed.status).toBe('failed');
    // The network's error, as Electron's net module words it.
    expect(failed.problem).toMatchObject({ code: 'update_download_failed', params: { reason: expect.stringMatching(/^net::ERR_/) } });
    expect(pendingFiles()).toEqual([]);
    expect(() => updates.installNow()).toThrow('update_not_downloaded');
  });

  test('a server that stops sending: given up after the stall time, said so; a second try downloads it', async () => {
    server.publish('latest', 'linux', release('0.2.0', { trouble: 'stall' }));
    const updates = service({ stallMs: 1_000 });
    await updates.check({ automatic: false });
    const started = Date.now();
    const stalled = await updates.download();
    expect(stalled).toMatchObject({ status: 'failed', problem: { code: 'update_download_stalled', params: { seconds: 1 } } });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(pendingFiles()).toEqual([]);

    server.publish('latest', 'linux', release('0.2.0'));
    expect(await updates.download()).toMatchObject({ status: 'downloaded' });
  });

  test('unreadable metadata: the check fails with the reason, and the app goes on as it is', async () => {
    server.publish('latest', 'linux', release('0.2.0', { trouble: 'brokenMetadata' }));
    const updates = service();
    const failed = await updates.check({ automatic: false });
    expect(failed).toMatchObject({ status: 'failed', release: null, problem: { code: 'update_check_failed' } });
    expect(failed.problem).toHaveProperty('params.reason');
  });

  test('a feed that never answers: the check gives up in time and says so; the next one starts afresh', async () => {
    server.publish('latest', 'linux', release('0.2.0', { trouble: 'silentMetadata' }));
    const updates = service({ checkTimeoutMs: 1_000 });
    expect(await updates.check({ automatic: false })).toMatchObject({ status: 'failed', problem: { code: 'update_check_timeout', params: { seconds: 1 } } });
    server.publish('latest', 'linux', release('0.2.0'));
    expect(await updates.check({ automatic: false })).toMatchObject({ status: 'available', release: { version: '0.2.0' } });
    expect(server.requests).toEqual(['/latest-linux.yml', '/latest-linux.yml']);
  });

  test('a channel the person has not chosen: a preview is offered only to one who follows the previews', async () => {
    server.publish('latest', 'linux', release(CURRENT));
    server.publish('beta', 'linux', release('0.3.0-beta.1'));
    expect(await service({ channel: 'latest' }).check({ automatic: false })).toMatchObject({ status: 'upToDate' });
    expect(await service({ channel: 'beta' }).check({ automatic: false })).toMatchObject({ status: 'available', release: { version: '0.3.0-beta.1' } });
    expect(server.requests).toEqual(['/latest-linux.yml', '/beta-linux.yml']);
    // A preview put in the releases' own file by mistake is not offered either.
    server.publish('latest', 'linux', release('0.4.0-beta.1'));
    expect(await service({ channel: 'latest' }).check({ automatic: false })).toMatchObject({ status: 'upToDate' });
  });

  test('automatic checks off: the timer reads nothing; "Check now" still does', async () => {
    server.publish('latest', 'linux', release('0.2.0'));
    const updates = service({ checks: false });
    updates.start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.requests).toEqual([]);
    expect(await updates.check({ automatic: false })).toMatchObject({ status: 'available' });
    updates.stop();
  });

  test('automatic checks on: the first comes by itself after start', async () => {
    server.publish('latest', 'linux', release('0.2.0'));
    const updates = service();
    const found = new Promise<UpdateView>((resolve) => updates.onChange((view) => view.status === 'available' && resolve(view)));
    updates.start();
    expect(await found).toMatchObject({ release: { version: '0.2.0' } });
    updates.stop();
  });

  test('a deb names the new version but leaves installing to its package manager: no download', async () => {
    writeFileSync(join(work, 'resources', 'package-type'), 'deb\n');
    delete process.env.APPIMAGE;
    server.publish('latest', 'linux', release('0.2.0'));
    const updates = service({ kind: 'deb' });
    expect(await updates.check({ automatic: false })).toMatchObject({ status: 'available', selfUpdating: false, release: { version: '0.2.0' } });
    expect(() => updates.download()).toThrow('update_not_self_updating');
    expect(server.requests).toEqual(['/latest-linux.yml']);
  });
});

describe('the built app as an AppImage, its feed on 127.0.0.1', { timeout: 60_000 }, () => {
  const trayLabels = (): string[] => (standIn.state.trays[0]?.menu?.template ?? []).map((item) => item.label ?? '—');

  test('finds 0.2.0 after start, the tray downloads it, About and the tray say so in every language, and the quit installs it', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    // The "new AppImage" is a script: installing it at quit runs it (AppImageUpdater.doInstall), and it leaves a mark.
    const mark = join(work, 'installed-and-run');
    const script = Buffer.from(`#!/bin/sh\necho "$APPIMAGE_EXIT_AFTER_INSTALL" > '${mark}'\nexit 0\n#${'x'.repeat(2 * 1024 * 1024)}\n`);
    server.publish('latest', 'linux', release('0.2.0', { content: script }));
    await startBuiltApp({ profile: join(work, 'profile'), downloads: work, given: { version: CURRENT, packaged: true } });
    expect(trayLabels()[0]).not.toMatch(/0\.2\.0/);

    // The first check comes by itself, a few seconds after the tray (UPDATE_START_DELAY_MS).
    await until('the tray names the new version', () => trayLabels()[0] === 'Update to 0.2.0…', 15_000);
    expect(await invoke('update:state')).toMatchObject({ kind: 'appimage', selfUpdating: true, status: 'available', release: { version: '0.2.0' } });

    // One click on the tray item: the download starts, and the window opens at Settings' About to show it.
    const page = standIn.state.windows[0]?.webContents;
    const sentBefore = page?.sent.length ?? 0;
    standIn.state.trays[0]?.menu?.click('Update to 0.2.0…');
    expect(page?.sent.slice(sentBefore)).toContainEqual({ channel: 'event:window-request', payload: { view: 'settings', section: 'about' } });
    expect(page?.sent.slice(sentBefore)).toContainEqual({ channel: 'event:update-changed', payload: expect.objectContaining({ status: 'downloading' }) });
    await until('downloaded', () => trayLabels()[0] === 'Restart to Update to 0.2.0', 15_000);
    expect(await invoke('update:state')).toMatchObject({ status: 'downloaded', problem: null });

    for (const language of LANGUAGES) {
      await invoke('settings:update', { language });
      expect(trayLabels()[0]).toBe(say({ code: 'tray_update_ready', params: { version: '0.2.0' } }, language));
      if (language !== 'en') expect(trayLabels()[0]).not.toBe('Restart to Update to 0.2.0');
    }

    // Quit without "Restart now": the downloaded version is put in place of the AppImage and run once to finish.
    app.quit();
    expect(readFileSync(process.env.APPIMAGE ?? '')).toEqual(script);
    expect(readFileSync(mark, 'utf8')).toBe('true\n');
  });

  test('an AppImage named with its version is installed under the new name, and launch at login follows it', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    vi.stubEnv('XDG_CONFIG_HOME', join(work, 'config'));
    // Run from its own mount ($APPDIR holds the program), from a file named as the releases page names it.
    const old = join(work, 'B24-Chat-Lookup-0.1.0-x86_64.AppImage');
    writeFileSync(old, 'the installed version');
    vi.stubEnv('APPIMAGE', old);
    vi.stubEnv('APPDIR', join(process.execPath, '..'));
    const script = Buffer.from(`#!/bin/sh\nexit 0\n#${'x'.repeat(1024 * 1024)}\n`);
    server.publish('latest', 'linux', release('0.2.0', { content: script }));
    await startBuiltApp({ profile: join(work, 'profile'), downloads: work, given: { version: CURRENT, packaged: true } });
    await invoke('settings:update', { launchAtLogin: true });
    const entry = join(work, 'config', 'autostart', 'com.b24chatlookup.app.desktop');
    expect(readFileSync(entry, 'utf8')).toContain(old);
    expect(await invoke('update:check')).toMatchObject({ status: 'available' });
    await invoke('update:download');
    await until('downloaded', () => trayLabels()[0] === 'Restart to Update to 0.2.0', 15_000);

    app.quit();
    const installed = join(work, 'B24-Chat-Lookup-0.2.0-x86_64.AppImage');
    expect(existsSync(old)).toBe(false);
    expect(readFileSync(installed)).toEqual(script);
    expect(readFileSync(entry, 'utf8')).toContain(installed);
    vi.unstubAllEnvs();
  });

  test('with automatic checks off, the app reads no feed; the tray has no update item', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    server.publish('latest', 'linux', release('0.2.0'));
    const profile = join(work, 'profile');
    await startBuiltApp({ profile, downloads: work, given: { version: CURRENT, packaged: true } });
    await invoke('settings:update', { updateChecks: false });
    app.quit();
    server.requests.length = 0;
    await startBuiltApp({ profile, downloads: work, given: { version: CURRENT, packaged: true } });
    await new Promise((resolve) => setTimeout(resolve, 6_500));
    expect(server.requests).toEqual([]);
    expect(trayLabels()[0]).toBe('Look Up Clipboard');
    // Asked from About, it looks all the same.
    expect(await invoke('update:check')).toMatchObject({ status: 'available', release: { version: '0.2.0' } });
    app.quit();
  });
});
