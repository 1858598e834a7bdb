/**
 * contract.ts is over 300 lines because it is the one contract: every channel, its schema and its refusals side by side,
 * so that no side of the IPC can drift from another.
 *
 * The IPC contract: every channel between the window and the main process, with its request schema (valibot),
 * its response type, and every event the main process sends to the window. The main side's handler table
 * (handlers.ts), the preload's API object (desktop-api.ts) and the renderer's typed client are all derived from
 * this one object, so a channel cannot exist on one side only.
 *
 * The renderer imports this module with `import type` only. The preload bundles it (for the channel names), which
 * is why nothing here may import a Node built-in.
 */
import * as v from 'valibot';
import type { AppMessage, MessageCode, MessageOf, PortalMessages } from '../../common/messages/index.ts';
import type { HotkeysView } from '../hotkeys/hotkeys.ts';
import type { WindowRequest } from '../window/window-control.ts';
import { CHAT_SECTIONS, type ChatSection } from '../lookup/chat-links.ts';
import type { LookupView } from '../lookup/lookup-use-case.ts';
import type { LookupResult } from '../lookup/portal-chat-lookup.ts';
import type { ParsedReference } from '../../common/references/parse-reference.ts';
import { MAX_TEXT_LENGTH } from '../../common/lookup/limits.ts';
import { HISTORY_PAGE_MAX, type HistoryEntry, type HistoryPage } from '../state/history.ts';
import { EXPORT_FORMATS } from '../state/history-export.ts';
import type { Notice } from '../state/notices.ts';
import { PROFILE_NAME_MAX } from '../state/profiles/profile-records.ts';
import type { ProfilesView, ProfileView } from '../state/profiles/profile-views.ts';
import type { SecretStorageView } from '../state/profiles/sealed-credentials.ts';
import { CHAT_OPENERS, SETTING_REFUSALS, type Settings, settingsPatchSchema, settingsRefusal } from '../state/settings.ts';
import { RATE_PLAN_NAMES } from '../bitrix/rate-limiter.ts';
import type { UpdateView } from '../updates/update-service.ts';

export type { UpdateView };

/** What the window may know about the app it runs in. */
export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  /**
   * The handler address a person enters in their portal's local application (Settings' "Connect with a local
   * application" guide shows it): the project's HTTPS sign-in page, which hands the browser on to `oauthLoopback`. The
   * portal sends the browser there after the sign-in, whatever the sign-in asks ([en] settings/oauth/index.md:70).
   */
  oauthHandler: string;
  /** Where the app itself listens during a sign-in (`http://127.0.0.1:31024/b24-chat-lookup/oauth`), for a portal that takes it as the handler address. */
  oauthLoopback: string;
}

export interface SettingsView {
  values: Settings;
  /** How safely credentials are kept on this machine, with the warning the settings screen shows. */
  secretStorage: SecretStorageView;
  /** Whether each global hotkey works (one another app holds is `unavailable`, with what to do). */
  hotkeys: HotkeysView;
}

export interface ExportOutcome {
  /** Where the file was saved; null when the person cancelled the save dialog. */
  path: string | null;
  entries: number;
}

/**
 * A refusal, as data: a message whose code the window branches on and whose sentence the window says in the person's
 * language (`say(error)`). Which codes a call can answer is part of its contract entry (`refusals`).
 */
export type IpcError = AppMessage;

/** What every call answers: data, never a thrown Electron error; `E` narrows the refusals to the call's own. */
export type IpcResult<T, E extends IpcError = IpcError> = { ok: true; value: T } | { ok: false; error: E };

/** Stands, in a call's refusals, for every failure of the REST client (PortalMessages): the call asks a portal. */
export const ANY_PORTAL_FAILURE = '*portal';
type RefusalEntry = MessageCode | typeof ANY_PORTAL_FAILURE;

/** The refusals the IPC layer itself may answer any call with (the dispatcher's, and a bug's `internal`). */
export const IPC_REFUSALS = ['invalid_request', 'unknown_call', 'forbidden', 'internal'] as const satisfies readonly MessageCode[];

