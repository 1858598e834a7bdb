import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, type ElectronApplication, expect, type Page, test } from '@playwright/test';
import { INVOKES } from '../../electron/core/ipc/contract.ts';
import { LAUNCHED_AT_LOGIN_FLAG } from '../../electron/core/launch/command-line.ts';
import { startFakePortal } from '../fake-portal/portal.ts';
import { electronForTests } from '../support/electron-binary.ts';

// The built app in the real Electron, driven by Playwright. Runs wherever an Electron 45 binary exists (a developer's
// desktop: Electron's binary running dist/), or on the packed test build (the workflow: `npm run package:e2e`, then
// B24_E2E_APP_DIR=release/e2e). Elsewhere it is reported as skipped with the reason; a packed build that was asked
// for and is missing fails the run instead.
const projectRoot = resolve(import.meta.dirname, '../..');
const { version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };
const runtime = electronForTests();
if (!runtime.ok && runtime.required) throw new Error(runtime.reason);

// Chromium refuses to run as root with its OS sandbox on; CI containers run as root. The page's own `sandbox: true`
// (checked below) is a separate setting and stays on.
const rootArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
// The built window, never a dev server a developer may have left in their environment.
const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && e[0] !== 'B24_RENDERER_URL'));

type Bridge = Record<string, (payload?: unknown) => Promise<{ ok: boolean; value?: unknown; error?: unknown }>>;
const call = (page: Page, name: string, payload?: unknown) =>
  page.evaluate(([n, p]) => (window as unknown as { b24: Bridge }).b24[n as string]?.(p), [name, payload] as const);

function launch(userDataDir: string, args: string[] = []): Promise<ElectronApplication> {
  if (!runtime.ok) throw new Error(runtime.reason);
  return electron.launch({ executablePath: runtime.binaryPath, args: [...rootArgs, ...runtime.appArgs, `--user-data-dir=${userDataDir}`, ...args], env });
}

