/**
 * The main process as it ships, driven as a person drives it. This runs the built `dist/main/main.js` (the very file
 * the installers carry) under plain Node, with `electron` aliased to test/fakes/electron.ts: a stand-in whose every
 * export is typed against Electron 45's declarations and which records what the app did with it. Real files in a temp
 * folder (electron-store's), the real REST client over the stand-in's `net.request` (Node's http underneath) to the
 * fake portal on 127.0.0.1, the real IPC contract called as the window's preload calls it.
 *
 * It proves the app's side: which Electron calls the shell makes, in which order, with which answers used, what the
 * person would see (tray menu, window shown and hidden, notifications, links opened, files written), and that nothing
 * throws or rejects unhandled anywhere on the way. It cannot prove Electron's own behaviour (that the OS shows the icon
 * or the notification, focus and blur as a desktop has them, the sandbox, Chromium's network stack): the `_electron`
 * spec (test/electron/app.spec.ts) drives the real binary for that, where one can be downloaded.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compileFunction } from 'node:vm';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { SettingsView } from '../../electron/core/ipc/contract.ts';
import { LAUNCHED_AT_LOGIN_FLAG } from '../../electron/core/launch/command-line.ts';
import { type FakePortal, startFakePortal } from '../fake-portal/portal.ts';
import { type StandInBrowserWindow, type StandInTray, app, contextBridge, ipcRenderer, standIn } from '../fakes/electron.ts';
import { BUILT_MAIN as MAIN, BUILT_PAGE as RENDERER_PAGE, BUILT_PRELOAD as PRELOAD, invoke, startBuiltApp, until } from '../support/built-app.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const OPEN_WINDOW = 'CommandOrControl+Alt+B';
const LOOKUP_CLIPBOARD = 'CommandOrControl+Alt+V';

/** The built bundle, built now when `npm test`'s build step has not run (a lone `vitest run`). */
function ensureBuilt(): void {
  if (existsSync(MAIN) && existsSync(RENDERER_PAGE) && existsSync(PRELOAD)) return;
  const built = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'npm', 'bin', 'npm-cli.js'), 'run', '--silent', 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (built.status !== 0 || !existsSync(MAIN)) throw new Error('npm run build failed: the lifecycle test runs the built dist/main/main.js');
}

/** Lets the app finish what it does after an event (its setImmediate work, the page's load). */
const settle = (): Promise<void> => new Promise((done) => setTimeout(done, 20));

let dir: string;
let userData: string;
let portal: FakePortal;
let lines: string[];

/** Starts the bundle as Electron would: the module runs, then `ready`. Each call is a fresh start over the same files. */
async function startApp(given: Parameters<typeof standIn.reset>[0] = {}, args: string[] = [], beforeReady = (): void => {}): Promise<void> {
  await startBuiltApp({ profile: userData, downloads: dir, given, args, beforeReady });
  await settle();
}

/** Everything the history keeps on disk now (the history file and its journal), as one text. */
const historyOnDisk = (): string =>
  readdirSync(userData)
    .filter((name) => name.startsWith('history'))
    .map((name) => readFileSync(join(userData, name), 'utf8'))
    .join('\n');

/** Runs `steps` with a profile folder of their own, `name` under the test's folder. */
async function withProfile(name: string, steps: () => Promise<void>): Promise<void> {
  const kept = userData;
  userData = join(dir, name);
  try {
    await steps();
  } finally {
    userData = kept;
  }
}

const tray = (): StandInTray => {
  const [only] = standIn.state.trays;
  if (!only) throw new Error('no tray');
  return only;
};
const window = (): StandInBrowserWindow => {
  const [only, ...more] = standIn.state.windows;
  if (!only || more.length > 0) throw new Error(`${standIn.state.windows.length} windows`);
  return only;
};
const menuLabels = (): string[] => (tray().menu?.template ?? []).map((item) => item.label ?? '—');

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'b24-lifecycle-'));
  userData = join(dir, 'profile');
  // Launch at login on Linux is an XDG autostart entry under XDG_CONFIG_HOME.
  vi.stubEnv('XDG_CONFIG_HOME', join(dir, 'config'));
  vi.stubEnv('B24_RENDERER_URL', '');
  portal = await startFakePortal();
  lines = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
});

