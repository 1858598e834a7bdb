/**
 * Set-up for the state and IPC tests: a temp folder per test, the real electron-store files in it (through the
 * shell's ElectronStoreFile), a real AES-GCM cipher standing in for safeStorage, and the services built exactly as
 * main.ts builds them, pointed at a fake portal on loopback.
 */
import type { HotkeyMessage } from '../../electron/common/messages/hotkeys.ts';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMainApp, type Ports } from '../../electron/core/app-services.ts';
import { PortalRateLimits } from '../../electron/core/bitrix/rate-limiter.ts';
import type { FetchLike } from '../../electron/core/bitrix/transport.ts';
import { isOpenableLink } from '../../electron/core/links/link-policy.ts';
import type { SenderInfo } from '../../electron/core/ipc/trusted-sender.ts';
import { isTrustedSender } from '../../electron/core/ipc/trusted-sender.ts';
import type { Dispatch } from '../../electron/core/ipc/handlers.ts';
import type { Services } from '../../electron/core/services.ts';
import type { EmitEvent, EventName } from '../../electron/core/ipc/contract.ts';
import { journalBeside } from '../../electron/core/state/append-file.ts';
import type { HistoryEntry } from '../../electron/core/state/history.ts';
import { HistoryStore } from '../../electron/core/state/history-store.ts';
import type { NoticeBoard } from '../../electron/core/state/notices.ts';
import type { StateFile } from '../../electron/core/state/state-file.ts';
import type { SecretCipher } from '../../electron/core/state/profiles/sealed-credentials.ts';
import { testCipher } from './test-cipher.ts';
import { UserError } from '../../electron/core/user-error.ts';
import { ElectronStoreFile } from '../../electron/shell/json-store.ts';

export { tempDir } from './temp-dir.ts';

export { testCipher } from './test-cipher.ts';

export const stateFile = (dir: string, name: string): ElectronStoreFile => new ElectronStoreFile(name, dir);

/** The real file, except that moving or copying it aside fails (as in a folder the user may not write to). */
export class UnmovableFile extends ElectronStoreFile {
  override backUp(): string {
    throw Object.assign(new Error('operation not permitted'), { code: 'EPERM' });
  }
}

/** A history store over `file` and the journal beside it, as the app opens one (app-services.ts). */
export const historyStore = (file: StateFile, notices: NoticeBoard, options?: ConstructorParameters<typeof HistoryStore>[3]): HistoryStore =>
  new HistoryStore(file, journalBeside(file), notices, options);

/** The history's journal beside history.json: the lookups appended since the file was last written whole. */
export const HISTORY_JOURNAL = 'history-journal.jsonl';

/**
 * The history as it is on disk now, newest first: history.json's version and entries with the journal's entries on
 * top (its `{"trim": n}` lines applied, as the store reads them).
 */
export function historyOnDisk(dir: string): { schemaVersion: number | null; entries: HistoryEntry[] } {
  const file = join(dir, 'history.json');
  const document = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { schemaVersion: number; entries: HistoryEntry[] }) : null;
  const entries = [...(document?.entries ?? [])].reverse();
  const journal = join(dir, HISTORY_JOURNAL);
  for (const line of existsSync(journal) ? readFileSync(journal, 'utf8').split('\n').filter(Boolean) : []) {
    const item = JSON.parse(line) as HistoryEntry | { trim: number };
    if ('trim' in item) entries.splice(0, Math.max(0, entries.length - item.trim));
    else if (!entries.some((entry) => entry.id === item.id)) entries.push(item);
  }
  return { schemaVersion: document?.schemaVersion ?? null, entries: entries.reverse() };
}

export function writeRaw(dir: string, name: string, content: string | Buffer): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, content);
  return path;
}

