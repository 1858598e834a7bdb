import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, type ElectronApplication, expect, type Page, test } from '@playwright/test';
import { say } from '../../electron/common/i18n/catalogs.ts';
import type { HotkeysView } from '../../electron/core/hotkeys/hotkeys.ts';
import { isWaylandSession } from '../../electron/core/hotkeys/hotkeys.ts';
import { INVOKES } from '../../electron/core/ipc/contract.ts';
import { AUTOSTART_FILE_NAME } from '../../electron/core/launch/autostart.ts';
import { LAUNCHED_AT_LOGIN_FLAG } from '../../electron/core/launch/command-line.ts';
import { type FakePortal, startFakePortal } from '../fake-portal/portal.ts';
import { chromiumSwitchesForTests, electronForTests } from '../support/electron-binary.ts';

// The built app in the real Electron, driven by Playwright. Runs wherever an Electron 45 binary exists (a developer's
// desktop: Electron's binary running dist/), or on the packed test build (the workflow: `npm run package:e2e`, then
// B24_E2E_APP_DIR=release/e2e). Elsewhere it is reported as skipped with the reason; a packed build that was asked
// for and is missing fails the run instead.
//
// It covers the day test/lifecycle/lifecycle.test.ts drives under a stand-in for `electron`, here with what only the
// real binary can show: the OS's tray, focus, hotkeys, clipboard, login items and the sandbox, Chromium's network stack.
// Playwright cannot press a global hotkey nor click a tray menu, so a test clicks the tray through its own event and
// the menu's items through the menu the tray built (openTrayMenu); both run what a person's click runs.
const projectRoot = resolve(import.meta.dirname, '../..');
const { version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };
const runtime = electronForTests();
if (!runtime.ok && runtime.required) throw new Error(runtime.reason);

// Every start alike, by Playwright or spawned: no OS sandbox on Linux where Chromium's cannot start, the mock keychain on
// macOS (chromiumSwitchesForTests says why). Playwright is told the same, so that it adds no --no-sandbox of its own.
const chromiumArgs = chromiumSwitchesForTests();
const osSandbox = !chromiumArgs.includes('--no-sandbox');
// A cold start of Electron on a CI runner is slow; Playwright's own limit for a start is 30 s.
const LAUNCH_TIMEOUT_MS = 60_000;
// The built window, never a dev server a developer may have left in their environment.
const baseEnv = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && e[0] !== 'B24_RENDERER_URL'));
const wayland = isWaylandSession(process.platform, process.env);
const LABEL = {
  lookUp: say({ code: 'tray_look_up_clipboard' }, 'en'),
  open: say({ code: 'tray_open' }, 'en'),
  launchAtLogin: say({ code: 'tray_launch_at_login' }, 'en'),
  quit: say({ code: 'tray_quit' }, 'en'),
};

/** What the spec keeps in the main process's globalThis; b24Tray is the app's own (main.ts: unpackaged and test builds). */
type MainState = {
  b24Tray?: Electron.Tray;
  b24TrayMenu?: Electron.Menu;
  b24KeepsTrayMenus?: boolean;
  b24Notifications?: Electron.Notification[];
  b24OpenedLinks?: string[];
};

/** One test's own profile: its settings, history and credentials, and its XDG_CONFIG_HOME (Linux's autostart entry). */
interface Profile {
  /** The temp folder holding both, removed after the test. */
  dir: string;
  userData: string;
  configHome: string;
}

// What a test started, ended after it in afterEach (the apps first: Windows cannot delete files a process holds).
const running = new Set<ElectronApplication>();
const spawned = new Set<{ child: ChildProcess; exited: Promise<number | null> }>();
const portals: FakePortal[] = [];
const dirs: string[] = [];

function newProfile(): Profile {
  const dir = mkdtempSync(join(tmpdir(), 'b24-e2e-'));
  dirs.push(dir);
  return { dir, userData: join(dir, 'profile'), configHome: join(dir, 'config') };
}

async function startPortal(): Promise<FakePortal> {
  const portal = await startFakePortal();
  portals.push(portal);
  return portal;
}

