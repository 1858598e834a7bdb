/**
 * The main process's services, built from the ports the shell hands in. `main.ts` calls this with Electron's
 * pieces; tests call it with real files, a test cipher and the fake portal, so they exercise the same graph.
 */
import { randomBytes } from 'node:crypto';
import type { HotkeyMessage } from '../common/messages/hotkeys.ts';
import { BitrixClient, type BitrixClientOptions, DEFAULT_TIMEOUT_MS, userAgentFor } from './bitrix/client.ts';
import { OAUTH_HANDLER, OAUTH_HANDLER_PATH, OAUTH_HANDLER_PORT } from './bitrix/oauth.ts';
import type { FetchLike } from './bitrix/transport.ts';
import { ChatOpener, type ClipboardPort, type OpenExternal } from './links/chat-opener.ts';
import { type GlobalShortcutPort, HotkeyRegistry } from './hotkeys/hotkeys.ts';
import { QuickLookup, type QuickLookupOptions } from './quick-lookup/quick-lookup.ts';
import { OAuthSignIn } from './sign-in/sign-in.ts';
import { say } from '../common/i18n/catalogs.ts';
import { type Clock, systemClock } from './clock.ts';
import type { SenderInfo } from './ipc/trusted-sender.ts';
import { WindowControl, type WindowPort } from './window/window-control.ts';
import type { AppInfo, EmitEvent } from './ipc/contract.ts';
import { createDispatcher, createHandlers, type Dispatch, forwardEvents } from './ipc/handlers.ts';
import { LookupUseCase } from './lookup/lookup-use-case.ts';
import type { ExportPort, Services } from './services.ts';
import { journalBeside } from './state/append-file.ts';
import { HistoryStore } from './state/history-store.ts';
import { NoticeBoard } from './state/notices.ts';
import { ProfileStore } from './state/profiles/profile-store.ts';
import type { SecretCipher } from './state/profiles/sealed-credentials.ts';
import { SettingsStore } from './state/settings.ts';
import type { StateFile } from './state/state-file.ts';
import type { InstallKind } from './updates/install-kind.ts';
import { type UpdateEngine, UpdateService, type UpdateServiceOptions } from './updates/update-service.ts';

export const STATE_FILES = ['settings', 'profiles', 'history'] as const;
export type StateFileName = (typeof STATE_FILES)[number];

/** The shell as the core's actions use it: the clipboard, notifications, links handed to the OS, and the lookup window. */
export interface ShellPorts extends WindowPort {
  clipboard: ClipboardPort;
  notify: QuickLookupOptions['notify'];
  openExternal: OpenExternal;
}

export interface Ports {
  openFile(name: StateFileName): StateFile;
  cipher: SecretCipher;
  fetch: FetchLike;
  exporter: ExportPort;
  shell: ShellPorts;
  /** Electron's globalShortcut. */
  shortcuts: GlobalShortcutPort;
  /** Launch at login: Electron's login items on macOS and Windows, an autostart entry on Linux. */
  loginItem: LoginItemPort;
  /** What global hotkeys cannot do on this desktop (hotkeyLimitation), or null. */
  hotkeyLimitation?: HotkeyMessage | null;
  /** The OS's preferred languages, most preferred first (for the default language). */
  osLocales: readonly string[];
  /** Name, version and platform; the core adds what it owns (the OAuth handler address). */
  appInfo: Omit<AppInfo, 'oauthHandler' | 'oauthLoopback'>;
  /** One line per REST request and per refused IPC message; never a secret or a payload. */
  log: (line: string) => void;
  now?: () => number;
  /** Whether a portal on this machine (the fake one) may be added: development builds and tests. */
  allowLocalPortals?: boolean;
  /** Timeouts and retry pacing; tests shorten them. */
  client?: Pick<BitrixClientOptions, 'timeoutMs' | 'retry' | 'rateLimits'>;
  /** How long a sign-in waits for the browser (five minutes, oauth-callback.ts); tests shorten it. */
  signInTimeoutMs?: number;
  /** The sign-in handler's port on 127.0.0.1 (OAUTH_HANDLER_PORT unless a test runs several apps at once). */
  oauthHandlerPort?: number;
  /** Random bytes for a sign-in's state (node:crypto's by default). */
  random?: (size: number) => Uint8Array;
  /**
   * Takes lookups into the history (its index and its journal) just after answering instead of before (HistoryStore's
   * writeLater; the app passes setImmediate and flushes the history when it quits). Without it each lookup is recorded
   * and written before its answer.
   */
  writeHistoryLater?: (write: () => void) => void;
  /**
   * New versions: what kind of copy this is and electron-updater over its feed (shell/updater.ts), null where this kind
   * looks for none; tests shorten the waits. Without it the app is a development run and looks for nothing.
   */
  updates?: { kind: InstallKind; engine: UpdateEngine | null } & Partial<
    Pick<UpdateServiceOptions, 'startDelayMs' | 'intervalMs' | 'checkTimeoutMs' | 'stallMs'>
  >;
}

