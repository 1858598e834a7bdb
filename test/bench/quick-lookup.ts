/**
 * `npm run bench:quick-lookup`: what a person waits for after pressing a hotkey, through the main process's real
 * services (real files through electron-store, the REST client, the fake portal on 127.0.0.1 with no added latency,
 * so this is the app's own share of the wait, not the network's):
 *   1. "Look up the clipboard": hotkey pressed → clipboard read → looked up → chat id copied → notification shown.
 *      One reference, and 50 copied at once.
 *   2. "Open": hotkey pressed → clipboard read and parsed → the window's request ready (the window then shows it).
 *   3. Placing the window next to the tray, for three monitors.
 * A measurement to read, not a test: nothing here fails on a number.
 *
 *   npm run bench:quick-lookup -- [--runs N]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { runsOption, useFakeElectron } from './harness.ts';
import { percentile } from './stats.ts';

const runs = runsOption(200);
useFakeElectron();
const { ElectronStoreFile } = await import('../../electron/shell/json-store.ts');
const { createDesktopApp } = await import('../../electron/core/app-services.ts');
const { placeWindowNearTray } = await import('../../electron/core/desktop/window-placement.ts');
const { PortalRateLimits } = await import('../../electron/core/bitrix/rate-limiter.ts');
const { startFakePortal } = await import('../fake-portal/portal.ts');
const { testCipher } = await import('../support/test-cipher.ts');

const dir = mkdtempSync(join(tmpdir(), 'b24-bench-quick-'));
const portal = await startFakePortal();
const clipboard = { text: '' };
let notified: () => void = () => undefined;
const shortcuts = new Map<string, () => void>();
let windowShows = 0;
const app = createDesktopApp(
  {
    openFile: (name) => new ElectronStoreFile(name, dir),
    cipher: testCipher(),
    fetch: (url, init) => fetch(url, init),
    exporter: { save: async () => null },
    desktop: {
      clipboard: { readText: () => clipboard.text, writeText: (text) => void (clipboard.text = text) },
      notify: () => notified(),
      openExternal: async () => undefined,
      showWindow: () => void (windowShows += 1),
      hideWindow: () => undefined,
      windowShown: () => true,
    },
    shortcuts: { register: (accelerator, callback) => (shortcuts.set(accelerator, callback), true), unregister: (accelerator) => void shortcuts.delete(accelerator) },
    loginItem: { set: () => undefined },
    osLocales: ['en-US'],
    appInfo: { name: 'B24 Chat Lookup', version: 'bench', platform: 'linux' },
    log: () => undefined,
    allowLocalPortals: true,
    // The portal's own limits are what is being waited on in real use; here the app's share alone is measured.
    client: { rateLimits: new PortalRateLimits({ burst: 1_000_000, perSecond: 1_000_000 }) },
  },
  { emit: () => undefined, isTrustedSender: () => true },
);
await app.services.profiles.addWebhook({ webhookUrl: portal.webhookUrl });

const press = (accelerator: string): void => {
  const callback = shortcuts.get(accelerator);
  if (!callback) throw new Error(`${accelerator} is not registered`);
  callback();
};

async function timeClipboardLookup(text: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    clipboard.text = text;
    const shown = new Promise<void>((done) => (notified = done));
    const started = performance.now();
    press('CommandOrControl+Alt+V');
    await shown;
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

async function timeOpenHotkey(text: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    clipboard.text = text;
    const before = windowShows;
    const started = performance.now();
    press('CommandOrControl+Alt+B');
    while (windowShows === before) await new Promise((done) => setImmediate(done));
    times.push(performance.now() - started);
    app.services.window.take();
  }
  return times.sort((a, b) => a - b);
}

const report = (label: string, sorted: number[]): void => {
  const ms = (p: number) => `${percentile(sorted, p).toFixed(2)} ms`;
  process.stdout.write(`${label.padEnd(58)} median ${ms(50).padStart(9)}   p95 ${ms(95).padStart(9)}   max ${ms(100).padStart(9)}\n`);
};

try {
  process.stdout.write(`Node ${process.version}, ${runs} runs each, fake portal on 127.0.0.1 (no added latency)\n`);
  report('look up the clipboard, 1 reference → notification', await timeClipboardLookup('LEAD|13'));
  const fifty = Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? `LEAD|${i + 1}` : `https://acme.bitrix24.ru/crm/deal/details/${i + 1}/`)).join('\n');
  report('look up the clipboard, 50 references → notification', await timeClipboardLookup(fifty));
  report('"open" hotkey, a reference copied → window request', await timeOpenHotkey('https://acme.bitrix24.ru/crm/deal/details/5/'));
  const displays = [-1920, 0, 1920].map((x) => ({ bounds: { x, y: 0, width: 1920, height: 1080 }, workArea: { x, y: 0, width: 1920, height: 1040 } }));
  const placements: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    placeWindowNearTray({ size: { width: 440, height: 360 }, trayBounds: { x: 3700, y: 1050, width: 24, height: 24 }, cursor: { x: 0, y: 0 }, displays });
    placements.push(performance.now() - started);
  }
  report('placing the window by the tray, 3 monitors', placements.sort((a, b) => a - b));
  process.stdout.write(`history now holds ${app.services.history.size} entries (each lookup is recorded and written to disk)\n`);
} finally {
  await portal.close();
  rmSync(dir, { recursive: true, force: true });
}