/**
 * Removes a folder the app used. Windows keeps a profile's files busy (EBUSY) for a moment after Electron's main process
 * has ended, while its helper processes go: retried.
 */
const removeDir = (dir: string): void => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 300 });

const envFor = (profile: Profile, extra: Record<string, string> = {}): Record<string, string> => ({
  ...baseEnv,
  XDG_CONFIG_HOME: profile.configHome,
  ...extra,
});
const appArgs = (profile: Profile): string[] => {
  if (!runtime.ok) throw new Error(runtime.reason);
  return [...chromiumArgs, ...runtime.appArgs, `--user-data-dir=${profile.userData}`];
};

async function launch(profile: Profile, args: string[] = []): Promise<ElectronApplication> {
  if (!runtime.ok) throw new Error(runtime.reason);
  const app = await electron.launch({
    executablePath: runtime.binaryPath,
    args: [...appArgs(profile), ...args],
    env: envFor(profile),
    chromiumSandbox: osSandbox,
    timeout: LAUNCH_TIMEOUT_MS,
  });
  running.add(app);
  app.once('close', () => running.delete(app));
  return app;
}

/** The app's executable started by hand (Playwright's launch would attach to it), with an exit to wait for. */
function spawnApp(args: string[], env: Record<string, string>): { child: ChildProcess; exited: Promise<number | null> } {
  if (!runtime.ok) throw new Error(runtime.reason);
  const child = spawn(runtime.binaryPath, args, { env, stdio: 'ignore' });
  const exited = new Promise<number | null>((done) => {
    child.once('exit', (code) => done(code));
    child.once('error', () => done(null));
  });
  const started = { child, exited };
  spawned.add(started);
  void exited.then(() => spawned.delete(started));
  return started;
}

type Bridge = Record<string, (payload?: unknown) => Promise<{ ok: boolean; value?: unknown; error?: unknown }>>;
const call = (page: Page, name: string, payload?: unknown) =>
  page.evaluate(([n, p]) => (window as unknown as { b24: Bridge }).b24[n as string]?.(p), [name, payload] as const);

/** Clicks the tray icon through its own 'click' event, so the window opens by the code path a person's click runs. */
async function clickTray(app: ElectronApplication): Promise<void> {
  await app.evaluate(() => {
    const tray = (globalThis as unknown as MainState).b24Tray;
    if (!tray) throw new Error('The app exposed no tray (globalThis.b24Tray): not a test build?');
    tray.emit('click', {}, { x: 0, y: 0, width: 0, height: 0 }, { x: 0, y: 0 });
  });
}

type TrayItem = { label: string; accelerator: string | null; checked: boolean | null };

/**
 * The tray's menu, as the tray builds it. Electron cannot read a tray's menu back, so Menu.buildFromTemplate is wrapped
 * in the main process to keep the menu built last, and a settings change makes the tray build it again now (main.ts:
 * every change refreshes the tray), in English, whose labels this spec clicks. An item's click then runs what a
 * person's does: Linux shows this very menu on the icon, macOS and Windows pop it up on a right click.
 */
async function openTrayMenu(app: ElectronApplication, page: Page): Promise<TrayItem[]> {
  await app.evaluate(({ Menu }) => {
    const state = globalThis as unknown as MainState;
    if (state.b24KeepsTrayMenus) return;
    state.b24KeepsTrayMenus = true;
    const build = Menu.buildFromTemplate.bind(Menu);
    Menu.buildFromTemplate = (template) => {
      const menu = build(template);
      state.b24TrayMenu = menu;
      return menu;
    };
  });
  expect(await call(page, 'settingsUpdate', { language: 'en' })).toMatchObject({ ok: true });
  return trayMenu(app);
}

/** The menu the tray built last (after openTrayMenu): every settings change builds it again. */
function trayMenu(app: ElectronApplication): Promise<TrayItem[]> {
  return app.evaluate(() =>
    ((globalThis as unknown as MainState).b24TrayMenu?.items ?? []).map((item) => ({
      label: item.label,
      accelerator: item.accelerator ?? null,
      checked: item.type === 'checkbox' ? item.checked : null,
    })),
  );
}

