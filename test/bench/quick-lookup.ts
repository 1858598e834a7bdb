/**
 * `npm run bench:quick-lookup`: what a person waits for after pressing a hotkey, through the main process's real
 * services (real files through electron-store, the REST client, the fake portal on 127.0.0.1 with no added latency,
 * so this is the app's own share of the wait, not the network's):
 *   1. "Look up the clipboard": hotkey pressed → clipboard read → looked up → chat id copied → notification shown.
 *      One reference, and 50 copied at once.
 *   2. "Open": hotkey pressed → clipboard read and parsed → the window's request ready (the window then shows it).
 *   3. Placing the window next to the tray, for three monitors.
 *   4. One lookup from the window, `lookup` with `{ text: 'LEAD|13' }` through the IPC dispatcher (sender check,
 *      payload validation), the handler, the lookup use case and the REST client, until its answer, against a bare
 *      `fetch` of the same request to the same portal (the `batch` of `im.chat.get` and `im.dialog.get` for the card's
 *      title that the window's lookup sends; checked against what the app sent before timing), alternated call by call
 *      (5 × runs pairs, after a warm-up). Once with the history full at its default cap (every lookup is indexed and appended
 *      to the journal just after its answer, as main.ts has it; that runs between the timed calls) and once with the history size set to 0
 *      (nothing recorded), so the difference is what recording still costs before the answer. Then the floor: the same
 *      request made with the least any lookup does (floorLookup), against the bare fetch in the same way.
 *      Reported to the runner (`npm run bench`) as `lookup_overhead`, `lookup_overhead_no_history` and `lookup_floor`.
 * A measurement to read, not a test: nothing here fails on a number.
 *
 *   npm run bench:quick-lookup -- [--runs N | --quick]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { report, runsOption, timeAlternately, useFakeElectron } from './harness.ts';
import { median, percentile } from './stats.ts';

const runs = runsOption(200, 20);
useFakeElectron();
const { ElectronStoreFile } = await import('../../electron/shell/json-store.ts');
const { createMainApp } = await import('../../electron/core/app-services.ts');
const { placeWindowNearTray } = await import('../../electron/core/window/window-placement.ts');
const { PortalRateLimits } = await import('../../electron/core/bitrix/rate-limiter.ts');
const { userAgentFor } = await import('../../electron/core/bitrix/client.ts');
const { startFakePortal } = await import('../fake-portal/portal.ts');
const { testCipher } = await import('../support/test-cipher.ts');

/** What the app sends, while the bench checks its baseline against it (null otherwise: nothing kept while timing). */
let seen: { url: string; body: unknown }[] | null = null;
const dir = mkdtempSync(join(tmpdir(), 'b24-bench-quick-'));
const portal = await startFakePortal();
const clipboard = { text: '' };
let notified: () => void = () => undefined;
const shortcuts = new Map<string, () => void>();
let windowShows = 0;
const app = createMainApp(
  {
    openFile: (name) => new ElectronStoreFile(name, dir),
    cipher: testCipher(),
    fetch: (url, init) => {
      if (seen) seen.push({ url, body: init.body });
      return fetch(url, init);
    },
    exporter: { save: async () => null },
    shell: {
      clipboard: { readText: () => clipboard.text, writeText: (text) => void (clipboard.text = text) },
      notify: () => notified(),
      openExternal: async () => undefined,
      showWindow: () => void (windowShows += 1),
      hideWindow: () => undefined,
      windowShown: () => true,
      pageListening: () => false,
    },
    shortcuts: {
      register: (accelerator, callback) => (shortcuts.set(accelerator, callback), true),
      unregister: (accelerator) => void shortcuts.delete(accelerator),
    },
    loginItem: { set: () => undefined },
    osLocales: ['en-US'],
    appInfo: { name: 'B24 Chat Lookup', version: 'bench', platform: 'linux' },
    log: () => undefined,
    allowLocalPortals: true,
    // As main.ts: a lookup's history entry is written just after its answer.
    writeHistoryLater: (write) => void setImmediate(write),
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

/** Lets the app finish what it does after answering (the history write), outside the time measured. */
const afterAnswer = (): Promise<void> => new Promise((done) => setImmediate(done));

async function timeClipboardLookup(text: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    clipboard.text = text;
    const shown = new Promise<void>((done) => (notified = done));
    const started = performance.now();
    press('CommandOrControl+Alt+V');
    await shown;
    times.push(performance.now() - started);
    await afterAnswer();
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

const printRow = (label: string, sorted: number[]): void => {
  const ms = (p: number) => `${percentile(sorted, p).toFixed(2)} ms`;
  process.stdout.write(`${label.padEnd(58)} median ${ms(50).padStart(9)}   p95 ${ms(95).padStart(9)}   max ${ms(100).padStart(9)}\n`);
};

// The window's own frame, as the shell describes it to the dispatcher (whose sender check lets it through).
const WINDOW = { webContentsId: 1, frameUrl: 'file:///bench/dist/renderer/index.html', isMainFrame: true };
// What the client sends for LEAD|13 from the window: one `batch` of the chat and its title (the card shows it), with the
// same body and headers; checked against the app's own request below before anything is timed.
const lookupUrl = `${portal.webhookUrl}batch`;
// The title of the chat the first command found, read from its answer inside the same batch.
const CHAT_TITLE_COMMAND = 'im.dialog.get?DIALOG_ID=chat%24result%5Bc0%5D%5BID%5D';
const lookupInit = {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'User-Agent': userAgentFor('bench') },
  body: JSON.stringify({
    halt: 0,
    cmd: { c0: 'im.chat.get?ENTITY_TYPE=CRM&ENTITY_ID=LEAD%7C13', c1: CHAT_TITLE_COMMAND },
  }),
};

async function bareLookup(): Promise<void> {
  const response = await fetch(lookupUrl, lookupInit);
  const answer = JSON.parse(await response.text()) as { result?: { result?: { c0?: { ID?: unknown }; c1?: { name?: unknown } } } };
  const results = answer.result?.result;
  if (results?.c0?.ID !== 1437 || typeof results.c1?.name !== 'string') throw new Error(`the bare batch was answered HTTP ${response.status}`);
}

/** The bare request must be the one the app sends, or the ratio compares two different amounts of portal work. */
async function checkBaselineMatchesApp(): Promise<void> {
  seen = [];
  await windowLookup();
  const sent = seen;
  seen = null;
  if (sent.length !== 1 || sent[0]?.url !== lookupUrl || sent[0].body !== lookupInit.body) {
    throw new Error(`the window's lookup sent ${JSON.stringify(sent)}, not the bare request ${lookupUrl} ${lookupInit.body}`);
  }
}

async function windowLookup(): Promise<void> {
  const answer = await app.dispatch('lookup', WINDOW, { text: 'LEAD|13' });
  const results = answer.ok ? (answer.value as { results: { status: string }[] }).results : [];
  if (results.length !== 1 || results[0]?.status !== 'found') throw new Error(`the lookup from the window failed: ${JSON.stringify(answer)}`);
}

/**
 * The least any lookup from the window does beyond the bare request, written by hand for this one reference: one
 * regular expression reads `LEAD|13`, the body is written around its encoded key, the request has a timeout of its own
 * (a client without one hangs on a portal that never answers), and the answer is read down to the chat id, its title
 * and the link that opens it. No payload check, no grammar, no rate line, no history, no view. Its ratio is the floor
 * `lookup_overhead` is measured against: what is left above it is the app's own.
 */
async function floorLookup(): Promise<void> {
  const key = /^([A-Za-z]+)\|(\d+)$/.exec('LEAD|13');
  if (!key) throw new Error('the floor lookup could not read its reference');
  const entityId = encodeURIComponent(`${(key[1] ?? '').toUpperCase()}|${key[2] ?? ''}`);
  const body = JSON.stringify({ halt: 0, cmd: { c0: `im.chat.get?ENTITY_TYPE=CRM&ENTITY_ID=${entityId}`, c1: CHAT_TITLE_COMMAND } });
  if (body !== lookupInit.body) throw new Error(`the floor lookup wrote ${body}, not the bare request's body`);
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), 30_000);
  try {
    const response = await fetch(lookupUrl, { method: 'POST', headers: lookupInit.headers, body, redirect: 'manual', signal: timeout.signal });
    const answer = JSON.parse(await response.text()) as { result?: { result?: { c0?: { ID?: unknown }; c1?: { name?: unknown } } } };
    const chatId = answer.result?.result?.c0?.ID;
    const title = answer.result?.result?.c1?.name;
    if (typeof chatId !== 'number' || typeof title !== 'string') throw new Error(`the floor lookup was answered HTTP ${response.status}`);
    floorLink = `${portal.origin}/online/?IM_DIALOG=chat${chatId}`;
  } finally {
    clearTimeout(timer);
  }
}
/** Where the floor lookup's answer goes, as the window's would: kept, so nothing of it is optimised away. */
let floorLink = '';

