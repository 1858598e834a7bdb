/**
 * The main side of the contract: one handler per call (the handler table), and the dispatcher every IPC message
 * goes through. The dispatcher checks the sender, validates the payload against the contract's schema, runs the
 * handler and turns whatever happens into an `IpcResult`. A refusal is logged with the channel and the reason,
 * never the payload (it may hold a webhook the person pasted).
 */
import * as v from 'valibot';
import { BitrixError } from '../bitrix/errors.ts';
import type { SenderInfo } from './trusted-sender.ts';
import { maskSecrets } from '../../common/references/secrets.ts';
import type { Services } from '../services.ts';
import { exportFileName, historyToCsv, historyToJson } from '../state/history-export.ts';
import { type Language, say } from '../../common/i18n/catalogs.ts';
import { UserError } from '../user-error.ts';
import {
  ANY_PORTAL_FAILURE,
  type EmitEvent,
  INVOKES,
  type InvokeSpec,
  type InvokeName,
  type IpcResult,
  type ResponseOf,
  type SettingsView,
  type ValidRequestOf,
} from './contract.ts';

export type HandlerTable = { [K in InvokeName]: (request: ValidRequestOf<K>) => ResponseOf<K> | Promise<ResponseOf<K>> };

/** The handler for every call of the contract; what they tell the person is messages, for the window to say. */
export function createHandlers(services: Services): HandlerTable {
  const { settings, profiles, history, lookups, notices, window, chats, signIn, updates } = services;
  const now = services.now ?? Date.now;
  const language = (): Language => settings.get().language;
  /** A sign-in ends in the browser, which took the focus: Settings comes back with its outcome (not after a cancel). */
  const backFromBrowser = async <T>(work: Promise<T>): Promise<T> => {
    let cancelled = false;
    try {
      return await work;
    } catch (error) {
      cancelled = error instanceof UserError && error.code === 'sign_in_cancelled';
      throw error;
    } finally {
      if (!cancelled) window.returnTo('settings');
    }
  };
  return {
    appInfo: () => services.appInfo,
    releasesOpen: async () => {
      window.requireShown();
      return { link: await chats.openReleases() };
    },
    updateState: () => updates.view(),
    updateCheck: () => updates.check({ automatic: false }),
    updateDownload: () => {
      // Refused at once; otherwise the download goes on after the answer, its progress in updateChanged.
      void updates.download();
      return updates.view();
    },
    updateInstall: () => (updates.installNow(), null),
    settingsGet: () => viewOfSettings(services),
    settingsUpdate: (change) => (settings.apply(change), viewOfSettings(services)),
    profilesList: () => profiles.list(),
    profilesAddWebhook: ({ webhookUrl, name }) => profiles.addWebhook({ webhookUrl, name }),
    // Both open the system browser, so, as for opening a chat, only from a window the person can see.
    profilesSignIn: (request) => {
      window.requireShown();
      return backFromBrowser(signIn.signIn(request));
    },
    profilesReconnect: ({ id }) => {
      window.requireShown();
      return backFromBrowser(signIn.reconnect(id));
    },
    profilesSignInPaste: ({ text }) => (signIn.paste(text), null),
    profilesSignInCancel: () => (signIn.cancel(), null),
    profilesRename: ({ id, name }) => profiles.rename(id, name),
    profilesRemove: ({ id }) => (profiles.remove(id), profiles.list()),
    profilesSetPlan: ({ id, ratePlan }) => profiles.setRatePlan(id, ratePlan),
    profilesActivate: ({ id }) => profiles.activate(id),
    profilesCheck: ({ id }) => profiles.check(id),
    lookup: async ({ text }) => lookups.lookup(text),
    chatOpen: async (request) => {
      window.requireShown();
      return { link: await chats.open(request) };
    },
    entityOpen: async (request) => {
      window.requireShown();
      return { link: await chats.openEntityPage(request) };
    },
    chatCopyId: async ({ chatId }) => {
      window.requireShown();
      return { copied: await chats.copyId(chatId) };
    },
    historyList: (query) => history.list(query),
    historyRerun: async ({ id }) => lookups.rerun(id),
    historyDelete: ({ id }) => {
      if (!history.delete(id)) throw new UserError({ code: 'history_entry_gone' });
      return { total: history.size };
    },
    historyClear: () => (history.clear(), { total: 0 }),
    historyExport: async ({ format }) => {
      const entries = history.all();
      const at = now();
      const content =
        format === 'csv'
          ? historyToCsv(entries, (message) => say(message, language()))
          : historyToJson(entries, { exportedAt: at, appVersion: services.appInfo.version });
      const path = await services.exporter.save({ suggestedName: exportFileName(format, at), format, content });
      return { path, entries: entries.length };
    },
    noticesTake: () => notices.take(),
    windowRequestTake: () => window.take(),
    windowHide: () => {
      window.hide();
      return null;
    },
  };
}

