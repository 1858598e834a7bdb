/**
 * The main process's services, built from the ports the shell hands in. `main.ts` calls this with Electron's
 * pieces; tests call it with real files, a test cipher and the fake portal, so they exercise the same graph.
 */
import { BitrixClient, type BitrixClientOptions, userAgentFor } from './bitrix/client.ts';
import type { FetchLike } from './bitrix/transport.ts';
import type { AppInfo } from './ipc/contract.ts';
import type { SenderInfo } from './desktop/trusted-sender.ts';
import {
  createDispatcher,
  createHandlers,
  type Dispatch,
  type EmitEvent,
  type ExportPort,
  forwardEvents,
  requestClipboardLookup,
  type Services,
} from './ipc/handlers.ts';
import { type ClipboardPort, LookupDesk } from './lookup/lookup-desk.ts';
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
  clipboard: ClipboardPort;
  exporter: ExportPort;
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

/** The services (stores, lookups, notices) over the ports, wired so a change of the history size reaches the history. */
export function createServices(ports: Ports): Services {
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
  const lookups = new LookupDesk({ settings, profiles, history, clipboard: ports.clipboard, now });
  // Only the person's change of the size trims: other settings changes leave a history kept after a reset alone.
  settings.onChange((values, changed) => {
    if (changed.historyLimit !== undefined) history.setLimit(values.historyLimit);
  });
  return { appInfo: ports.appInfo, settings, profiles, history, lookups, notices, exporter: ports.exporter, now };
}

export interface DesktopApp {
  services: Services;
  /** Every IPC call of the contract goes through this (the shell registers one ipcMain.handle per channel). */
  dispatch: Dispatch;
  /** What the "look up the clipboard" hotkey does. */
  requestClipboardLookup(): void;
}

/**
 * The whole main-process app over its ports: services, the events they send to the window, and the dispatcher
 * with its sender check. `main.ts` and the tests build it the same way.
 */
export function createDesktopApp(
  ports: Ports,
  { emit, isTrustedSender }: { emit: EmitEvent; isTrustedSender: (sender: SenderInfo) => boolean },
): DesktopApp {
  const services = createServices(ports);
  forwardEvents(services, emit);
  const dispatch = createDispatcher({ handlers: createHandlers(services), isTrustedSender, log: ports.log });
  return { services, dispatch, requestClipboardLookup: () => requestClipboardLookup(services, emit) };
}