export interface TestApp {
  dir: string;
  services: Services;
  dispatch: Dispatch;
  /** Every event sent to the window, in order. */
  events: { event: EventName; payload: unknown }[];
  /** Every log line. */
  log: string[];
  /** What the clipboard holds. */
  clipboard: { text: string };
  /** What the desktop was asked to do, in order: notifications, links opened, window shown or hidden. */
  desktop: DesktopRecord;
  /** The hotkeys registered with the OS now, and chords another app holds (registering them fails). */
  shortcuts: { registered: Map<string, () => void>; takenByOthers: Set<string>; unregisterFails: boolean; registrations: number };
  /** Each launch-at-login change asked of the OS (`refresh` at start); set `fails` to make it refuse. */
  loginItem: { calls: { enabled: boolean; refresh: boolean }[]; fails: string | null };
  /** Files the export port saved: path → content. */
  exported: Map<string, string>;
  /** The sender the app's own window would be. */
  window: SenderInfo;
  /** Calls a channel as the app's window, as the main process's ipcMain.handle would. */
  call(name: Parameters<Dispatch>[0], payload?: unknown): ReturnType<Dispatch>;
  /** Presses a global hotkey as the OS would deliver it (fails the test when it is not registered). */
  pressHotkey(accelerator: string): void;
}

export interface DesktopRecord {
  notifications: { title: string; body: string; click: () => void }[];
  /** Make notifications fail to show (they are then not recorded; their fallback runs). */
  notificationsFail: boolean;
  opened: string[];
  /** 'show' / 'hide' for each time the window was shown or hidden. */
  window: ('show' | 'hide')[];
  /** Make openExternal fail, as for a `bx:` link with no Bitrix24 app installed. */
  openFails: boolean;
  /** Whether the window is on screen (shown by showWindow, hidden by hideWindow; a test may set it). */
  shown: boolean;
  /** Whether the window's page hears events (requests and notices then come with the event); a test may set it. */
  listening: boolean;
  /**
   * The person's browser: given every link the app opens (after it is recorded), e.g. sign-in-browser.ts's visitSignIn
   * for a sign-in. Not awaited, as the OS does not wait for the browser; what it returns is kept in `visits`.
   */
  browser: ((url: string) => Promise<unknown>) | null;
  visits: Promise<unknown>[];
}

export const APP_PAGE = 'file:///opt/b24/resources/app/dist/renderer/index.html';
const WINDOW_ID = 7;

