/**
 * The main side of the contract: one handler per call (the handler table), and the dispatcher every IPC message
 * goes through. The dispatcher checks the sender, validates the payload against the contract's schema, runs the
 * handler and turns whatever happens into an `IpcResult`. A refusal is logged with the channel and the reason,
 * never the payload (it may hold a webhook the person pasted).
 */
import * as v from 'valibot';
import { BitrixError } from '../bitrix/errors.ts';
import { say } from '../i18n/catalogs.ts';
import type { SenderInfo } from './trusted-sender.ts';
import { maskSecrets } from '../../common/references/secrets.ts';
import type { Services } from '../services.ts';
import { exportFileName, historyToCsv, historyToJson } from '../state/history-export.ts';
import { UserError } from '../user-error.ts';
import { type EmitEvent, INVOKES, type InvokeName, type IpcResult, type ResponseOf, type SettingsView, type ValidRequestOf } from './contract.ts';
import {
  type Language,
  localizeHistory,
  localizeNotices,
  localizeProblem,
  localizeProfile,
  localizeProfiles,
  localizeSettings,
} from './localize.ts';

export type HandlerTable = { [K in InvokeName]: (request: ValidRequestOf<K>) => ResponseOf<K> | Promise<ResponseOf<K>> };

/** The handler for every call of the contract; what they answer is in the person's language (localize.ts). */
export function createHandlers(services: Services): HandlerTable {
  const { settings, profiles, history, lookups, notices, window, chats, signIn } = services;
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
    settingsGet: () => viewOfSettings(services),
    settingsUpdate: (patch) => (settings.update(patch), viewOfSettings(services)),
    profilesList: () => localizeProfiles(profiles.list(), language()),
    profilesAddWebhook: async ({ webhookUrl, name }) => localizeProfile(await profiles.addWebhook({ webhookUrl, name }), language()),
    // Both open the system browser, so, as for opening a chat, only from a window the person can see.
    profilesSignIn: async (request) => {
      window.requireShown();
      return localizeProfile(await backFromBrowser(signIn.signIn(request)), language());
    },
    profilesReconnect: async ({ id }) => {
      window.requireShown();
      return localizeProfile(await backFromBrowser(signIn.reconnect(id)), language());
    },
    profilesSignInPaste: ({ text }) => (signIn.paste(text), null),
    profilesSignInCancel: () => (signIn.cancel(), null),
    profilesRename: ({ id, name }) => localizeProfile(profiles.rename(id, name), language()),
    profilesRemove: ({ id }) => (profiles.remove(id), localizeProfiles(profiles.list(), language())),
    profilesSetPlan: ({ id, ratePlan }) => localizeProfile(profiles.setRatePlan(id, ratePlan), language()),
    profilesActivate: ({ id }) => localizeProfiles(profiles.activate(id), language()),
    profilesCheck: async ({ id }) => localizeProfile(await profiles.check(id), language()),
    lookup: async ({ text }) => lookups.lookup(text),
    chatOpen: async (request) => {
      window.requireShown();
      return { link: await chats.open(request) };
    },
    chatTitle: async (request) => ({ title: await chats.title(request) }),
    entityOpen: async (request) => {
      window.requireShown();
      return { link: await chats.openEntityPage(request) };
    },
    chatCopyId: async ({ chatId }) => {
      window.requireShown();
      return { copied: await chats.copyId(chatId) };
    },
    historyList: (query) => localizeHistory(history.list(query), language()),
    historyRerun: async ({ id }) => lookups.rerun(id),
    historyDelete: ({ id }) => {
      if (!history.delete(id)) throw new UserError('not_found', 'That lookup is no longer in the history.');
      return { total: history.size };
    },
    historyClear: () => (history.clear(), { total: 0 }),
    historyExport: async ({ format }) => {
      const entries = history.all();
      const at = now();
      const content = format === 'csv' ? historyToCsv(entries) : historyToJson(entries, { exportedAt: at, appVersion: services.appInfo.version });
      const path = await services.exporter.save({ suggestedName: exportFileName(format, at), format, content });
      return { path, entries: entries.length };
    },
    noticesTake: () => localizeNotices(notices.take(), language()),
    windowRequestTake: () => window.take(),
    windowHide: () => {
      window.hide();
      return null;
    },
  };
}

/** The settings as the window sees them: the values, how safely credentials are kept, and the hotkeys' states. */
function viewOfSettings({ settings, profiles, hotkeys }: Pick<Services, 'settings' | 'profiles' | 'hotkeys'>): SettingsView {
  const values = settings.get();
  return localizeSettings({ values, secretStorage: profiles.secretStorage(), hotkeys: hotkeys.view() }, values.language);
}