afterAll(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await portal.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the app over a day, as the installers ship it', () => {
  test('first start: the tray icon from the shipped images, the hotkeys registered, and the window opens on its first page', async () => {
    // Another app holds the window hotkey: Electron's register() answers false, and the app must believe it.
    await startApp({ takenAccelerators: new Set([OPEN_WINDOW]) });
    expect(standIn.state.errorBoxes).toEqual([]);
    expect(tray().image.isEmpty()).toBe(false);
    expect(tray().image.path.startsWith(join(ROOT, 'dist', 'main', 'tray'))).toBe(true);
    expect(tray().tooltip).toContain('B24 Chat Lookup');
    expect([...standIn.state.registeredShortcuts.keys()]).toEqual([LOOKUP_CLIPBOARD]);
    // Started by the person (not at login): the window opens, its page the built file.
    expect(window().webContents.loads).toEqual([RENDERER_PAGE]);
    expect(window().isVisible()).toBe(true);
    expect(window().options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    // No application menu, so no Ctrl+W, Ctrl+R or Ctrl+Q of Electron's default one closes, reloads or quits the popup.
    expect(standIn.state.applicationMenu).toBeNull();
    // The page may load its own files only; nothing leaves the window's session for the network.
    expect(standIn.windowSessionAllows(pathToFileURL(join(ROOT, 'dist', 'renderer', 'assets', 'x.js')).href)).toBe(true);
    expect(standIn.windowSessionAllows('https://example.com/')).toBe(false);
  });

  test('a hotkey another app holds is said to be taken, and the tray menu offers only the one that works', async () => {
    const { hotkeys } = await invoke<SettingsView>('settings:get');
    expect(hotkeys.openWindow).toMatchObject({ accelerator: OPEN_WINDOW, status: 'unavailable' });
    expect(hotkeys.openWindow.message).not.toBeNull();
    expect(hotkeys.lookupClipboard).toMatchObject({ accelerator: LOOKUP_CLIPBOARD, status: 'active' });
    const accelerators = (tray().menu?.template ?? []).map((item) => item.accelerator).filter(Boolean);
    expect(accelerators).toEqual([LOOKUP_CLIPBOARD]);
  });

  test('the window hides when another app takes the focus and on Esc, and the tray icon brings it back', async () => {
    window().focus();
    window().loseFocus();
    expect(window().isVisible()).toBe(false);
    // A click on the tray icon is what took the focus: that same gesture leaves the window hidden (no flicker)…
    tray().click();
    expect(window().isVisible()).toBe(false);
    // …and a later click opens it.
    await new Promise((done) => setTimeout(done, 350));
    tray().click();
    expect(window().isVisible()).toBe(true);
    await invoke('window:hide');
    expect(window().isVisible()).toBe(false);
    tray().click();
    expect(window().isVisible()).toBe(true);
    // Shown again, never loaded again.
    expect(window().webContents.loads).toHaveLength(1);
  });

  test('a portal connected from the window is kept sealed, never in plain text', async () => {
    await invoke('profiles:add-webhook', { webhookUrl: portal.webhookUrl });
    const secret = new URL(portal.webhookUrl).pathname.split('/').at(-2) ?? '';
    expect(secret.length).toBeGreaterThan(5);
    const stored = readdirSync(userData).map((name) => join(userData, name));
    // Sealed by safeStorage (the stand-in's cipher marks what it sealed), and kept as base64.
    const sealedMark = Buffer.from('stand-in-sealed').toString('base64');
    expect(stored.some((path) => statSync(path).isFile() && readFileSync(path, 'utf8').includes(sealedMark))).toBe(true);
    for (const path of stored) if (statSync(path).isFile()) expect(readFileSync(path, 'utf8')).not.toContain(secret);
  });

  test('the clipboard hotkey looks up what was copied, copies the chat id and says so; a click on that opens the chat', async () => {
    standIn.state.clipboardText = 'LEAD|13';
    standIn.press(LOOKUP_CLIPBOARD);
    await until('the notification', () => standIn.state.notifications.length === 1);
    const [shown] = standIn.state.notifications;
    expect(shown?.title).toContain('1437');
    expect(standIn.state.clipboardText).toBe('1437');
    shown?.click();
    await until('the chat opened', () => standIn.state.openedExternally.length === 1);
    expect(standIn.state.openedExternally[0]).toContain(new URL(portal.webhookUrl).host);
    expect(standIn.state.openedExternally[0]).toContain('1437');
  });

  test('a second launch with a reference hands it to the running app, whose window looks it up', async () => {
    window().hide();
    const sentBefore = window().webContents.sent.length;
    app.emit('second-instance', {}, ['b24-chat-lookup-app', 'D_5'], dir, { reference: 'D_5', atLogin: false });
    expect(window().isVisible()).toBe(true);
    // The page listens (it has loaded), so the request is sent to it as an event, to look up at once.
    const sent = window().webContents.sent.slice(sentBefore);
    expect(sent).toContainEqual({ channel: 'event:window-request', payload: expect.objectContaining({ view: 'lookup', text: 'D_5', run: true }) });
  });

  test('launch at login, switched from the tray menu, writes and removes the autostart entry', async () => {
    const autostart = join(dir, 'config', 'autostart');
    const entries = (): string[] => (existsSync(autostart) ? readdirSync(autostart) : []);
    const label = menuLabels().find((text) => /login/i.test(text));
    expect(label, menuLabels().join(', ')).toBeDefined();
    const before = entries().length;
    tray().menu?.click(label ?? '');
    await settle();
    expect(entries().length).not.toBe(before);
    tray().menu?.click(menuLabels().find((text) => /login/i.test(text)) ?? '');
    await settle();
    expect(entries().length).toBe(before);
  });

  test('the history exported from the window goes where the save dialog says, which asks before replacing a file', async () => {
    const target = join(dir, 'history.csv');
    standIn.state.given.saveTo = target;
    window().show();
    const exported = await invoke<{ path: string | null; entries: number }>('history:export', { format: 'csv' });
    expect(exported).toMatchObject({ path: target });
    expect(readFileSync(target, 'utf8')).toContain('LEAD|13');
    expect(standIn.state.saveDialogs).toEqual([
      expect.objectContaining({ properties: ['showOverwriteConfirmation'], defaultPath: expect.stringMatching(/\.csv$/) }),
    ]);
  });

  test('quit right after a lookup: its history entry is on disk when the app ends, and the hotkeys are given back', async () => {
    let onDisk = '';
    standIn.state.onEnd.push(() => (onDisk = historyOnDisk()));
    const found = await invoke<{ results: { status: string }[] }>('lookup:text', { text: 'DEAL|5' });
    expect(found.results).toHaveLength(1);
    // In the same turn as the answer: the history's write after the answer has not run yet.
    app.quit();
    expect(standIn.state.ended).toEqual({ how: 'quit' });
    expect(onDisk).toContain('DEAL|5');
    expect(standIn.state.registeredShortcuts.size).toBe(0);
  });

  test('Windows ending the session right after a lookup (no quit events then): its history entry is on disk all the same', async () => {
    await startApp();
    await invoke('lookup:text', { text: 'CO_9' });
    expect(historyOnDisk()).not.toContain('CO_9');
    window().emit('session-end', { preventDefault: () => undefined });
    expect(historyOnDisk()).toContain('CO_9');
  });

  test('the next start finds the portal, the history and the settings where the last one left them', async () => {
    await startApp();
    const profiles = await invoke<{ profiles: unknown[] }>('profiles:list');
    expect(profiles.profiles).toHaveLength(1);
    const history = await invoke<{ entries: { input: string }[] }>('history:list', {});
    expect(history.entries.map((entry) => entry.input)).toEqual(expect.arrayContaining(['DEAL|5', 'LEAD|13']));
    expect([...standIn.state.registeredShortcuts.keys()].sort()).toEqual([LOOKUP_CLIPBOARD, OPEN_WINDOW].sort());
    app.quit();
  });

  test('nothing threw or was rejected unhandled anywhere, and no error dialog was shown', () => {
    expect(lines.filter((line) => /Unexpected error|failed:/.test(line))).toEqual([]);
    expect(standIn.state.errorBoxes).toEqual([]);
  });
});

