/**
 * The update rules that need no feed: which copy updates itself, release notes made text, the tray's update item in
 * every language, and what a settings change does to a check. The feed itself (electron-updater against a release
 * server on 127.0.0.1) is test/lifecycle/updates.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { LANGUAGES, say } from '../../../electron/common/i18n/catalogs.ts';
import { installKind, looksForUpdates, updatesItself } from '../../../electron/core/updates/install-kind.ts';
import { RELEASE_NOTES_MAX, releaseNotesText } from '../../../electron/core/updates/release-notes.ts';
import { type ReleaseInfo, type UpdateEngine, UpdateService, type UpdateView } from '../../../electron/core/updates/update-service.ts';
import { trayMenu, updateItem } from '../../../electron/core/tray/tray.ts';
import type { Settings } from '../../../electron/core/state/settings.ts';

describe('which copy updates itself', () => {
  const kind = (platform: string, env: Record<string, string> = {}, packageType?: string, packaged = true) =>
    installKind({ platform, packaged, env, packageType });

  it('follows what electron-builder left in the package and what the AppImage runtime says', () => {
    expect(kind('linux', {}, undefined, false)).toBe('development');
    expect(kind('win32')).toBe('nsis');
    expect(kind('win32', { PORTABLE_EXECUTABLE_DIR: 'C:\\x' })).toBe('unpacked');
    expect(kind('darwin')).toBe('mac');
    expect(kind('linux', { APPIMAGE: '/home/a/B24.AppImage' })).toBe('appimage');
    expect(kind('linux', {}, 'deb')).toBe('deb');
    expect(kind('linux', {}, 'rpm')).toBe('rpm');
    expect(kind('linux', { SNAP: '/snap/x' }, 'deb')).toBe('snap');
    expect(kind('linux')).toBe('unpacked');
  });

  it('only an AppImage and the NSIS install download and install; the deb and the Mac copy only say a version is out', () => {
    expect(['appimage', 'nsis', 'deb', 'rpm', 'pacman', 'mac'].filter((k) => updatesItself(k as never))).toEqual(['appimage', 'nsis']);
    expect(['snap', 'unpacked', 'development'].some((k) => looksForUpdates(k as never))).toBe(false);
    expect(looksForUpdates('deb') && looksForUpdates('mac')).toBe(true);
  });
});

describe('release notes', () => {
  it('GitHub HTML becomes text: headings and items on lines of their own, no markup, no scripts', () => {
    expect(releaseNotesText('<p>Fixes &lt;b&gt; &#x263A;</p><ol><li>One</li><li>Two</li></ol><style>p{}</style><img src=x onerror=alert(1)>')).toBe(
      'Fixes <b> ☺\n\n• One\n• Two',
    );
  });

  it('plain text stays as it was; notes of several releases each under their version; long notes are cut', () => {
    expect(releaseNotesText('Fixed the tray.\nFaster.')).toBe('Fixed the tray.\nFaster.');
    expect(
      releaseNotesText([
        { version: '0.3.0', note: '<p>B</p>' },
        { version: '0.2.0', note: null },
      ]),
    ).toBe('0.3.0\nB\n\n0.2.0');
    expect(releaseNotesText(null)).toBe('');
    const long = releaseNotesText('x'.repeat(RELEASE_NOTES_MAX * 2));
    expect(long).toHaveLength(RELEASE_NOTES_MAX);
    expect(long.endsWith('…')).toBe(true);
  });
});

const view = (change: Partial<UpdateView>): UpdateView => ({
  current: '0.1.0',
  kind: 'appimage',
  supported: true,
  selfUpdating: true,
  status: 'available',
  release: { version: '0.2.0', notes: '', date: null },
  progress: null,
  problem: null,
  checkedAt: 0,
  revision: 1,
  ...change,
});

describe("the tray's update item", () => {
  it('is first while a version is out, and says the next step: download, its progress, restart; or the releases page', () => {
    const hotkeys = { openWindow: { status: 'off' }, lookupClipboard: { status: 'off' } } as never;
    const settings = { language: 'en', launchAtLogin: false } as const;
    expect(trayMenu(settings, hotkeys, view({ status: 'upToDate', release: null }))[0]).toMatchObject({ command: 'lookupClipboard' });
    expect(trayMenu(settings, hotkeys, view({}))[0]).toEqual({ kind: 'item', command: 'update', label: 'Update to 0.2.0…' });
    expect(trayMenu(settings, hotkeys, view({}))[1]).toEqual({ kind: 'separator' });
    expect(updateItem(view({ status: 'downloading', progress: { percent: 41.7, transferred: 1, total: 2 } }), 'en')?.label).toBe('Downloading Update… 41%');
    expect(updateItem(view({ status: 'downloaded' }), 'en')?.label).toBe('Restart to Update to 0.2.0');
    expect(updateItem(view({ status: 'failed', problem: { code: 'update_download_unverified' } }), 'en')?.label).toBe('Update to 0.2.0…');
    expect(updateItem(view({ kind: 'deb', selfUpdating: false }), 'en')?.label).toBe('Version 0.2.0 Is Out…');
  });

  it('in every language the app speaks, in its own words, the version named', () => {
    for (const language of LANGUAGES) {
      for (const [status, code] of [
        ['available', 'tray_update_available'],
        ['downloaded', 'tray_update_ready'],
      ] as const) {
        const label = updateItem(view({ status }), language)?.label ?? '';
        expect(label).toBe(say({ code, params: { version: '0.2.0' } }, language));
        expect(label).toContain('0.2.0');
        if (language !== 'en') expect(label).not.toBe(say({ code, params: { version: '0.2.0' } }, 'en'));
      }
    }
  });
});

describe('a settings change while updates are looked for', () => {
  /** An engine over a list of releases by channel (the service's rules only; the real engine is electron-updater). */
  function engineOf(releases: Record<string, ReleaseInfo | null>): UpdateEngine & { checks: string[] } {
    const checks: string[] = [];
    return {
      checks,
      check: async (channel) => (checks.push(channel), releases[channel] ?? null),
      download: async () => undefined,
      installNow: () => undefined,
      abandonCheck: () => undefined,
    };
  }
  const serviceOver = (engine: UpdateEngine, settings: Pick<Settings, 'updateChecks' | 'updateChannel'>) =>
    new UpdateService({ engine, kind: 'appimage', version: '0.1.0', settings: { get: () => settings }, now: () => 0, log: () => undefined, startDelayMs: 0 });

  it('another channel forgets the release the first one found, and looks again at once', async () => {
    const engine = engineOf({ latest: null, beta: { version: '0.3.0-beta.1', notes: '', date: null } });
    const settings = { updateChecks: true, updateChannel: 'latest' as Settings['updateChannel'] };
    const updates = serviceOver(engine, settings);
    expect(await updates.check({ automatic: false })).toMatchObject({ status: 'upToDate' });
    const found = new Promise<UpdateView>((resolve) => updates.onChange((v) => v.status === 'available' && resolve(v)));
    settings.updateChannel = 'beta';
    updates.settingsChanged({ updateChannel: 'beta' });
    expect(await found).toMatchObject({ release: { version: '0.3.0-beta.1' } });
    expect(engine.checks).toEqual(['latest', 'beta']);
    updates.stop();
  });

  it('every change raises the revision, so the window can tell an older view from a newer one', async () => {
    const engine = engineOf({ latest: { version: '0.2.0', notes: '', date: null } });
    const updates = serviceOver(engine, { updateChecks: true, updateChannel: 'latest' });
    const revisions: number[] = [];
    updates.onChange((v) => revisions.push(v.revision));
    const started = updates.view().revision;
    await updates.check({ automatic: false });
    const answered = updates.download();
    const atStart = updates.view();
    const done = await answered;
    expect(revisions).toEqual(revisions.toSorted((a, b) => a - b));
    expect(new Set(revisions).size).toBe(revisions.length);
    expect(started).toBeLessThan(atStart.revision);
    expect(atStart).toMatchObject({ status: 'downloading' });
    expect(done).toMatchObject({ status: 'downloaded' });
    expect(done.revision).toBeGreaterThan(atStart.revision);
  });

  it('once a day by the clock: a night asleep (timers stood still) counts, an hour awake does not', async () => {
    const engine = engineOf({ latest: null });
    // Timers by hand: each `set` waits to be run; the clock moves only when the test says.
    const waiting: { run: () => void; ms: number }[] = [];
    let clock = 0;
    const updates = new UpdateService({
      engine,
      kind: 'appimage',
      version: '0.1.0',
      settings: { get: () => ({ updateChecks: true, updateChannel: 'latest' }) },
      now: () => clock,
      log: () => undefined,
      startDelayMs: 5_000,
      timers: { set: (run, ms) => waiting.push({ run, ms }), clear: () => undefined },
    });
    const fire = async (): Promise<number> => {
      const next = waiting.shift();
      next?.run();
      await new Promise((resolve) => setImmediate(resolve));
      return next?.ms ?? -1;
    };
    updates.start();
    expect(await fire()).toBe(5_000);
    expect(engine.checks).toHaveLength(1);
    // An hour later on both the timer and the clock: not yet a day.
    clock += 60 * 60 * 1000;
    expect(await fire()).toBe(60 * 60 * 1000);
    expect(engine.checks).toHaveLength(1);
    // The lid closed for the night: the next hourly timer fires, but the clock says 14 hours went by, 15 in all.
    clock += 14 * 60 * 60 * 1000;
    await fire();
    expect(engine.checks).toHaveLength(1);
    clock += 9 * 60 * 60 * 1000;
    await fire();
    expect(engine.checks).toHaveLength(2);
    await fire();
    expect(engine.checks).toHaveLength(2);
  });

  it('checks turned off stop the timer; a check already downloaded is left alone', async () => {
    const engine = engineOf({ latest: { version: '0.2.0', notes: '', date: null } });
    const settings = { updateChecks: true, updateChannel: 'latest' as Settings['updateChannel'] };
    const updates = serviceOver(engine, settings);
    settings.updateChecks = false;
    updates.start();
    updates.settingsChanged({ updateChecks: false });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(engine.checks).toEqual([]);
    await updates.check({ automatic: false });
    expect(await updates.download()).toMatchObject({ status: 'downloaded' });
    // Nothing to look for until it is installed: no check, whoever asks.
    expect(await updates.check({ automatic: false })).toMatchObject({ status: 'downloaded' });
    expect(engine.checks).toEqual(['latest']);
  });
});