export interface InvokeSpec<Request extends v.GenericSchema, Response, Refusal extends RefusalEntry = RefusalEntry> {
  readonly channel: string;
  readonly request: Request;
  /** Every code its handler may refuse with (besides IPC_REFUSALS); the call's result type is derived from it. */
  readonly refusals: readonly Refusal[];
  /** Type only: what the handler answers. */
  readonly response?: Response;
  /**
   * The refusal for a request its schema refused, where the schema's owner says it better than `invalid_request` (a
   * setting names itself); one of `refusals`.
   */
  readonly refuseInvalid?: (issues: readonly v.BaseIssue<unknown>[]) => AppMessage;
}

const invoke = <Request extends v.GenericSchema>(channel: string, request: Request, refuseInvalid?: InvokeSpec<Request, unknown>['refuseInvalid']) => ({
  returns: <Response>() => ({
    refuses: <const Refusals extends readonly RefusalEntry[]>(...refusals: Refusals): InvokeSpec<Request, Response, Refusals[number]> => ({
      channel,
      request,
      refusals,
      ...(refuseInvalid && { refuseInvalid }),
    }),
  }),
});

/** The refusals of a sign-in through a local application, started or started again (profilesSignIn, profilesReconnect). */
const SIGN_IN_REFUSALS = [
  'window_hidden',
  'invalid_portal',
  'local_portal',
  'invalid_client_id',
  'invalid_client_secret',
  'invalid_application',
  'sign_in_page_open_failed',
  'sign_in_state',
  'sign_in_denied',
  'sign_in_refused',
  'sign_in_no_code',
  'sign_in_timeout',
  'sign_in_timeout_seconds',
  'sign_in_cancelled',
  'sign_in_server',
  'sign_in_server_unknown',
  'secret_storage_unavailable',
  ANY_PORTAL_FAILURE,
] as const;

export interface EventSpec<Payload> {
  readonly channel: string;
  /** Type only: what the event carries. */
  readonly payload?: Payload;
}

const event = <Payload>(channel: string): EventSpec<Payload> => ({ channel });

const nothing = v.undefined();
const chatId = v.pipe(v.number(), v.safeInteger(), v.minValue(1));
const portal = v.pipe(v.string(), v.maxLength(300));
const id = v.pipe(v.string(), v.minLength(1), v.maxLength(64));