/** Sends the window what changed, whoever changed it (the window itself, a hotkey, the portal). */
export function forwardEvents(services: Pick<Services, 'settings' | 'profiles' | 'history' | 'notices' | 'hotkeys'>, emit: EmitEvent): void {
  const { settings, profiles, history, notices } = services;
  // Registered after the hotkeys re-register on a change (connectShell), so the view carries their new states.
  settings.onChange((values, changed) => {
    emit('settingsChanged', viewOfSettings(services));
    // The portals' states are sentences too: sent again in the new language.
    if (changed.language !== undefined) emit('profilesChanged', localizeProfiles(profiles.list(), values.language));
  });
  profiles.onChange((view) => emit('profilesChanged', localizeProfiles(view, settings.get().language)));
  history.onChange((total) => emit('historyChanged', { total }));
  // The notice itself waits in the board until the window takes it, so it is given once even if no window is open.
  notices.onAdded(() => emit('noticesWaiting', undefined));
}

export interface DispatcherOptions {
  handlers: HandlerTable;
  /** Whether the sender is the app's own window showing the app's own page. */
  isTrustedSender: (sender: SenderInfo) => boolean;
  log: (line: string) => void;
  /** The person's language, for the sentence of a refusal (English when not given). */
  language?: () => Language;
}

export type Dispatch = (name: InvokeName, sender: SenderInfo, payload: unknown) => Promise<IpcResult<unknown>>;

const MAX_KEY_IN_MESSAGE = 40;

/** A validation issue in words that never repeat the value that was sent. */
function describeIssue(name: InvokeName, issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  const keys = (issue?.path ?? []).map((item) => String(item.key).slice(0, MAX_KEY_IN_MESSAGE));
  const where = keys.length > 0 ? `"${keys.join('.')}"` : 'The request';
  if (issue?.type === 'strict_object' && issue.expected === 'never') return `${where} is not something ${name} accepts.`;
  if (issue && !issue.message.startsWith('Invalid ')) return `${where}: ${issue.message}`;
  return `${where} is not what ${name} accepts (expected ${issue?.expected ?? 'something else'}).`;
}

/** Nothing, a primitive, or an object made of `{ }` (not an array, Date, Map, typed array…). */
function isPlainData(payload: unknown): boolean {
  if (payload === null || typeof payload !== 'object') return true;
  const prototype: unknown = Object.getPrototypeOf(payload);
  return prototype === Object.prototype || prototype === null;
}

/** The one function every IPC message of the contract goes through. */
export function createDispatcher({ handlers, isTrustedSender, log, language = () => 'en' }: DispatcherOptions): Dispatch {
  return async (name, sender, payload) => {
    if (!Object.hasOwn(INVOKES, name)) {
      log(`Refused an IPC call to an unknown channel.`);
      return { ok: false, error: { code: 'invalid_request', message: 'There is no such call.' } };
    }
    const spec = INVOKES[name];
    if (!isTrustedSender(sender)) {
      log(`Refused ${spec.channel}: the sender is not the app's own window and page.`);
      return { ok: false, error: { code: 'forbidden', message: 'Only the B24 Chat Lookup window may ask this.' } };
    }
    // Structured clone brings arrays, Dates, Maps and typed arrays, which valibot's object schemas take for objects.
    if (!isPlainData(payload)) {
      log(`Refused ${spec.channel}: invalid_request.`);
      const message = spec.request.expects === 'undefined' ? 'This call takes no arguments.' : `The request for ${name} is a plain object of named fields.`;
      return { ok: false, error: { code: 'invalid_request', message } };
    }
    const parsed = v.safeParse(spec.request, payload, { abortEarly: true });
    if (!parsed.success) {
      log(`Refused ${spec.channel}: invalid_request.`);
      return { ok: false, error: { code: 'invalid_request', message: describeIssue(name, parsed.issues) } };
    }
    try {
      const handler = handlers[name] as (request: unknown) => unknown;
      return { ok: true, value: await handler(parsed.output) };
    } catch (error) {
      // Both carry messages written for the person, with secrets already kept out; masking again costs nothing.
      if (error instanceof UserError) return { ok: false, error: localizeProblem({ code: error.code, message: maskSecrets(error.message) }, language()) };
      // TODO(IPC contract): the contract's error is a sentence still; a portal's failure is said in the person's language.
      if (error instanceof BitrixError) return { ok: false, error: { code: error.failure.message.code, message: maskSecrets(say(error.failure.message, language())) } };
      log(`${spec.channel} failed: ${maskSecrets(error instanceof Error ? `${error.name}: ${error.message}` : String(error))}`);
      return { ok: false, error: localizeProblem({ code: 'internal', message: 'Something went wrong inside B24 Chat Lookup; the details are in its log.' }, language()) };
    }
  };
}

