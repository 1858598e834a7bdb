/**
 * `npm run bench:hotkey`: the hotkey path, from the "open" hotkey pressed to the window on screen, through the main
 * process as it ships: the built dist/main/main.js under plain Node with `electron` mapped to the stand-in
 * (test/fakes/electron.ts), as the lifecycle test runs it (test/lifecycle/lifecycle.test.ts), its profile in a temp
 * folder (`--user-data-dir`). A first start fills the profile as a person's is (a theme chosen, the fake portal on
 * 127.0.0.1 connected, one lookup in the history), so its files exist and a read of one would be seen; then the app
 * starts again at login (`--launched-at-login`), so its window is made and its page loaded hidden. Once the page has
 * loaded, N times: a deal's link copied, CommandOrControl+Alt+B pressed, and the time until the window is visible
 * (polled each setImmediate, as quick-lookup.ts times its "open"); then it is hidden again through 'window:hide', as
 * the page's Esc does (no wait needed: a hotkey show is no tray click, so the blur-hide gesture of popup-toggle.ts is
 * not in play, and a window hidden first is no blur-hide anyway).
 * On each press, from the press until the window is visible, it counts:
 *   - page loads: new entries in the window's webContents.loads (the window is preloaded, so none are wanted);
 *   - store reads: readFileSync and openSync (node:fs, wrapped in this process and synced into the bundle's named
 *     imports) of files in the profile folder, where electron-store keeps the settings, portals and history;
 *   - events sent to the page (webContents.send) while the window was not yet visible.
 * The stand-in's show is instant and the OS's part is not here: this is the app's own share of the wait (the clipboard
 * read and parsed, the window placed, the request sent), plus up to one turn of the event loop from the polling.
 * Wayland's variables are unset: there the clipboard is read with the window focused, so it shows first.
 * Reports `hotkey_to_window` (median), `hotkey_page_loads` and `hotkey_store_reads` (totals over all runs) to the
 * runner (`npm run bench`). A measurement to read, not a test: nothing here fails on a number. Build first
 * (`npm run build`).
 *
 *   npm run bench:hotkey -- [--runs N | --quick]
 */
import fs, { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { LAUNCHED_AT_LOGIN_FLAG } from '../../electron/core/launch/command-line.ts';
import { startFakePortal } from '../fake-portal/portal.ts';
import { report, runsOption, useFakeElectron } from './harness.ts';
import { percentile } from './stats.ts';

const runs = runsOption(200, 20);
const OPEN_WINDOW = 'CommandOrControl+Alt+B';
const COPIED = 'https://acme.bitrix24.ru/crm/deal/details/5/';

useFakeElectron();
const { app, standIn } = await import('../fakes/electron.ts');
const { BUILT_MAIN, BUILT_PAGE, invoke, startBuiltApp, until } = await import('../support/built-app.ts');
if (!existsSync(BUILT_MAIN) || !existsSync(BUILT_PAGE)) {
  process.stderr.write('dist/main/main.js or dist/renderer is missing: run `npm run build` first.\n');
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'b24-bench-hotkey-'));
const userData = join(dir, 'profile');
// Launch at login on Linux is an XDG autostart entry: kept in the temp folder, never the person's own.
process.env.XDG_CONFIG_HOME = join(dir, 'config');
// The built page, not a dev server's; the X11 (and Windows, macOS) path, not Wayland's.
for (const name of ['B24_RENDERER_URL', 'WAYLAND_DISPLAY', 'XDG_SESSION_TYPE']) Reflect.deleteProperty(process.env, name);

// What the app logs (console.log) is kept, and printed after the figures: from the start measured on, it should log
// nothing.
const logged: string[] = [];
const consoleLog = console.log;
console.log = (...args: unknown[]): void => void logged.push(args.map(String).join(' '));

/** A read of a file in the profile folder, counted while `counting` is on, with where it came from. */
interface Read {
  call: string;
  path: string;
  stack: string;
}
const reads: Read[] = [];
let counting = false;
const pathOf = (target: unknown): string | null => {
  if (typeof target === 'string') return target;
  if (target instanceof URL) return fileURLToPath(target);
  if (Buffer.isBuffer(target)) return target.toString('utf8');
  return null;
};
const stackHere = (): string => (new Error('here').stack ?? '').split('\n').slice(3, 15).join('\n');
const counted = <F extends (...args: never[]) => unknown>(call: string, real: F): F =>
  function (this: unknown, ...args: unknown[]): unknown {
    const path = counting ? pathOf(args[0]) : null;
    if (path !== null && resolve(path).startsWith(`${userData}${sep}`)) reads.push({ call, path, stack: stackHere() });
    return Reflect.apply(real, this, args);
  } as unknown as F;
const realReadFileSync = fs.readFileSync;
const realOpenSync = fs.openSync;

const nextTurn = (): Promise<void> => new Promise((done) => setImmediate(done));

/** Starts the bundle afresh (support/built-app.ts), and waits until its page has loaded and start's later work ran. */
async function startApp(args: string[]): Promise<void> {
  await startBuiltApp({ profile: userData, downloads: dir, args });
  // Its page loaded (the stand-in's ready-to-show comes a turn after loadFile), and what start leaves for later (the
  // history read, a sign-in renewal) has its turns too.
  await until('the page loaded', () => standIn.state.windows.every(({ webContents }) => webContents.loads.length === 1 && !webContents.isLoading()));
  await new Promise((done) => setTimeout(done, 50));
}