/** Every call the window can make. */
export const INVOKES = {
  appInfo: invoke('app:info', nothing).returns<AppInfo>().refuses(),
  /**
   * Opens the project's releases page in the browser (where a copy that does not update itself gets new versions).
   * The window sends no link: the main process opens the one address about.ts names, and answers it. Refused while the
   * window is hidden (`window_hidden`), as chatOpen is; `open_failed` when the system could not open a browser.
   */
  releasesOpen: invoke('app:open-releases', nothing).returns<{ link: string }>().refuses('window_hidden', 'releases_open_failed'),

  /** New versions: where the update stands (found, downloading, downloaded, failed), with the release's notes. */
  updateState: invoke('update:state', nothing).returns<UpdateView>().refuses(),
  /** Looks for a new version now (the person asked: made even while automatic checks are off). */
  updateCheck: invoke('update:check', nothing).returns<UpdateView>().refuses(),
  /** Starts downloading the version found; answers at once, the progress comes with updateChanged. */
  updateDownload: invoke('update:download', nothing).returns<UpdateView>().refuses('update_not_self_updating', 'update_none_found'),
  /** Quits and installs the downloaded version now. */
  updateInstall: invoke('update:install', nothing).returns<null>().refuses('update_not_downloaded'),
  settingsGet: invoke('settings:get', nothing).returns<SettingsView>().refuses(),
  /** Checked by the settings' own schema (settings.ts, the one owner of what a setting may hold), refused by setting. */
  settingsUpdate: invoke('settings:update', settingsPatchSchema, settingsRefusal)
    .returns<SettingsView>()
    .refuses(...SETTING_REFUSALS),

  profilesList: invoke('profiles:list', nothing).returns<ProfilesView>().refuses(),
  /** Checks the webhook against its portal before keeping it; answers the profile without its secret. */
  profilesAddWebhook: invoke(
    'profiles:add-webhook',
    v.strictObject({
      webhookUrl: v.pipe(v.string(), v.maxLength(2_000)),
      name: v.optional(v.pipe(v.string(), v.maxLength(PROFILE_NAME_MAX))),
    }),
  )
    .returns<ProfileView>()
    .refuses('invalid_webhook', 'local_portal', 'secret_storage_unavailable', ANY_PORTAL_FAILURE),
  /**
   * Connects a portal through its local application (OAuth 2.0) instead of a webhook: opens the system browser at the
   * portal's authorize page with a random `state` and waits, up to five minutes, for the code at the handler address on
   * 127.0.0.1 (or for the person to paste the address the browser ended on: profilesSignInPaste), exchanges it at the
   * authorization server the portal named, checks the tokens as a webhook is checked and keeps them sealed. The client
   * secret crosses once, as a webhook does; the answer holds no secret.
   * Starting another sign-in gives up the one waiting. Refused while the window is hidden (`window_hidden`), as
   * chatOpen is. Refusals: `invalid_portal`, `local_portal` (as for a webhook),
   * `invalid_application` (also when the OAuth server does not know the client id and secret), `open_failed` (no
   * browser opened), `sign_in_state` (an answer this sign-in did not ask for), `sign_in_denied`, `sign_in_timeout`,
   * `sign_in_cancelled`, `sign_in_server` (the portal named a server that is not Bitrix24's, or a code pasted alone does
   * not say which), `auth_invalid` (the code was refused, e.g. one older than its 30 s), `payment_required` (the
   * application's paid period is over), and the REST client's codes.
   */
  profilesSignIn: invoke(
    'profiles:sign-in',
    v.strictObject({
      portal,
      clientId: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)),
      clientSecret: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(500)),
      name: v.optional(v.pipe(v.string(), v.maxLength(PROFILE_NAME_MAX))),
    }),
  )
    .returns<ProfileView>()
    .refuses(...SIGN_IN_REFUSALS),
  /**
   * Signs in again, in the browser, with the local application a profile already has (after "connect again"); the new
   * tokens replace the profile's (the same portal and user). Refusals as profilesSignIn, and `not_oauth` for a profile
   * connected by a webhook.
   */
  profilesReconnect: invoke('profiles:reconnect', v.strictObject({ id }))
    .returns<ProfileView>()
    .refuses(...SIGN_IN_REFUSALS, 'profile_not_found', 'not_oauth', 'credentials_not_oauth', 'credentials_locked'),
  /**
   * For a sign-in waiting for its code: the address the browser ended on (its `state` is checked) or the code alone,
   * where the portal could not reach the listener. `no_sign_in` when none is waiting; `sign_in_paste` for text that is
   * neither; `sign_in_state` for an address of another sign-in (this one goes on waiting). Its profilesSignIn answers.
   */
  profilesSignInPaste: invoke('profiles:sign-in-paste', v.strictObject({ text: v.pipe(v.string(), v.maxLength(4_000)) }))
    .returns<null>()
    .refuses('no_sign_in', 'sign_in_paste', 'sign_in_state'),
  /** Gives up the sign-in waiting for the browser (its profilesSignIn answers `sign_in_cancelled`). */
  profilesSignInCancel: invoke('profiles:sign-in-cancel', nothing).returns<null>().refuses(),
  profilesRename: invoke('profiles:rename', v.strictObject({ id, name: v.pipe(v.string(), v.maxLength(PROFILE_NAME_MAX)) }))
    .returns<ProfileView>()
    .refuses('profile_not_found', 'invalid_name'),
  profilesRemove: invoke('profiles:remove', v.strictObject({ id })).returns<ProfilesView>().refuses('profile_not_found'),
  /**
   * Which plan a profile's portal is on, which sizes its rate limit ([en] limits.md:45-50: Enterprise 250 at once and 5
   * a second, any other plan 50 and 2). A webhook cannot ask the portal; a local application's sign-in reads it from
   * app.info.
   */
  profilesSetPlan: invoke('profiles:set-plan', v.strictObject({ id, ratePlan: v.picklist(RATE_PLAN_NAMES) }))
    .returns<ProfileView>()
    .refuses('profile_not_found'),
  profilesActivate: invoke('profiles:activate', v.strictObject({ id })).returns<ProfilesView>().refuses('profile_not_found'),
  profilesCheck: invoke('profiles:check', v.strictObject({ id })).returns<ProfileView>().refuses('profile_not_found', 'credentials_locked', ANY_PORTAL_FAILURE),

  lookup: invoke('lookup:text', v.strictObject({ text: v.pipe(v.string(), v.maxLength(MAX_TEXT_LENGTH)) }))
    .returns<LookupView>()
    .refuses('empty', 'too_long', 'too_many', 'no_profile', 'credentials_locked', ANY_PORTAL_FAILURE),
  /**
   * Opens a chat in the browser or the Bitrix24 app (`opener`, else the person's setting). The window names the
   * portal and the chat, never a link: the main process builds the link, for a connected portal only
   * (`unknown_portal`). Refused while the window is hidden (`window_hidden`), as chatCopyId is.
   */
  chatOpen: invoke(
    'chat:open',
    v.strictObject({
      portal,
      chatId,
      opener: v.optional(v.picklist(CHAT_OPENERS)),
      /** `lines` for an open-line chat: it opens in the messenger's Open Channels (chat-links.ts). */
      section: v.optional(v.picklist(CHAT_SECTIONS)),
    }),
  )
    .returns<{ link: string }>()
    .refuses('window_hidden', 'chat_portal_unknown', 'portal_not_openable', 'chat_open_failed', 'desktop_app_open_failed'),
  /**
   * Opens the page of an entity that has no chat yet (its chat is opened from the card), on a connected portal only.
   * The window names the `im.chat.get` key; the main process builds the link (`no_page` for a type without one).
   */
  entityOpen: invoke(
    'entity:open',
    v.strictObject({
      portal,
      entityType: v.pipe(v.string(), v.maxLength(60)),
      entityId: v.pipe(v.string(), v.maxLength(100)),
    }),
  )
    .returns<{ link: string }>()
    .refuses('window_hidden', 'entity_portal_unknown', 'portal_not_openable', 'no_page', 'page_open_failed'),
  /** Puts a chat id on the clipboard (the window's page cannot write it itself). */
  chatCopyId: invoke('chat:copy-id', v.strictObject({ chatId })).returns<{ copied: string }>().refuses('window_hidden'),

  historyList: invoke(
    'history:list',
    v.strictObject({
      query: v.optional(v.pipe(v.string(), v.maxLength(200))),
      offset: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(0))),
      limit: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(HISTORY_PAGE_MAX))),
    }),
  )
    .returns<HistoryPage>()
    .refuses(),
  historyRerun: invoke('history:rerun', v.strictObject({ id }))
    .returns<LookupView>()
    .refuses('history_entry_gone', 'portal_gone', 'too_many', 'no_profile', 'credentials_locked', ANY_PORTAL_FAILURE),
  historyDelete: invoke('history:delete', v.strictObject({ id })).returns<{ total: number }>().refuses('history_entry_gone'),
  historyClear: invoke('history:clear', nothing).returns<{ total: number }>().refuses(),
  historyExport: invoke('history:export', v.strictObject({ format: v.picklist(EXPORT_FORMATS) }))
    .returns<ExportOutcome>()
    .refuses('export_failed'),

  /** Messages the person has not seen yet (a damaged file kept aside, a portal that moved), as the page loads; each is given once. */
  noticesTake: invoke('notices:take', nothing).returns<Notice[]>().refuses(),

  /**
   * What the window was opened for, once, taken as its page loads (a loaded page gets later ones with the windowRequest
   * event); null when nothing: a screen, text for the lookup box (from the clipboard or the command line; `run` to
   * look it up), an answer the clipboard hotkey already has, or a message why nothing was.
   */
  windowRequestTake: invoke('window:take-request', nothing).returns<WindowRequest | null>().refuses(),
  /** Hides the window (Esc), as losing focus does. */
  windowHide: invoke('window:hide', nothing).returns<null>().refuses(),
} as const;

