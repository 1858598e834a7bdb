/**
 * The fixture for the window's browser tests: the built window served by the browser preview (test/preview/), whose
 * bridge calls the real main-process handlers over real files in a temp folder, talking to a fake Bitrix24 portal on
 * 127.0.0.1. Each test gets its own portal, folder and preview process, so tests never share state.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { CATALOGS, type Language } from '../../electron/common/i18n/catalogs.ts';
import { type FakePortal, startFakePortal } from '../fake-portal/portal.ts';
import { freePort } from '../support/free-port.ts';

const projectRoot = resolve(import.meta.dirname, '../..');

/** What the preview's desktop was asked to do (GET /preview/desktop). */
export interface DesktopRecord {
  clipboard: string;
  opened: string[];
  notifications: { title: string; body: string }[];
  window: ('show' | 'hide')[];
  hotkeys: string[];
  loginItem: { enabled: boolean; refresh: boolean }[];
  exports: string[];
}

export interface Preview {
  url: string;
  dataDir: string;
  portal: FakePortal;
  desktop(): Promise<DesktopRecord>;
  setClipboard(text: string): Promise<void>;
  pressHotkey(action: 'openWindow' | 'lookupClipboard'): Promise<void>;
  /** Stops the preview and starts it again on the same folder (the app restarted); answers the new URL. */
  restart(): Promise<string>;
}

interface PreviewOptions {
  /** Connect the fake portal before the window opens (B24_WEBHOOK_URL); false is a first run. */
  connected: boolean;
  /** The OS language the preview reports (the app's default language follows it). */
  osLanguage: Language;
  /** The scopes the fake portal's webhook and application have (its default leaves out imopenlines). */
  portalScopes: string[] | null;
  /** The preview plays an AppImage whose release feed offers this version (`--new-version`); null: no feed. */
  newVersion: string | null;
}

function startProcess(
  dataDir: string,
  env: NodeJS.ProcessEnv,
  lang: string,
  oauthPort: number,
  newVersion: string | null,
): Promise<{ child: ChildProcess; url: string }> {
  // The portal's timeout and retry pacing shortened, so a timeout or an exhausted rate limit shows within a test; the
  // sign-in handler on a port of this test's own, which its fake portal's application names.
  const args = ['--port', '0', '--data-dir', dataDir, '--lang', lang, '--request-timeout', '1500', '--retry-delay', '20', '--oauth-port', String(oauthPort)];
  if (newVersion !== null) args.push('--new-version', newVersion);
  const child = spawn(process.execPath, [join(projectRoot, 'test/preview/cli.ts'), ...args], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolveUrl, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`The preview did not start within 20 s:\n${output}`)), 20_000);
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const url = /^Preview: (http:\/\/127\.0\.0\.1:\d+\/)/m.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolveUrl({ child, url });
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The preview exited (${code}) before it was ready:\n${output}`));
    });
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await exited;
}

export const test = base.extend<PreviewOptions & { preview: Preview }>({
  connected: [true, { option: true }],
  osLanguage: ['en', { option: true }],
  portalScopes: [null, { option: true }],
  newVersion: [null, { option: true }],
  preview: async ({ connected, osLanguage, portalScopes, newVersion }, use) => {
    if (!existsSync(join(projectRoot, 'dist/renderer/index.html'))) {
      throw new Error('dist/renderer is missing: run `npm run build` before the browser tests.');
    }
    const oauthPort = await freePort();
    const portal = await startFakePortal({
      user: { NAME: 'Irina', LAST_NAME: 'Volkova' },
      application: { handler: `http://127.0.0.1:${oauthPort}/b24-chat-lookup/oauth` },
      ...(portalScopes ? { scopes: portalScopes } : {}),
    });
    const dataDir = mkdtempSync(join(tmpdir(), 'b24-preview-test-'));
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.B24_WEBHOOK_URL;
    if (connected) env.B24_WEBHOOK_URL = portal.webhookUrl;
    let running = await startProcess(dataDir, env, osLanguage, oauthPort, newVersion);
    const control = async (path: string, body?: unknown): Promise<Response> => {
      const response = await fetch(
        new URL(path, running.url),
        body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
      );
      if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      return response;
    };
    await use({
      get url() {
        return running.url;
      },
      dataDir,
      portal,
      desktop: async () => (await (await control('/preview/desktop')).json()) as DesktopRecord,
      setClipboard: async (text) => void (await control('/preview/clipboard', { text })),
      pressHotkey: async (action) => void (await control('/preview/hotkey', { action })),
      restart: async () => {
        await stopProcess(running.child);
        // The portal is already saved in the folder: a restart must not need the environment to find it.
        const withoutWebhook = { ...env };
        delete withoutWebhook.B24_WEBHOOK_URL;
        running = await startProcess(dataDir, withoutWebhook, osLanguage, oauthPort, newVersion);
        return running.url;
      },
    });
    await stopProcess(running.child);
    await portal.close();
  },
});

/** Opens the window and waits until it has its settings and portals from the core. */
export async function openWindow(page: Page, preview: Preview): Promise<void> {
  await page.goto(preview.url);
  await expect(page.locator('.app')).toHaveAttribute('aria-busy', 'false');
}

/** One of the window's labels, in any language the app speaks (a test may run in any of them). */
const inAnyLanguage = (key: 'lookup.label' | 'lookup.result'): RegExp =>
  new RegExp(
    `^(${Object.values(CATALOGS)
      .map((catalog) => catalog[key].message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('|')})$`,
  );

/** Types `text` into the lookup box (in whatever language the window speaks), presses Enter and waits for the answer. */
export async function lookUp(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: inAnyLanguage('lookup.label') });
  await box.fill(text);
  await box.press('Enter');
  await expect(page.getByRole('region', { name: inAnyLanguage('lookup.result') })).not.toHaveAttribute('aria-busy', 'true');
}

export { expect };