/** Turns the app's start at login on or off; throws with a reason when the OS or the file system refuses. */
export interface LoginItemPort {
  /**
   * `refresh`: at start, to keep an entry pointing at this copy of the app; a start switched off in the system's own
   * settings is then left off. Otherwise the person just chose it in the app, and that choice is applied.
   */
  set(enabled: boolean, options: { refresh: boolean }): void;
}

/**
 * The services (stores, lookups, notices, the window, the hotkeys' and the window's actions) over the ports. Nothing
 * here touches the shell yet: connectShell registers the hotkeys and keeps launch at login in step.
 */
export function createServices(ports: Ports, emit: EmitEvent): Services {
  const now = ports.now ?? Date.now;
  // One time for the stores and for Bitrix24's tokens (when a sign-in was renewed is the profile's to judge), with real waits.
  const clock: Clock = ports.now ? { now: ports.now, sleep: systemClock.sleep } : systemClock;
  const notices = new NoticeBoard(now);
  const settings = new SettingsStore(ports.openFile('settings'), notices, { osLocales: ports.osLocales });
  const historyFile = ports.openFile('history');
  const history = new HistoryStore(historyFile, journalBeside(historyFile), notices, {
    limit: settings.get().historyLimit,
    now,
    ...(ports.writeHistoryLater ? { writeLater: ports.writeHistoryLater } : {}),
  });
  const allowLocalPortals = ports.allowLocalPortals ?? false;
  const profiles = new ProfileStore(ports.openFile('profiles'), notices, {
    cipher: ports.cipher,
    now,
    allowLocalPortals,
    connect: (credentials, hooks, { ratePlan }) =>
      new BitrixClient({
        ...ports.client,
        ratePlan,
        clock,
        credentials,
        fetch: ports.fetch,
        userAgent: userAgentFor(ports.appInfo.version),
        log: ports.log,
        allowLocalHosts: allowLocalPortals,
        ...hooks,
      }),
  });
  const lookups = new LookupUseCase({ settings, profiles, history });
  const { shell } = ports;
  const handlerPort = ports.oauthHandlerPort ?? OAUTH_HANDLER_PORT;
  const appInfo: AppInfo = { ...ports.appInfo, oauthHandler: OAUTH_HANDLER, oauthLoopback: `http://127.0.0.1:${handlerPort}${OAUTH_HANDLER_PATH}` };
  const signIn = new OAuthSignIn({
    profiles,
    openExternal: shell.openExternal,
    tokenServer: { fetch: ports.fetch, userAgent: userAgentFor(ports.appInfo.version), timeoutMs: ports.client?.timeoutMs ?? DEFAULT_TIMEOUT_MS, clock },
    random: ports.random ?? ((size) => randomBytes(size)),
    clock,
    allowLocalPortals,
    language: () => settings.get().language,
    ...(ports.signInTimeoutMs === undefined ? {} : { timeoutMs: ports.signInTimeoutMs }),
    handlerPort,
    log: ports.log,
  });
  const window = new WindowControl(shell, (request) => emit('windowRequest', request));
  const chats = new ChatOpener({ settings, profiles, openExternal: shell.openExternal, clipboard: shell.clipboard, allowLocalPortals });
  const quickLookup = new QuickLookup({ settings, lookups, clipboard: shell.clipboard, notify: shell.notify, window, chats, log: ports.log });
  const hotkeys = new HotkeyRegistry({
    port: ports.shortcuts,
    platform: ports.appInfo.platform,
    limitation: ports.hotkeyLimitation ?? null,
    actions: { openWindow: () => void quickLookup.openWindowWithClipboard(), lookupClipboard: () => void quickLookup.lookUpClipboard() },
  });
  const { kind = 'development', engine = null, ...updateTimes } = ports.updates ?? {};
  const updates = new UpdateService({ ...updateTimes, kind, engine, version: ports.appInfo.version, settings, now, log: ports.log });
  settings.onChange((_values, changed) => updates.settingsChanged(changed));
  return { appInfo, settings, profiles, history, lookups, notices, exporter: ports.exporter, window, quickLookup, chats, signIn, hotkeys, updates, now };
}