const portal = await startFakePortal();
try {
  // A person's profile: a setting changed, a portal connected, a lookup in the history; written out as the app quits.
  await startApp([]);
  await invoke('settings:update', { theme: 'dark' });
  await invoke('profiles:add-webhook', { webhookUrl: portal.webhookUrl });
  await invoke('lookup:text', { text: 'DEAL|5' });
  app.quit();
  const files = readdirSync(userData).sort();
  // The first start's request log is no finding; a failure it logged is kept.
  logged.push(...logged.splice(0).filter((line) => /Unexpected error|failed/.test(line)));

  // The start measured: at login, the window made and loaded but hidden.
  await startApp([LAUNCHED_AT_LOGIN_FLAG]);
  const [window, ...more] = standIn.state.windows;
  if (!window || more.length > 0) throw new Error(`started at login, the app made ${standIn.state.windows.length} windows, not 1`);
  const contents = window.webContents;
  if (window.isVisible()) throw new Error('started at login, the window is on screen');

  // Which events reach the page while the window is hidden, with where they came from (the stand-in records only what).
  const hiddenSends: { channel: string; stack: string }[] = [];
  const send = contents.send.bind(contents);
  contents.send = (channel: string, ...args: unknown[]): void => {
    if (counting && !window.isVisible()) hiddenSends.push({ channel, stack: stackHere() });
    send(channel, ...args);
  };

  const times: number[] = [];
  let pageLoads = 0;
  let sentBeforeShown = 0;
  let sentByShown = 0;
  const channels = new Set<string>();
  Object.assign(fs, { readFileSync: counted('readFileSync', realReadFileSync), openSync: counted('openSync', realOpenSync) });
  syncBuiltinESMExports();
  try {
    for (let run = 0; run < runs; run += 1) {
      standIn.state.clipboardText = COPIED;
      const loadsBefore = contents.loads.length;
      const sentBefore = contents.sent.length;
      const hiddenBefore = hiddenSends.length;
      counting = true;
      const started = performance.now();
      standIn.press(OPEN_WINDOW);
      while (!window.isVisible()) {
        await nextTurn();
        if (performance.now() - started > 5_000) throw new Error(`press ${run + 1}: the window was not visible 5 s after the hotkey`);
      }
      const elapsed = performance.now() - started;
      counting = false;
      times.push(elapsed);
      pageLoads += contents.loads.length - loadsBefore;
      sentBeforeShown += hiddenSends.length - hiddenBefore;
      sentByShown += contents.sent.length - sentBefore;
      for (const { channel } of contents.sent.slice(sentBefore)) channels.add(channel);
      // Hidden again as the page's Esc hides it, the sender check passing for the page the app loaded.
      await invoke('window:hide');
      if (window.isVisible()) throw new Error(`press ${run + 1}: 'window:hide' did not hide the window`);
      await nextTurn();
    }
  } finally {
    counting = false;
    Object.assign(fs, { readFileSync: realReadFileSync, openSync: realOpenSync });
    syncBuiltinESMExports();
  }

  const sorted = [...times].sort((a, b) => a - b);
  const ms = (p: number): string => `${percentile(sorted, p).toFixed(3)} ms`;
  const storeReads = reads.length;
  const lines = [
    `Node ${process.version}, ${runs} presses of ${OPEN_WINDOW}, the built dist/main/main.js under the Electron stand-in, started at login`,
    `the profile folder holds ${files.join(', ')}`,
    `${'hotkey → window visible'.padEnd(48)} median ${ms(50).padStart(10)}   p95 ${ms(95).padStart(10)}   max ${ms(100).padStart(10)}`,
    `${'page loads, press → visible'.padEnd(48)} ${pageLoads} over ${runs} presses (the window loaded its page once, at start)`,
    `${'store reads, press → visible'.padEnd(48)} ${storeReads} over ${runs} presses (readFileSync/openSync of files in the profile folder)`,
    `${'events sent to the page before it was visible'.padEnd(48)} ${sentBeforeShown} over ${runs} presses ` +
      `(${sentByShown} sent by the time it was visible: ${[...channels].join(', ') || 'none'})`,
  ];
  const [firstRead] = reads;
  if (firstRead) lines.push(`the first store read: ${firstRead.call}(${firstRead.path}), from`, firstRead.stack);
  const [firstHiddenSend] = hiddenSends;
  if (firstHiddenSend) lines.push(`the first event sent while hidden: ${firstHiddenSend.channel}, from`, firstHiddenSend.stack);
  process.stdout.write(`${lines.join('\n')}\n`);

  report({ name: 'hotkey_to_window', unit: 'ms', value: percentile(sorted, 50) });
  report({ name: 'hotkey_page_loads', unit: 'loads', value: pageLoads, target: '= 0' });
  report({ name: 'hotkey_store_reads', unit: 'reads', value: storeReads, target: '= 0' });
} finally {
  app.quit();
  await portal.close();
  console.log = consoleLog;
  if (logged.length > 0) process.stdout.write(`the app logged:\n${logged.map((line) => `  ${line}`).join('\n')}\n`);
  rmSync(dir, { recursive: true, force: true });
}