describe('on macOS (the same bundle, told it runs there)', () => {
  const platform = Object.getOwnPropertyDescriptor(process, 'platform');
  beforeAll(() => void Object.defineProperty(process, 'platform', { value: 'darwin' }));
  afterAll(() => void (platform && Object.defineProperty(process, 'platform', platform)));

  test('opening the running app again shows its window, and hiding it gives the focus back to the app before', async () => {
    await withProfile('mac', async () => {
      await startApp({}, [LAUNCHED_AT_LOGIN_FLAG]);
      expect(window().isVisible()).toBe(false);
      // Finder, Spotlight or the Dock open the app that runs: macOS sends 'activate', not a second instance.
      app.emit('activate', {}, false);
      await until('the window on screen', () => window().isVisible());
      await invoke('window:hide');
      expect(window().isVisible()).toBe(false);
      expect(standIn.state.appHidden).toBe(1);
      app.quit();
    });
  });

  test('a login item waiting for approval in System Settings is said once, when switched on, not at every start', async () => {
    await withProfile('mac-login', async () => {
      await startApp({ loginItemStatus: 'requires-approval' }, [LAUNCHED_AT_LOGIN_FLAG]);
      await invoke('settings:update', { launchAtLogin: true });
      expect(standIn.state.notifications.map((shown) => shown.body)).toEqual([expect.stringContaining('System Settings')]);
      app.quit();
      await startApp({ loginItemStatus: 'requires-approval' }, [LAUNCHED_AT_LOGIN_FLAG]);
      expect(standIn.state.notifications).toEqual([]);
      expect(standIn.state.loginItem.openAtLogin).toBe(true);
      app.quit();
    });
  });
});