/**
 * Connects the services to the shell: registers the hotkeys, refreshes the login item, and keeps both (and the
 * history size) in step with the settings. Its settings listener must come before forwardEvents', so the window's
 * settingsChanged carries the hotkeys' new states.
 */
function connectShell(services: Services, ports: Ports): void {
  const { settings, history, hotkeys, notices, window } = services;
  const applyLoginItem = (enabled: boolean, refresh: boolean): void => {
    try {
      ports.loginItem.set(enabled, { refresh });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const message = { code: enabled ? 'login_item_on_failed' : 'login_item_off_failed', params: { reason } } as const;
      notices.add('error', message);
      // Chosen from the tray menu, with no window up: a notification says so now.
      const show = (): void => window.present({ view: 'settings', message });
      ports.shell.notify({ title: say({ code: 'app.name' }, settings.get().language), body: say(message, settings.get().language) }, show, show);
    }
  };
  hotkeys.apply(settings.get().hotkeys);
  // At start only a wish to launch at login is applied (it refreshes the entry after the app moved); an "off" leaves
  // alone a start the person set up in the system's own settings.
  if (settings.get().launchAtLogin) applyLoginItem(true, true);
  settings.onChange((values, changed, named) => {
    // Only the person's change of the size trims: other settings changes leave a history kept after a reset alone.
    if (changed.historyLimit !== undefined) history.setLimit(values.historyLimit);
    // Registered again when they change, or when saved unchanged while one is unavailable: a retry after the other
    // app let the keys go.
    if (changed.hotkeys !== undefined || (named.hotkeys !== undefined && hotkeys.anyUnavailable())) hotkeys.apply(values.hotkeys);
    if (changed.launchAtLogin !== undefined) applyLoginItem(values.launchAtLogin, false);
  });
}

export interface MainApp {
  services: Services;
  /** Every IPC call of the contract goes through this (the shell registers one ipcMain.handle per channel). */
  dispatch: Dispatch;
}

/**
 * The whole main-process app over its ports: services connected to the shell, the events they send to the window,
 * and the dispatcher with its sender check. `main.ts` and the tests build it the same way.
 */
export function createMainApp(ports: Ports, { emit, isTrustedSender }: { emit: EmitEvent; isTrustedSender: (sender: SenderInfo) => boolean }): MainApp {
  const services = createServices(ports, emit);
  connectShell(services, ports);
  forwardEvents(services, emit);
  const dispatch = createDispatcher({ handlers: createHandlers(services), isTrustedSender, log: ports.log });
  return { services, dispatch };
}