/** Every event the main process sends to the window. */
export const EVENTS = {
  settingsChanged: event<SettingsView>('event:settings-changed'),
  profilesChanged: event<ProfilesView>('event:profiles-changed'),
  historyChanged: event<{ total: number }>('event:history-changed'),
  /** The update's state changed (a check's outcome, a download's progress). */
  updateChanged: event<UpdateView>('event:update-changed'),
  /**
   * What the window was asked to show (tray menu, hotkey, a second launch), sent to a page that has loaded; a page
   * still loading cannot hear it, and takes it with windowRequestTake once it listens.
   */
  windowRequest: event<WindowRequest>('event:window-request'),
  /** Notices added while the page listens, given once (a page that loads takes the waiting ones with noticesTake). */
  noticesAdded: event<Notice[]>('event:notices-added'),
} as const;

export type InvokeName = keyof typeof INVOKES;
export type EventName = keyof typeof EVENTS;
/** What the window sends. */
export type RequestOf<K extends InvokeName> = v.InferInput<(typeof INVOKES)[K]['request']>;
/** What the handler receives, once validated. */
export type ValidRequestOf<K extends InvokeName> = v.InferOutput<(typeof INVOKES)[K]['request']>;
export type ResponseOf<K extends InvokeName> = (typeof INVOKES)[K] extends InvokeSpec<v.GenericSchema, infer R, RefusalEntry> ? R : never;
type RefusalEntriesOf<K extends InvokeName> = (typeof INVOKES)[K]['refusals'][number];
/** The codes a call may refuse with: its contract entry's, the REST client's where it asks a portal, and the IPC layer's. */
export type RefusalCodeOf<K extends InvokeName> =
  | Exclude<RefusalEntriesOf<K>, typeof ANY_PORTAL_FAILURE>
  | (typeof ANY_PORTAL_FAILURE extends RefusalEntriesOf<K> ? MessageOf<PortalMessages>['code'] : never)
  | (typeof IPC_REFUSALS)[number];