/** The settings as the window sees them: the values, how safely credentials are kept, and the hotkeys' states. */
function viewOfSettings({ settings, profiles, hotkeys }: Pick<Services, 'settings' | 'profiles' | 'hotkeys'>): SettingsView {
  return { values: settings.get(), secretStorage: profiles.secretStorage(), hotkeys: hotkeys.view() };
}

/** Sends the window what changed, whoever changed it (the window itself, a hotkey, the portal). */
export function forwardEvents(
  services: Pick<Services, 'settings' | 'profiles' | 'history' | 'notices' | 'hotkeys' | 'window' | 'updates'>,
  emit: EmitEvent,
): void {
  const { settings, profiles, history, notices, window, updates } = services;
  // Registered after the hotkeys re-register on a change (connectShell), so the view carries their new states.
  settings.onChange(() => emit('settingsChanged', viewOfSettings(services)));
  profiles.onChange((view) => emit('profilesChanged', view));
  history.onChange((total) => emit('historyChanged', { total }));
  updates.onChange((view) => emit('updateChanged', view));
  // A page that hears events gets the notice with the event; otherwise it waits in the board until the window takes
  // it as it loads, so it is given once even if no window is open.
  notices.onAdded(() => {
    if (window.listening) emit('noticesAdded', notices.take());
  });
}

export interface DispatcherOptions {
  handlers: HandlerTable;
  /** Whether the sender is the app's own window showing the app's own page. */
  isTrustedSender: (sender: SenderInfo) => boolean;
  log: (line: string) => void;
}

export type Dispatch = (name: InvokeName, sender: SenderInfo, payload: unknown) => Promise<IpcResult<unknown>>;

const MAX_KEY_IN_MESSAGE = 40;

/** A validation issue: which call, and which field of its request (never the value that was sent). */
function invalidRequest(name: InvokeName, issues: readonly v.BaseIssue<unknown>[]) {
  const keys = (issues[0]?.path ?? []).map((item) => String(item.key).slice(0, MAX_KEY_IN_MESSAGE));
  return { code: 'invalid_request', params: { call: name, field: keys.join('.') } } as const;
}

/** Nothing, a primitive, or an object made of `{ }` (not an array, Date, Map, typed array…). */
function isPlainData(payload: unknown): boolean {
  if (payload === null || typeof payload !== 'object') return true;
  const prototype: unknown = Object.getPrototypeOf(payload);
  return prototype === Object.prototype || prototype === null;
}

/** The one function every IPC message of the contract goes through. */
export function createDispatcher({ handlers, isTrustedSender, log }: DispatcherOptions): Dispatch {
  return async (name, sender, payload) => {
    if (!Object.hasOwn(INVOKES, name)) {
      log(`Refused an IPC call to an unknown channel.`);
      return { ok: false, error: { code: 'unknown_call' } };
    }
    const spec = INVOKES[name];
    if (!isTrustedSender(sender)) {
      log(`Refused ${spec.channel}: the sender is not the app's own window and page.`);
      return { ok: false, error: { code: 'forbidden' } };
    }
    // Structured clone brings arrays, Dates, Maps and typed arrays, which valibot's object schemas take for objects.
    if (!isPlainData(payload)) {
      log(`Refused ${spec.channel}: invalid_request.`);
      return { ok: false, error: { code: 'invalid_request', params: { call: name, field: '' } } };
    }
    const parsed = v.safeParse(spec.request, payload, { abortEarly: true });
    if (!parsed.success) {
      const own: InvokeSpec<v.GenericSchema, unknown>['refuseInvalid'] = 'refuseInvalid' in spec ? spec.refuseInvalid : undefined;
      const refusal = own ? own(parsed.issues) : invalidRequest(name, parsed.issues);
      log(`Refused ${spec.channel}: ${refusal.code}.`);
      return { ok: false, error: refusal };
    }
    try {
      const handler = handlers[name] as (request: unknown) => unknown;
      return { ok: true, value: await handler(parsed.output) };
    } catch (error) {
      const refusals: readonly string[] = spec.refusals;
      if (error instanceof UserError) {
        // The contract says what a call refuses with: a refusal it does not list is a contract to mend, said in the log.
        if (!refusals.includes(error.code)) log(`${spec.channel} refused with ${error.code}, which its contract entry does not list.`);
        return { ok: false, error: error.refusal };
      }
      if (error instanceof BitrixError) {
        if (!refusals.includes(ANY_PORTAL_FAILURE)) log(`${spec.channel} met the portal's ${error.code}, but its contract entry lists no portal failures.`);
        return { ok: false, error: error.failure.message };
      }
      log(`${spec.channel} failed: ${maskSecrets(error instanceof Error ? `${error.name}: ${error.message}` : String(error))}`);
      return { ok: false, error: { code: 'internal' } };
    }
  };
}