describe('Linux without a keyring (sway, i3, xvfb-run)', () => {
  test('a portal can still be added, with the settings saying plainly that its credentials are only obscured', async () => {
    await withProfile('no-keyring', async () => {
      await startApp({ encryptionAvailable: false, storageBackend: 'basic_text' });
      const { secretStorage } = await invoke<SettingsView>('settings:get');
      expect(secretStorage).toEqual({ protection: 'obscured_only', warning: { code: 'secret_storage_obscured' } });
      await invoke('profiles:add-webhook', { webhookUrl: portal.webhookUrl });
      expect((await invoke<{ profiles: unknown[] }>('profiles:list')).profiles).toHaveLength(1);
      app.quit();
      // The next start opens the stored portal for a lookup before anything asks how well it is kept.
      await startApp({ encryptionAvailable: false, storageBackend: 'basic_text' });
      const found = await invoke<{ results: { status: string }[] }>('lookup:text', { text: 'LEAD|13' });
      expect(found.results.map((result) => result.status)).toEqual(['found']);
      app.quit();
    });
  });
});

describe('the window as the packed app loads it', () => {
  test('the preload runs as a sandboxed preload does: CommonJS, only `electron` required, and window.b24 its one export', async () => {
    await startApp();
    // What a sandboxed preload's require gives (docs/api/sandbox-option.md): electron's renderer modules and three
    // polyfills. Anything else the bundle asked for would throw in the real window.
    const allowed = new Set(['electron', 'events', 'timers', 'url']);
    const required: string[] = [];
    const nodeRequire = createRequire(import.meta.url);
    const sandboxedRequire = (name: string): unknown => {
      required.push(name);
      if (!allowed.has(name)) throw new Error(`module not found: ${name}`);
      return name === 'electron' ? { contextBridge, ipcRenderer } : nodeRequire(name);
    };
    const module = { exports: {} };
    const run = compileFunction(readFileSync(PRELOAD, 'utf8'), ['require', 'module', 'exports', 'process', 'Buffer', 'global'], { filename: PRELOAD });
    run(sandboxedRequire, module, module.exports, process, Buffer, globalThis);
    expect(required).toEqual(['electron']);
    expect([...contextBridge.exposed.keys()]).toEqual(['b24']);
    const api = contextBridge.exposed.get('b24') as Record<string, unknown> & { settingsGet(): Promise<{ ok: boolean }> };
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.values(api).every((member) => typeof member === 'function')).toBe(true);
    // A call goes to the main process's handler of the contract, and its answer comes back.
    await expect(api.settingsGet()).resolves.toMatchObject({ ok: true, value: { values: { language: expect.any(String) } } });
    app.quit();
  });

  test('started at login it stays in the tray with its window made and loaded, so the first hotkey loads nothing', async () => {
    await startApp({}, [LAUNCHED_AT_LOGIN_FLAG]);
    expect(window().isVisible()).toBe(false);
    expect(window().webContents.loads).toEqual([RENDERER_PAGE]);
    standIn.press(OPEN_WINDOW);
    await until('the window on screen', () => window().isVisible());
    expect(window().shows).toBe(1);
    expect(window().webContents.loads).toHaveLength(1);
    // Its renderer gone (a crash, the OS out of memory), the page is loaded again: the next show is not a dead page.
    window().webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    expect(window().webContents.loads).toHaveLength(2);
    // A renderer that cannot start at all is not reloaded in a loop.
    window().webContents.emit('render-process-gone', {}, { reason: 'launch-failed', exitCode: 1 });
    expect(window().webContents.loads).toHaveLength(2);
    app.quit();
  });

  test('a second launch while this one is still starting is not lost: its reference is looked up once the app is up', async () => {
    await startApp({}, [LAUNCHED_AT_LOGIN_FLAG], () =>
      app.emit('second-instance', {}, ['b24-chat-lookup-app', 'LEAD|7'], dir, { reference: 'LEAD|7', atLogin: false }),
    );
    await until('the window on screen', () => window().isVisible());
    const request = await invoke<{ view: string; text?: string; run?: boolean } | null>('window:take-request');
    expect(request).toMatchObject({ view: 'lookup', text: 'LEAD|7', run: true });
    app.quit();
  });

  test('every file the page loads is in dist/renderer, by a relative path (app.asar keeps it there), and let through', () => {
    const page = readFileSync(RENDERER_PAGE, 'utf8');
    const assets = [...page.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? '').filter((url) => !url.startsWith('data:'));
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of assets) {
      expect(asset, 'a relative path, which resolves inside app.asar').toMatch(/^\.\//);
      const url = new URL(asset, pathToFileURL(RENDERER_PAGE)).href;
      expect(existsSync(fileURLToPath(url)), url).toBe(true);
      expect(standIn.windowSessionAllows(url), url).toBe(true);
    }
  });
});