/** Median of `pairs` lookups through the app and of as many bare fetches, alternating which goes first. */
async function lookupOverhead(pairs: number): Promise<{ app: number; bare: number }> {
  await checkBaselineMatchesApp();
  const times = await timeAlternately(bareLookup, windowLookup, { pairs, warmup: Math.min(200, pairs), between: afterAnswer });
  return { app: median(times.second), bare: median(times.first) };
}

try {
  process.stdout.write(`Node ${process.version}, ${runs} runs each, fake portal on 127.0.0.1 (no added latency)\n`);
  printRow('look up the clipboard, 1 reference → notification', await timeClipboardLookup('LEAD|13'));
  const fifty = Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? `LEAD|${i + 1}` : `https://acme.bitrix24.ru/crm/deal/details/${i + 1}/`)).join('\n');
  printRow('look up the clipboard, 50 references → notification', await timeClipboardLookup(fifty));
  printRow('"open" hotkey, a reference copied → window request', await timeOpenHotkey('https://acme.bitrix24.ru/crm/deal/details/5/'));
  const displays = [-1920, 0, 1920].map((x) => ({ bounds: { x, y: 0, width: 1920, height: 1080 }, workArea: { x, y: 0, width: 1920, height: 1040 } }));
  const placements: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    placeWindowNearTray({ size: { width: 440, height: 360 }, trayBounds: { x: 3700, y: 1050, width: 24, height: 24 }, cursor: { x: 0, y: 0 }, displays });
    placements.push(performance.now() - started);
  }
  printRow(
    'placing the window by the tray, 3 monitors',
    placements.sort((a, b) => a - b),
  );
  process.stdout.write(
    `history now holds ${app.services.history.size} entries (each lookup is indexed and written to disk just after its answer, as in the app)\n`,
  );

  const pairs = runs * 5;
  const { historyLimit } = app.services.settings.get();
  // An app in use: the history full at its cap, so each lookup also pushes the oldest entry out.
  const earlier = {
    input: 'LEAD|13',
    outcome: 'found',
    entityType: 'CRM',
    entityId: 'LEAD|13',
    label: 'lead 13',
    chatId: 1437,
    portal: portal.origin,
    code: null,
    message: null,
  } as const;
  app.services.history.record(Array.from({ length: historyLimit }, () => earlier));
  const withHistory = await lookupOverhead(pairs);
  const limitOff = await app.dispatch('settingsUpdate', WINDOW, { historyLimit: 0 });
  if (!limitOff.ok || app.services.history.size !== 0) throw new Error('setting the history size to 0 did not empty the history');
  const noHistory = await lookupOverhead(pairs);
  process.stdout.write(
    `one lookup from the window ('lookup' { text: 'LEAD|13' } via the dispatcher) vs a bare fetch of the same batch, ${pairs} pairs alternated:\n`,
  );
  const overheadLine = (label: string, { app: appMs, bare }: { app: number; bare: number }): string =>
    `  ${label.padEnd(56)} median ${appMs.toFixed(3)} ms, bare fetch ${bare.toFixed(3)} ms: ` +
    `ratio ${(appMs / bare).toFixed(3)}, +${(appMs - bare).toFixed(3)} ms\n`;
  process.stdout.write(overheadLine(`history of ${historyLimit.toLocaleString('en')} (its cap), recorded after the answer`, withHistory));
  process.stdout.write(overheadLine('history size 0 (nothing recorded)', noHistory));
  const floorTimes = await timeAlternately(bareLookup, floorLookup, { pairs, warmup: Math.min(200, pairs), between: afterAnswer });
  const floor = { app: median(floorTimes.second), bare: median(floorTimes.first) };
  if (!floorLink.endsWith('IM_DIALOG=chat1437')) throw new Error(`the floor lookup made the link ${floorLink}`);
  process.stdout.write(overheadLine('the floor: the least a lookup can do, written by hand', floor));
  report({ name: 'lookup_overhead', unit: 'ms', value: withHistory.app, baseline: withHistory.bare, target: '≤ 1.05' });
  report({ name: 'lookup_overhead_no_history', unit: 'ms', value: noHistory.app, baseline: noHistory.bare });
  report({ name: 'lookup_floor', unit: 'ms', value: floor.app, baseline: floor.bare });
} finally {
  await portal.close();
  rmSync(dir, { recursive: true, force: true });
}