/** Clicks the tray icon through its own 'click' event, so the window opens by the code path a person's click runs. */
async function clickTray(app: ElectronApplication): Promise<void> {
  await app.evaluate(() => {
    const tray = (globalThis as unknown as { b24Tray: Electron.Tray }).b24Tray;
    tray.emit('click', {}, { x: 0, y: 0, width: 0, height: 0 }, { x: 0, y: 0 });
  });
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

test.describe('the desktop app', () => {
  test.skip(!runtime.ok, runtime.ok ? '' : runtime.reason);

  test('starts in the tray at login, opens its window from the tray, locked down, and hides it on Esc', async () => {
    if (runtime.ok && !runtime.packaged) expect(existsSync(join(projectRoot, 'dist/main/main.js')), 'run `npm run build` first').toBe(true);
    const userDataDir = mkdtempSync(join(tmpdir(), 'b24-e2e-profile-'));
    const app = await launch(userDataDir, [LAUNCHED_AT_LOGIN_FLAG]);
    try {
      // Started at login: the tray is there, and the window is made and its page loaded, hidden, so that the tray
      // click only shows it.
      await expect.poll(() => app.evaluate(() => 'b24Tray' in globalThis)).toBe(true);
      const lookup = await app.firstWindow();
      await lookup.waitForLoadState('load');
      expect((await windowState(app))?.visible).toBe(false);
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
        userData: userDataDir,
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
      await expect.poll(async () => (await windowState(app))?.visible).toBe(false);
      await lookup.waitForTimeout(400);
      await clickTray(app);
      await expect.poll(async () => (await windowState(app))?.visible).toBe(true);
    } finally {
      await app.close();
      rmSync(userDataDir, { recursive: true, force: true });
    }
  });

  test('connects a portal, looks up through real IPC and the real network stack, and keeps history and settings across a restart', async () => {
    const portal = await startFakePortal();
    const userDataDir = mkdtempSync(join(tmpdir(), 'b24-e2e-profile-'));
    try {
      let app = await launch(userDataDir);
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
      // The hotkey was handed to the OS: registered, or refused with a reason (a desktop without global shortcuts).
      const settings = (await call(page, 'settingsGet')) as {
        value: { hotkeys: { openWindow: { accelerator: string; status: string; message: string | null } } };
      };
      expect(settings.value.hotkeys.openWindow).toEqual(
        settings.value.hotkeys.openWindow.status === 'active'
          ? { accelerator: 'CommandOrControl+Alt+B', status: 'active', message: null }
          : { accelerator: 'CommandOrControl+Alt+B', status: 'unavailable', message: expect.stringMatching(/could not be registered/) },
      );
      await app.close();

      app = await launch(userDataDir);
      page = await app.firstWindow();
      const history = await call(page, 'historyList', {});
      expect(history).toMatchObject({
        ok: true,
        value: {
          total: 2,
          entries: [
            { input: 'D_5', chatId: 1501 },
            { input: 'LEAD|13', chatId: 1437 },
          ],
        },
      });
      expect(await call(page, 'settingsGet')).toMatchObject({ ok: true, value: { values: { theme: 'dark', openChatIn: 'desktop' } } });
      expect(await app.evaluate(({ nativeTheme }) => nativeTheme.themeSource)).toBe('dark');
      await app.close();
      expect(readFileSync(join(userDataDir, 'profiles.json'), 'utf8')).not.toContain(portal.secret);
    } finally {
      await portal.close();
      rmSync(userDataDir, { recursive: true, force: true });
    }
  });

  test('a second launch with a reference hands it to the running app, which looks it up', async () => {
    const portal = await startFakePortal();
    const userDataDir = mkdtempSync(join(tmpdir(), 'b24-e2e-profile-'));
    try {
      const app = await launch(userDataDir);
      const page = await app.firstWindow();
      expect(await call(page, 'profilesAddWebhook', { webhookUrl: portal.webhookUrl })).toMatchObject({ ok: true });
      if (!runtime.ok) throw new Error(runtime.reason);
      const second = spawn(runtime.binaryPath, [...rootArgs, ...runtime.appArgs, `--user-data-dir=${userDataDir}`, 'CONTACT|25'], { env, stdio: 'ignore' });
      const exitCode = await new Promise<number | null>((done) => second.on('exit', done));
      expect(exitCode).toBe(0);
      await expect(page.getByRole('textbox', { name: 'CRM reference' })).toHaveValue('CONTACT|25');
      await expect(page.getByRole('region', { name: 'Result' })).toContainText('1502');
      expect(app.windows()).toHaveLength(1);
      await app.close();
    } finally {
      await portal.close();
      rmSync(userDataDir, { recursive: true, force: true });
    }
  });
  test('the packed build is not Node: ELECTRON_RUN_AS_NODE and NODE_OPTIONS are ignored (fuses)', async () => {
    test.skip(
      !runtime.ok || !runtime.packaged,
      "The fuses are flipped at packaging, so this runs on the packed test build (B24_E2E_APP_DIR) only; Electron's own binary has them on.",
    );
    if (!runtime.ok) return;
    const dir = mkdtempSync(join(tmpdir(), 'b24-e2e-fuses-'));
    const ranAsNode = join(dir, 'ran-as-node.txt');
    const loadedByNodeOptions = join(dir, 'loaded-by-node-options.txt');
    const preload = join(dir, 'preload.cjs');
    writeFileSync(preload, `require('node:fs').writeFileSync(${JSON.stringify(loadedByNodeOptions)}, 'loaded');`);
    try {
      const child = spawn(
        runtime.binaryPath,
        [
          ...rootArgs,
          '-e',
          `require('node:fs').writeFileSync(${JSON.stringify(ranAsNode)}, 'ran')`,
          `--user-data-dir=${join(dir, 'profile')}`,
          LAUNCHED_AT_LOGIN_FLAG,
        ],
        { env: { ...env, ELECTRON_RUN_AS_NODE: '1', NODE_OPTIONS: `--require "${preload}"` }, stdio: 'ignore' },
      );
      // As Node it would write its file and exit at once; as the app it starts hidden in the tray and keeps running.
      const exited = await new Promise<boolean>((done) => {
        const timer = setTimeout(() => done(false), 5_000);
        child.on('exit', () => (clearTimeout(timer), done(true)));
      });
      if (!exited) child.kill();
      expect(existsSync(ranAsNode), 'ELECTRON_RUN_AS_NODE ran a script').toBe(false);
      expect(existsSync(loadedByNodeOptions), 'NODE_OPTIONS loaded a module').toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