async function clickTrayMenu(app: ElectronApplication, label: string): Promise<void> {
  await app.evaluate((_electron, wanted) => {
    const menu = (globalThis as unknown as MainState).b24TrayMenu;
    const item = menu?.items.find((entry) => entry.label === wanted);
    if (!item) throw new Error(`The tray menu has no "${wanted}" (it has: ${menu?.items.map((entry) => entry.label).join(', ') ?? 'none kept'})`);
    item.click();
  }, label);
}

/**
 * Keeps the app's notifications in the main process instead of handing them to the OS, which has none to show on a
 * runner (Xvfb runs no notification service, an unsigned macOS build gets none): a test reads them and clicks one,
 * and that click runs the app's own handler. With `thenClick`, that tray menu item is clicked as each is shown, in the
 * same turn.
 */
async function keepNotifications(app: ElectronApplication, thenClick: string | null = null): Promise<void> {
  await app.evaluate(({ Notification }, label) => {
    const state = globalThis as unknown as MainState;
    const kept: Electron.Notification[] = [];
    state.b24Notifications = kept;
    Notification.isSupported = () => true;
    Notification.prototype.show = function show(this: Electron.Notification) {
      kept.push(this);
      if (label !== null) state.b24TrayMenu?.items.find((item) => item.label === label)?.click();
    };
  }, thenClick);
}

function notifications(app: ElectronApplication): Promise<{ title: string; body: string }[]> {
  return app.evaluate(() => ((globalThis as unknown as MainState).b24Notifications ?? []).map(({ title, body }) => ({ title, body })));
}

/** Records the links the app hands the OS instead of opening a browser (or the Bitrix24 app) on this machine. */
async function recordOpenedLinks(app: ElectronApplication): Promise<void> {
  await app.evaluate(({ shell }) => {
    const opened: string[] = [];
    (globalThis as unknown as MainState).b24OpenedLinks = opened;
    shell.openExternal = async (url: string) => {
      opened.push(url);
    };
  });
}

/** The login item as the OS has it (macOS and Windows), asked as the app sets it (shell-ports.ts loginItemPort). */
function loginItem(app: ElectronApplication): Promise<{ openAtLogin: boolean; status: string | null }> {
  return app.evaluate(({ app: electronApp }, flag) => {
    const args = process.platform === 'win32' ? [...(process.defaultApp ? [electronApp.getAppPath()] : []), flag] : [];
    const { openAtLogin, status } = electronApp.getLoginItemSettings({ args });
    return { openAtLogin, status: status ?? null };
  }, LAUNCHED_AT_LOGIN_FLAG);
}

/** The lookup window's state as the main process sees it. */
function windowState(app: ElectronApplication) {
  return app.evaluate(({ BrowserWindow, screen }) => {
    const [win] = BrowserWindow.getAllWindows();
    if (!win) return null;
    const bounds = win.getBounds();
    const area = screen.getDisplayMatching(bounds).workArea;
    return {
      visible: win.isVisible(),
      alwaysOnTop: win.isAlwaysOnTop(),
      resizable: win.isResizable(),
      insideWorkArea:
        bounds.x >= area.x && bounds.y >= area.y && bounds.x + bounds.width <= area.x + area.width && bounds.y + bounds.height <= area.y + area.height,
    };
  });
}

const visible = async (app: ElectronApplication) => (await windowState(app))?.visible;