/** Builds the services as main.ts does, on real files in `dir`. */
export function startTestApp(
  dir: string,
  options: {
    cipher?: SecretCipher;
    osLocales?: string[];
    now?: () => number;
    saveExportsTo?: string | null;
    allowLocalPortals?: boolean;
    platform?: string;
    hotkeyLimitation?: HotkeyMessage | null;
    takenByOthers?: string[];
    loginItemFails?: string;
    /** How long a sign-in waits for the browser (the app's five minutes otherwise). */
    signInTimeoutMs?: number;
    /** The sign-in handler's port (test/support/sign-in-world.ts gives each test one of its own). */
    oauthHandlerPort?: number;
    /** The app's fetch (Node's own unless a test watches its requests). */
    fetch?: FetchLike;
    /** How long one request to a portal may take (2 s here; the app's 20 s otherwise). */
    requestTimeoutMs?: number;
  } = {},
): TestApp {
  const events: TestApp['events'] = [];
  const log: string[] = [];
  const clipboard = { text: '' };
  const exported = new Map<string, string>();
  const desktop: DesktopRecord = {
    notifications: [],
    notificationsFail: false,
    opened: [],
    window: [],
    openFails: false,
    shown: true,
    listening: false,
    browser: null,
    visits: [],
  };
  const shortcuts: TestApp['shortcuts'] = {
    registered: new Map(),
    takenByOthers: new Set(options.takenByOthers ?? []),
    unregisterFails: false,
    registrations: 0,
  };
  const loginItem: TestApp['loginItem'] = { calls: [], fails: options.loginItemFails ?? null };
  const ports: Ports = {
    openFile: (name) => new ElectronStoreFile(name, dir),
    cipher: options.cipher ?? testCipher(),
    fetch: options.fetch ?? ((url, init) => fetch(url, init)),
    shell: {
      clipboard: { readText: () => clipboard.text, writeText: (text) => void (clipboard.text = text) },
      notify: ({ title, body }, click, failed) => {
        if (desktop.notificationsFail) failed();
        else desktop.notifications.push({ title, body, click });
      },
      openExternal: async (url) => {
        if (desktop.openFails) throw new Error('no application is registered for this link');
        // The shell's last gate before the OS (shell-ports.ts), kept here too.
        if (!isOpenableLink(url, { allowLocalPortals: options.allowLocalPortals ?? true })) throw new Error('Not a link the app opens.');
        desktop.opened.push(url);
        if (desktop.browser) desktop.visits.push(desktop.browser(url));
      },
      showWindow: () => {
        desktop.window.push('show');
        desktop.shown = true;
      },
      hideWindow: () => {
        desktop.window.push('hide');
        desktop.shown = false;
      },
      windowShown: () => desktop.shown,
      pageListening: () => desktop.listening,
    },
    // Like Electron's globalShortcut: registering keys another app holds, or keys already registered, fails.
    shortcuts: {
      register: (accelerator, callback) => {
        shortcuts.registrations += 1;
        if (shortcuts.takenByOthers.has(accelerator) || shortcuts.registered.has(accelerator)) return false;
        shortcuts.registered.set(accelerator, callback);
        return true;
      },
      unregister: (accelerator) => {
        if (shortcuts.unregisterFails) throw new Error('the OS refused');
        shortcuts.registered.delete(accelerator);
      },
    },
    loginItem: {
      set: (enabled, { refresh }) => {
        if (loginItem.fails !== null) throw new Error(loginItem.fails);
        loginItem.calls.push({ enabled, refresh });
      },
    },
    hotkeyLimitation: options.hotkeyLimitation ?? null,
    exporter: {
      save: async ({ suggestedName, content }) => {
        if (options.saveExportsTo === null) return null;
        const path = join(options.saveExportsTo ?? dir, suggestedName);
        writeFileSync(path, content);
        exported.set(path, content);
        return path;
      },
    },
    osLocales: options.osLocales ?? ['en-US'],
    // The fake portal lives on 127.0.0.1, as in a development build.
    allowLocalPortals: options.allowLocalPortals ?? true,
    appInfo: { name: 'B24 Chat Lookup', version: '0.1.0-test', platform: options.platform ?? 'linux' },
    log: (line) => log.push(line),
    client: {
      timeoutMs: options.requestTimeoutMs ?? 2_000,
      retry: { rateLimitDelayMs: 5, serverErrorDelayMs: 5 },
      rateLimits: new PortalRateLimits({ burst: 1_000_000, perSecond: 1_000_000 }),
    },
    ...(options.now ? { now: options.now } : {}),
    ...(options.signInTimeoutMs === undefined ? {} : { signInTimeoutMs: options.signInTimeoutMs }),
    ...(options.oauthHandlerPort === undefined ? {} : { oauthHandlerPort: options.oauthHandlerPort }),
  };
  const emit: EmitEvent = (event, payload) => events.push({ event, payload });
  const app = createMainApp(ports, {
    emit,
    isTrustedSender: (sender) => isTrustedSender(sender, { webContentsId: WINDOW_ID, appPageUrl: APP_PAGE }),
  });
  const { services, dispatch } = app;
  // main.ts reads the history once the tray is up; here at once, so a damaged file is found as at the app's start.
  services.history.load();
  const window: SenderInfo = { webContentsId: WINDOW_ID, frameUrl: APP_PAGE, isMainFrame: true };
  return {
    dir,
    services,
    dispatch,
    events,
    log,
    clipboard,
    desktop,
    shortcuts,
    loginItem,
    exported,
    window,
    call: (name, payload) => dispatch(name, window, payload),
    pressHotkey: (accelerator) => {
      const callback = shortcuts.registered.get(accelerator);
      if (!callback) throw new Error(`${accelerator} is not registered`);
      callback();
    },
  };
}

/** The UserError a call refuses with (sync or async); fails the test when it succeeds or throws something else. */
export async function refusalOf(run: () => unknown): Promise<UserError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** The value of an IPC answer that must be ok. */
export async function valueOf<T>(answer: ReturnType<Dispatch>): Promise<T> {
  const result = await answer;
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${JSON.stringify(result.error.params ?? {})}`);
  return result.value as T;
}
