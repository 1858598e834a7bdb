/**
 * The main process's services, built from the ports the shell hands in. `main.ts` calls this with Electron's
 * pieces; tests call it with real files, a test cipher and the fake portal, so they exercise the same graph.
 */
import { BitrixClient, type BitrixClientOptions, userAgentFor } from './bitrix/client.ts';
import type { FetchLike } from './bitrix/transport.ts';
import { DesktopActions, type DesktopPorts } from './desktop/desktop-actions.ts';
import { type GlobalShortcutPort, HotkeyRegistry } from './desktop/hotkeys.ts';
import type { AppInfo } from './ipc/contract.ts';
import type { SenderInfo } from './desktop/trusted-sender.ts';
import { createDispatcher, createHandlers, type Dispatch, type EmitEvent, type ExportPort, forwardEvents, type Services } from './ipc/handlers.ts';
import { LookupDesk } from './lookup/lookup-desk.ts';
import { HistoryStore } from './state/history.ts';
import { NoticeBoard } from './state/notices.ts';
import { ProfileStore, type SecretCipher } from './state/profiles.ts';
import { SettingsStore } from './state/settings.ts';
import type { StateFile } from './state/state-file.ts';

export const STATE_FILES = ['settings', 'profiles', 'history'] as const;
export type StateFileName = (typeof STATE_FILES)[number];

export interface Ports {
  openFile(name: StateFileName): StateFile;
  cipher: SecretCipher;
  fetch: FetchLike;
  exporter: ExportPort;
  /** The clipboard, notifications, opening links and the window. */
  desktop: DesktopPorts;
  /** Electron's globalShortcut. */
  shortcuts: GlobalShortcutPort;
  /** Launch at login: Electron's login items on macOS and Windows, an autostart entry on Linux. */
  loginItem: LoginItemPort;
  /** What global hotkeys cannot do on this desktop (hotkeyLimitation), or null. */
  hotkeyLimitation?: string | null;
  /** The OS's preferred languages, most preferred first (for the default language). */
  osLocales: readonly string[];
  appInfo: AppInfo;
  /** One line per REST request and per refused IPC message; never a secret or a payload. */
  log: (line: string) => void;
  now?: () => number;
  /** Whether a portal on this machine (the fake one) may be added: development builds and tests. */
  allowLocalPortals?: boolean;
  /** Timeouts and retry pacing; tests shorten them. */
  client?: Pick<BitrixClientOptions, 'timeoutMs' | 'retry' | 'rateLimits'>;
}

/** Turns the app's start at login on or off; throws with a reason when the OS or the file system refuses. */
export interface LoginItemPort {
  set(enabled: boolean): void;
}

function applyLoginItem(port: LoginItemPort, enabled: boolean, notices: NoticeBoard): void {
  try {
    port.set(enabled);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    notices.add('error', `Launch at login could not be turned ${enabled ? 'on' : 'off'} (${reason}). Try again, or change it in your system's startup settings.`);
  }
}

/**
 * The services (stores, lookups, notices, the desktop's actions and hotkeys) over the ports, wired so a change of a
 * setting reaches what it governs: the history size, the hotkeys, launch at login.
 */
export function createServices(ports: Ports, emit: EmitEvent): Services {
  const now = ports.now ?? Date.now;
  const notices = new NoticeBoard(now);
  const settings = new SettingsStore(ports.openFile('settings'), notices, { osLocales: ports.osLocales });
  const history = new HistoryStore(ports.openFile('history'), notices, { limit: settings.get().historyLimit, now });
  const allowLocalPortals = ports.allowLocalPortals ?? false;
  const profiles = new ProfileStore(ports.openFile('profiles'), notices, {
    cipher: ports.cipher,
    now,
    allowLocalPortals,
    connect: (credentials, hooks) =>
      new BitrixClient({
        ...ports.client,
        credentials,
        fetch: ports.fetch,
        userAgent: userAgentFor(ports.appInfo.version),
        log: ports.log,
        allowLocalHosts: allowLocalPortals,
        ...hooks,
      }),
  });
  const lookups = new LookupDesk({ settings, profiles, history });
  // A hotkey's work has no caller to answer; an unexpected failure goes to the log, by kind only (no text from it).
  const logFailure = (what: string) => (error: unknown) => ports.log(`${what} failed: ${error instanceof Error ? error.name : 'error'}`);
  const actions = new DesktopActions({ services: { settings, profiles, lookups }, ports: ports.desktop, emit, allowLocalPortals });
  const hotkeys = new HotkeyRegistry({
    port: ports.shortcuts,
    platform: ports.appInfo.platform,
    limitation: ports.hotkeyLimitation ?? null,
    actions: {
      openWindow: () => void actions.openWindowWithClipboard().catch(logFailure('The "open" hotkey')),
      lookupClipboard: () => void actions.lookUpClipboard().catch(logFailure('The clipboard lookup')),
    },
  });
  hotkeys.apply(settings.get().hotkeys);
  // At start only a wish to launch at login is applied (it refreshes the entry after the app moved); an "off" leaves
  // alone a start the person set up in the system's own settings.
  if (settings.get().launchAtLogin) applyLoginItem(ports.loginItem, true, notices);
  settings.onChange((values, changed) => {
    // Only the person's change of the size trims: other settings changes leave a history kept after a reset alone.
    if (changed.historyLimit !== undefined) history.setLimit(values.historyLimit);
    if (changed.hotkeys !== undefined) hotkeys.apply(values.hotkeys);
    if (changed.launchAtLogin !== undefined) applyLoginItem(ports.loginItem, values.launchAtLogin, notices);
  });
  return { appInfo: ports.appInfo, settings, profiles, history, lookups, notices, exporter: ports.exporter, actions, hotkeys, now };
}

export interface DesktopApp {
  services: Services;
  /** Every IPC call of the contract goes through this (the shell registers one ipcMain.handle per channel). */
  dispatch: Dispatch;
}

/**
 * The whole main-process app over its ports: services, the events they send to the window, and the dispatcher
 * with its sender check. `main.ts` and the tests build it the same way.
 */
export function createDesktopApp(
  ports: Ports,
  { emit, isTrustedSender }: { emit: EmitEvent; isTrustedSender: (sender: SenderInfo) => boolean },
): DesktopApp {
  const services = createServices(ports, emit);
  forwardEvents(services, emit);
  const dispatch = createDispatcher({ handlers: createHandlers(services), isTrustedSender, log: ports.log });
  return { services, dispatch };
}