test.describe('the desktop app', () => {
  test.skip(!runtime.ok, runtime.ok ? '' : runtime.reason);
  // One after another, never two at once: the clipboard, the global hotkeys and the login items are the OS session's,
  // one of each for all the apps in it.
  test.describe.configure({ mode: 'default' });

  test.beforeAll(() => {
    if (runtime.ok && !runtime.packaged) expect(existsSync(join(projectRoot, 'dist/main/main.js')), 'run `npm run build` first').toBe(true);
  });

  test.afterEach(async () => {
    // app.close() resolves once the app's process has exited; a spawned one is waited for the same way.
    const ending = [
      ...[...running].map((app) => app.close()),
      ...[...spawned].map(({ child, exited }) => {
        child.kill();
        return exited;
      }),
      ...portals.splice(0).map((portal) => portal.close()),
    ];
    const ended = await Promise.allSettled(ending);
    for (const dir of dirs.splice(0)) removeDir(dir);
    const failed = ended.find((outcome) => outcome.status === 'rejected');
    if (failed) throw new Error('An app or the fake portal did not end', { cause: failed.reason });
  });

  test('starts in the tray at login with its window loaded hidden; the tray shows it, locked down; Esc and a blur hide it', async () => {
    const profile = newProfile();
    const app = await launch(profile, [LAUNCHED_AT_LOGIN_FLAG]);
    // Started at login: the tray is there, and the window is made and its page loaded, hidden, so that the tray
    // click only shows it.
    await expect.poll(() => app.evaluate(() => 'b24Tray' in globalThis)).toBe(true);
    const lookup = await app.firstWindow();
    await lookup.waitForLoadState('load');
    expect(await visible(app)).toBe(false);
    const loadedAt = await lookup.evaluate(() => performance.timeOrigin);
    await clickTray(app);
    await expect(lookup).toHaveTitle('B24 Chat Lookup');
    // No portal yet: the first run opens on Settings, its webhook field ready for a paste.
    await expect(lookup.getByRole('textbox', { name: 'Webhook address' })).toBeFocused();
    expect(await call(lookup, 'appInfo')).toMatchObject({ ok: true, value: { name: 'B24 Chat Lookup', version } });
    await expect.poll(() => windowState(app)).toEqual({ visible: true, alwaysOnTop: true, resizable: false, insideWorkArea: true });
    // Shown, not loaded again: the page is the one loaded at start.
    expect(await lookup.evaluate(() => performance.timeOrigin)).toBe(loadedAt);

    const security = await app.evaluate(({ BrowserWindow, app: electronApp, session }) => {
      const [win] = BrowserWindow.getAllWindows();
      // What the page actually runs with, not what we asked for. Electron exposes it on webContents but
      // leaves it out of its typings.
      const contents = win?.webContents as unknown as { getLastWebPreferences?: () => Electron.WebPreferences };
      const prefs = contents?.getLastWebPreferences?.();
      return {
        userData: electronApp.getPath('userData'),
        contextIsolation: prefs?.contextIsolation,
        sandbox: prefs?.sandbox,
        nodeIntegration: prefs?.nodeIntegration,
        webSecurity: prefs?.webSecurity,
        webviewTag: prefs?.webviewTag,
        // The window runs in its own in-memory session, not the default one the REST client uses.
        ownSession: win !== undefined && win.webContents.session !== session.defaultSession && win.webContents.session.storagePath === null,
      };
    });
    expect(security).toEqual({
      userData: profile.userData,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      ownSession: true,
    });
    expect(await lookup.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    // The preload exposes exactly the contract's API object, nothing else of Electron's.
    const exposed = await lookup.evaluate(() => Object.keys((window as unknown as { b24: object }).b24));
    expect(exposed.sort()).toEqual([...Object.keys(INVOKES), 'on'].sort());

    const policy = await lookup.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(policy).toContain("default-src 'none'");

    // window.open and navigation away from the app's page are refused.
    expect(await lookup.evaluate(() => window.open('https://example.invalid/') === null)).toBe(true);
    const pageUrl = lookup.url();
    await lookup.evaluate(() => {
      window.location.href = 'https://example.invalid/';
    });
    await lookup.waitForTimeout(500);
    expect(lookup.url()).toBe(pageUrl);
    expect(app.windows()).toHaveLength(1);

    // Esc hides the window; the tray brings it back.
    await lookup.getByRole('textbox', { name: 'Webhook address' }).press('Escape');
    await expect.poll(() => visible(app)).toBe(false);
    await lookup.waitForTimeout(400);
    await clickTray(app);
    await expect.poll(() => visible(app)).toBe(true);

    // Another window taking the focus (the person clicking into another app) hides it. Where the OS never gave the
    // shown window the focus (a desktop without a window manager), no blur can come from it: Electron's own 'blur'
    // event is emitted on the window instead, and the test says so.
    const blur = await app.evaluate(async ({ BrowserWindow }) => {
      const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
      const [win] = BrowserWindow.getAllWindows();
      if (!win) return { how: 'no window', hidden: false };
      // Windows ignores a blur in the first 400 ms after showing: the OS settling the focus (popup-toggle.ts).
      await sleep(500);
      for (let waited = 0; !win.isFocused() && waited < 5_000; waited += 100) await sleep(100);
      if (!win.isFocused()) {
        win.emit('blur');
        return { how: 'never focused', hidden: !win.isVisible() };
      }
      const other = new BrowserWindow({ width: 240, height: 120, show: false, title: 'Another app' });
      other.show();
      for (let waited = 0; win.isVisible() && waited < 5_000; waited += 100) {
        other.focus();
        await sleep(100);
      }
      other.destroy();
      return { how: 'focus moved', hidden: !win.isVisible() };
    });
    if (blur.how === 'never focused') {
      test.info().annotations.push({
        type: 'blur',
        description: "The OS never gave the shown window the focus, so the blur was Electron's 'blur' event emitted on it, not the OS's.",
      });
    }
    expect(blur).toMatchObject({ hidden: true });
    // Not within 300 ms of the blur-hide, which a tray click would count as the same gesture (popup-toggle.ts).
    await lookup.waitForTimeout(400);
    await clickTray(app);
    await expect.poll(() => visible(app)).toBe(true);
  });

  test('registers both global hotkeys with the OS, and the tray menu shows them', async () => {
    test.skip(
      wayland,
      "A Wayland session: global hotkeys go through the desktop's GlobalShortcuts portal there, which asks the person " +
        "(or is missing), so Electron's registration says nothing about them. This check runs on X11, Windows and macOS.",
    );
    const app = await launch(newProfile(), [LAUNCHED_AT_LOGIN_FLAG]);
    const page = await app.firstWindow();
    const settings = (await call(page, 'settingsGet')) as { ok: boolean; value: { hotkeys: HotkeysView } };
    const { lookupClipboard, openWindow } = settings.value.hotkeys;
    // The defaults: Ctrl+Alt (Cmd+Option on macOS), with Shift added on Czech, Slovak and Hungarian systems.
    expect(lookupClipboard.accelerator).toMatch(/^CommandOrControl\+Alt\+(Shift\+)?V$/);
    expect(openWindow.accelerator).toMatch(/^CommandOrControl\+Alt\+(Shift\+)?B$/);
    const accelerators = [lookupClipboard.accelerator ?? '', openWindow.accelerator ?? ''];
    const registered = await app.evaluate(({ globalShortcut }, keys) => keys.map((key) => globalShortcut.isRegistered(key)), accelerators);
    expect(registered, `registered with the OS: ${accelerators.join(', ')} (another app may hold one)`).toEqual([true, true]);
    expect([lookupClipboard.status, openWindow.status]).toEqual(['active', 'active']);
    // The menu shows a hotkey beside its item only when it works.
    const menu = await openTrayMenu(app, page);
    expect(menu.find((item) => item.label === LABEL.lookUp)?.accelerator).toBe(lookupClipboard.accelerator);
    expect(menu.find((item) => item.label === LABEL.open)?.accelerator).toBe(openWindow.accelerator);
  });

  test('the clipboard lookup from the tray looks up what was copied, copies the chat id and says so; a click on that opens the chat', async () => {
    const portal = await startPortal();
    const app = await launch(newProfile(), [LAUNCHED_AT_LOGIN_FLAG]);
    const page = await app.firstWindow();
    expect(await call(page, 'profilesAddWebhook', { webhookUrl: portal.webhookUrl })).toMatchObject({ ok: true });
    await recordOpenedLinks(app);
    await keepNotifications(app);
    await openTrayMenu(app, page);
    await app.evaluate(({ clipboard }, text) => clipboard.writeText(text), 'LEAD|13');
    // What the clipboard hotkey runs; the tray menu's item runs the same lookup (main.ts).
    await clickTrayMenu(app, LABEL.lookUp);
    await expect.poll(() => notifications(app)).toHaveLength(1);
    const [shown] = await notifications(app);
    expect(shown?.title).toContain('1437');
    expect(await app.evaluate(({ clipboard }) => clipboard.readText())).toBe('1437');
    // Still at login: the lookup needed no window (Wayland shows it, as only a focused app may use the clipboard there).
    if (!wayland) expect(await visible(app)).toBe(false);

    await app.evaluate(() => (globalThis as unknown as MainState).b24Notifications?.[0]?.emit('click', {}));
    await expect.poll(() => app.evaluate(() => (globalThis as unknown as MainState).b24OpenedLinks ?? [])).toHaveLength(1);
    const [link] = await app.evaluate(() => (globalThis as unknown as MainState).b24OpenedLinks ?? []);
    expect(link).toContain(new URL(portal.webhookUrl).host);
    expect(link).toContain('1437');
  });

  test('connects a portal, looks up through real IPC and the network stack, and keeps history and settings across a quit right after a lookup', async () => {
    const portal = await startPortal();
    const profile = newProfile();
    let app = await launch(profile);
    let page = await app.firstWindow();
    const added = await call(page, 'profilesAddWebhook', { webhookUrl: portal.webhookUrl });
    expect(added).toMatchObject({ ok: true, value: { status: 'connected', kind: 'webhook' } });
    expect(JSON.stringify(added)).not.toContain(portal.secret);
    expect(await call(page, 'lookup', { text: 'LEAD|13' })).toMatchObject({ ok: true, value: { results: [{ status: 'found', chatId: 1437 }] } });
    // The window's lookup box does the same through the UI.
    await page.getByRole('button', { name: 'Lookup' }).click();
    await page.getByRole('textbox', { name: 'CRM reference' }).fill('D_5');
    await page.getByRole('textbox', { name: 'CRM reference' }).press('Enter');
    await expect(page.getByRole('region', { name: 'Result' }).getByRole('heading', { name: 'Deal 5' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Result' })).toContainText('1501');
    expect(await call(page, 'settingsUpdate', { theme: 'dark', openChatIn: 'desktop' })).toMatchObject({ ok: true });

    // A clipboard lookup, and the tray's Quit clicked as its notification is shown: in the same turn as the answer,
    // while the history's write after the answer still waits (main.ts writeHistoryLater). The app must write it as it ends.
    await openTrayMenu(app, page);
    await keepNotifications(app, LABEL.quit);
    await app.evaluate(({ clipboard }, text) => clipboard.writeText(text), 'COMPANY|7');
    const ended = app.waitForEvent('close');
    await clickTrayMenu(app, LABEL.lookUp);
    await ended;

    app = await launch(profile);
    page = await app.firstWindow();
    const history = await call(page, 'historyList', {});
    expect(history).toMatchObject({
      ok: true,
      value: {
        total: 3,
        entries: [
          { input: 'COMPANY|7', chatId: 1503 },
          { input: 'D_5', chatId: 1501 },
          { input: 'LEAD|13', chatId: 1437 },
        ],
      },
    });
    expect(await call(page, 'settingsGet')).toMatchObject({ ok: true, value: { values: { theme: 'dark', openChatIn: 'desktop' } } });
    expect(await app.evaluate(({ nativeTheme }) => nativeTheme.themeSource)).toBe('dark');
    await app.close();
    expect(readFileSync(join(profile.userData, 'profiles.json'), 'utf8')).not.toContain(portal.secret);
  });

  test('a second launch with a reference hands it to the running app, which looks it up', async () => {
    const portal = await startPortal();
    const profile = newProfile();
    const app = await launch(profile);
    const page = await app.firstWindow();
    expect(await call(page, 'profilesAddWebhook', { webhookUrl: portal.webhookUrl })).toMatchObject({ ok: true });
    const second = spawnApp([...appArgs(profile), 'CONTACT|25'], envFor(profile));
    // It hands the reference over and quits at once.
    expect(await second.exited).toBe(0);
    await expect(page.getByRole('textbox', { name: 'CRM reference' })).toHaveValue('CONTACT|25');
    await expect(page.getByRole('region', { name: 'Result' })).toContainText('1502');
    expect(await visible(app)).toBe(true);
    expect(app.windows()).toHaveLength(1);
  });

  test('launch at login, switched from the tray menu, is set with the OS and taken back', async () => {
    const profile = newProfile();
    const app = await launch(profile, [LAUNCHED_AT_LOGIN_FLAG]);
    const page = await app.firstWindow();
    await keepNotifications(app);
    const autostart = join(profile.configHome, 'autostart', AUTOSTART_FILE_NAME);
    const checked = async () => (await trayMenu(app)).find((item) => item.label === LABEL.launchAtLogin)?.checked;
    expect((await openTrayMenu(app, page)).find((item) => item.label === LABEL.launchAtLogin)).toMatchObject({ checked: false });
    try {
      await clickTrayMenu(app, LABEL.launchAtLogin);
      await expect.poll(checked).toBe(true);
      if (process.platform === 'linux') {
        // An XDG autostart entry under this test's XDG_CONFIG_HOME, starting this executable at login.
        await expect.poll(() => existsSync(autostart)).toBe(true);
        const entry = readFileSync(autostart, 'utf8');
        expect(entry).toMatch(new RegExp(`^Exec=.+ ${LAUNCHED_AT_LOGIN_FLAG}$`, 'm'));
      } else {
        const item = await loginItem(app);
        if (process.platform === 'darwin' && !item.openAtLogin) {
          // macOS's service management may refuse an unsigned build (or wait for the person's approval): then the
          // app must say so, not pretend.
          test.info().annotations.push({ type: 'login item', description: `macOS did not register it (status ${item.status ?? 'none'}).` });
          await expect.poll(async () => (await notifications(app)).map(({ body }) => body).join('\n')).toMatch(/could not be turned on/);
        } else {
          expect(item.openAtLogin).toBe(true);
        }
      }

      await clickTrayMenu(app, LABEL.launchAtLogin);
      await expect.poll(checked).toBe(false);
      if (process.platform === 'linux') expect(existsSync(autostart)).toBe(false);
      else expect((await loginItem(app)).openAtLogin).toBe(false);
    } finally {
      // Never left on for the executable on this machine, whatever failed above (Linux's entry goes with the temp folder).
      if (process.platform !== 'linux' && running.has(app)) {
        await app.evaluate(({ app: electronApp }, flag) => {
          const args = process.platform === 'win32' ? [...(process.defaultApp ? [electronApp.getAppPath()] : []), flag] : [];
          electronApp.setLoginItemSettings({ openAtLogin: false, args });
        }, LAUNCHED_AT_LOGIN_FLAG);
      }
    }
  });

  test('the packed build is not Node: ELECTRON_RUN_AS_NODE and NODE_OPTIONS are ignored (fuses)', async () => {
    test.skip(
      !runtime.ok || !runtime.packaged,
      "The fuses are flipped at packaging, so this runs on the packed test build (B24_E2E_APP_DIR) only; Electron's own binary has them on.",
    );
    const profile = newProfile();
    const { dir } = profile;
    const ranAsNode = join(dir, 'ran-as-node.txt');
    const loadedByNodeOptions = join(dir, 'loaded-by-node-options.txt');
    const preload = join(dir, 'preload.cjs');
    writeFileSync(preload, `require('node:fs').writeFileSync(${JSON.stringify(loadedByNodeOptions)}, 'loaded');`);
    const { child, exited } = spawnApp(
      [
        ...chromiumArgs,
        '-e',
        `require('node:fs').writeFileSync(${JSON.stringify(ranAsNode)}, 'ran')`,
        `--user-data-dir=${profile.userData}`,
        LAUNCHED_AT_LOGIN_FLAG,
      ],
      envFor(profile, { ELECTRON_RUN_AS_NODE: '1', NODE_OPTIONS: `--require "${preload}"` }),
    );
    // As Node it would write its file and exit at once; as the app it starts hidden in the tray and keeps running.
    const exitedSoon = await Promise.race([exited.then(() => true), new Promise<false>((done) => setTimeout(() => done(false), 5_000))]);
    if (!exitedSoon) {
      child.kill();
      await exited;
    }
    expect(existsSync(ranAsNode), 'ELECTRON_RUN_AS_NODE ran a script').toBe(false);
    expect(existsSync(loadedByNodeOptions), 'NODE_OPTIONS loaded a module').toBe(false);
  });
});
