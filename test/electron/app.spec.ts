import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { INVOKES } from '../../electron/core/ipc/contract.ts';
import { startFakePortal } from '../fake-portal/portal.ts';
import { electronForTests } from '../support/electron-binary.ts';

// The built app in the real Electron, driven by Playwright. Runs wherever an Electron 45 binary exists (the
// release workflow, a developer's desktop); elsewhere it is reported as skipped with the reason.
const projectRoot = resolve(import.meta.dirname, '../..');
const { version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string };
const runtime = electronForTests();

test.describe('the desktop app', () => {
  test.skip(!runtime.ok, runtime.ok ? '' : runtime.reason);

  test('launches the built app and shows the lookup window, locked down', async () => {
    expect(existsSync(join(projectRoot, 'dist/main/main.js')), 'run `npm run build` first').toBe(true);
    if (!runtime.ok) return;
    const userDataDir = mkdtempSync(join(tmpdir(), 'b24-e2e-profile-'));
    // The built window, never a dev server a developer may have left in their environment.
    const env = Object.fromEntries(
      Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && e[0] !== 'B24_RENDERER_URL'),
    );
    // Chromium refuses to run as root with its OS sandbox on; CI containers run as root. The page's own
    // `sandbox: true` (checked below) is a separate setting and stays on.
    const rootArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
    const app = await electron.launch({
      executablePath: runtime.binaryPath,
      args: [...rootArgs, projectRoot, `--user-data-dir=${userDataDir}`],
      env,
    });
    try {
      const lookup = await app.firstWindow();
      await expect(lookup).toHaveTitle('B24 Chat Lookup');
      await expect(lookup.getByLabel('CRM reference')).toBeFocused();
      await expect(lookup.getByTestId('app-status')).toHaveText(`B24 Chat Lookup ${version}`);

      const security = await app.evaluate(({ BrowserWindow, app: electronApp }) => {
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
        };
      });
      expect(security).toEqual({
        userData: userDataDir,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
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
    } finally {
      await app.close();
      rmSync(userDataDir, { recursive: true, force: true });
    }
  });

  test('connects a portal, looks up through real IPC, and keeps the history across a restart', async () => {
    if (!runtime.ok) return;
    const portal = await startFakePortal();
    const userDataDir = mkdtempSync(join(tmpdir(), 'b24-e2e-profile-'));
    const rootArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
    const env = Object.fromEntries(
      Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && e[0] !== 'B24_RENDERER_URL'),
    );
    const launch = () => electron.launch({ executablePath: runtime.binaryPath, args: [...rootArgs, projectRoot, `--user-data-dir=${userDataDir}`], env });
    type Bridge = Record<string, (payload?: unknown) => Promise<{ ok: boolean; value?: unknown; error?: unknown }>>;
    try {
      let app = await launch();
      let page = await app.firstWindow();
      const added = await page.evaluate((url) => (window as unknown as { b24: Bridge }).b24.profilesAddWebhook?.({ webhookUrl: url }), portal.webhookUrl);
      expect(added).toMatchObject({ ok: true, value: { status: 'connected', kind: 'webhook' } });
      expect(JSON.stringify(added)).not.toContain(portal.secret);
      const found = await page.evaluate(() => (window as unknown as { b24: Bridge }).b24.lookup?.({ text: 'LEAD|13' }));
      expect(found).toMatchObject({ ok: true, value: { results: [{ status: 'found', chatId: 1437 }] } });
      await app.close();

      app = await launch();
      page = await app.firstWindow();
      const history = await page.evaluate(() => (window as unknown as { b24: Bridge }).b24.historyList?.({}));
      expect(history).toMatchObject({ ok: true, value: { total: 1, entries: [{ input: 'LEAD|13', chatId: 1437 }] } });
      await app.close();
      expect(readFileSync(join(userDataDir, 'profiles.json'), 'utf8')).not.toContain(portal.secret);
    } finally {
      await portal.close();
      rmSync(userDataDir, { recursive: true, force: true });
    }
  });
});