/** A refusal of that call: one of its codes, with that code's parameters. */
export type RefusalOf<K extends InvokeName> = Extract<AppMessage, { code: RefusalCodeOf<K> }>;
/** What a call answers the window. */
export type ResultOf<K extends InvokeName> = IpcResult<ResponseOf<K>, RefusalOf<K>>;
export type PayloadOf<E extends EventName> = (typeof EVENTS)[E] extends EventSpec<infer P> ? P : never;
/** The event port: delivers an event to the window, if one is open. */
export type EmitEvent = <E extends EventName>(event: E, payload: PayloadOf<E>) => void;

type Method<K extends InvokeName> = RequestOf<K> extends undefined ? () => Promise<ResultOf<K>> : (request: RequestOf<K>) => Promise<ResultOf<K>>;

/** The object the preload exposes as `window.b24`: one method per call, and `on` for events. */
export type DesktopApi = { readonly [K in InvokeName]: Method<K> } & {
  /** Listens to a main-process event; returns the function that stops listening. */
  on<E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void): () => void;
};

export type {
  ChatSection,
  HistoryEntry,
  HistoryPage,
  HotkeysView,
  LookupResult,
  LookupView,
  Notice,
  ParsedReference,
  ProfilesView,
  ProfileView,
  SecretStorageView,
  Settings,
  WindowRequest,
};
