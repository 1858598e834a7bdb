/**
 * The REST methods the fake portal answers, each as its page in the official docs describes it (paths relative to
 * the docs' root; `[en]` is github.com/bitrix24/b24restdocs). What a page leaves open is marked "guess".
 *
 * - `im.chat.get` ([en] api-reference/chats/im-chat-get.md): ENTITY_TYPE and ENTITY_ID, both required (:22-50); the
 *   answer `{"ID": 1437}` (:261-263), and `null` when there is no chat, a required parameter is missing, or a parameter
 *   is filled incorrectly (:285-289), always with HTTP 200. Values are matched as sent (the page gives canonical ones,
 *   `DEAL|1663`); reading `deal|5` as `DEAL|5` would be a guess, so the fake does not. One chat per pair (:58), and only
 *   the entity's own chat: "The method will not return IDs of other chats related to the CRM object" (:33). The older
 *   answer `1437` without the object is not on the page any more; `answerShape: 'number'` keeps it as a guess of what
 *   portals that have not been updated send.
 * - `im.dialog.get` ([en] api-reference/chats/im-dialog-get.md): DIALOG_ID as `chatXXX`, `sgXXX` (a group's chat) or a
 *   user id (:22-28); the answer at :294-388 (a CRM chat: `type: "crm"`, `entity_type: "CRM"`, `entity_id: "DEAL|1663"`,
 *   `entity_link: {type: "DEAL", url: "/crm/deal/details/1663/", id: "DEAL|1663"}`, `dialog_id: "chat1439"`);
 *   DIALOG_ID_EMPTY (400) only when DIALOG_ID is not given (:597), ACCESS_ERROR (403) for a chat the user may not see
 *   (:598; "Who can execute the method: any user — chat participant", :11). A chat that does not exist answers
 *   ACCESS_ERROR too: a guess (the page names no error for it).
 * - `imopenlines.crm.chat.get` ([en] api-reference/imopenlines/openlines/chats/imopenlines-crm-chat-get.md): scope
 *   `imopenlines` (:9), "any user with access to the CRM object" (:11); CRM_ENTITY_TYPE `lead`, `deal`, `company` or
 *   `contact` (:22-28), CRM_ENTITY its id (:29-32), ACTIVE_ONLY `Y` (default) or `N` (:33-39); the answer, a list of
 *   `{CHAT_ID: "1763", CONNECTOR_ID: "livechat", CONNECTOR_TITLE: "Live Chat"}` (:246-254, ids as strings, :287), `[]`
 *   for an entity that does not exist (:276); ERROR_ARGUMENT (400) for a missing or malformed argument (:312-314) and
 *   ACCESS_DENIED (403) for a user without access to the entity (:311).
 * - `scope` ([en] api-reference/common/system/scope.md): the scopes of the webhook or application (:26); `full: true`
 *   lists every scope there is (:22-23).
 * - `profile` ([en] api-reference/common/users/profile.md): ID (a string), ADMIN, NAME, LAST_NAME, PERSONAL_GENDER,
 *   TIME_ZONE (:184-193); an empty object for an inactive user (:216). Scope `basic`: needs none of the others (:9, :13).
 * - Scopes: a method of a scope the credentials lack answers `insufficient_scope`, 403 ([en] _includes/system-errors.md:32).
 *   `scope`, `profile` and `batch` are `basic` (scope.md:9, profile.md:9, settings/how-to-call-rest-api/batch.md:9).
 * - `app.info` ([en] api-reference/common/system/app-info.md): the application's status `L` for a local one (:243-248)
 *   and the portal's plan (`LICENSE_FAMILY`, `ent` for Enterprise, :216-218, :252-260); a webhook gets ACCESS_DENIED
 *   "Access denied! Application context required" with 400 (:270-283).
 * - A method the portal does not have: ERROR_METHOD_NOT_FOUND, 404 ([en] api-reference/rest-v3.md:26).
 */
import { type DocumentedError, METHOD_ERRORS, SYSTEM_ERRORS } from './system-errors.ts';

/** A chat the portal knows: what `im.dialog.get` says about it. */
export interface FakeChat {
  name: string;
  /** `crm` for an entity's own chat (im-dialog-get.md:306); for any other kind the value is a guess. */
  type?: string;
  entityType: string;
  entityId: string;
  /** Whether the credentials' user is a member; others get ACCESS_ERROR from im.dialog.get. */
  member: boolean;
}

/** An open-line conversation bound to a CRM entity (a customer's WhatsApp, Telegram or website chat). */
export interface FakeOpenLineChat {
  chatId: number;
  connectorId: string;
  connectorTitle: string;
  /** Still going: `ACTIVE_ONLY=Y` (the default) returns only these. */
  active: boolean;
}

export interface PortalData {
  /** `ENTITY_TYPE:ENTITY_ID` → chat id, for im.chat.get. */
  entities: Map<string, number>;
  chats: Map<number, FakeChat>;
  /** `lead|13` (CRM_ENTITY_TYPE and CRM_ENTITY) → its open-line chats, for imopenlines.crm.chat.get. */
  openLines: Map<string, FakeOpenLineChat[]>;
  /** CRM entities (`DEAL|5`) the credentials' user may not see; imopenlines.crm.chat.get answers ACCESS_DENIED for them. */
  hiddenEntities: Set<string>;
  /** Group id → its chat, for im.dialog.get with `sg<id>`. */
  groupChats: Map<number, number>;
  user: { NAME: string; LAST_NAME: string };
  userId: number;
  /** The user was dismissed or deactivated: profile answers `{}` (profile.md:216). */
  userInactive: boolean;
  /** app.info's LICENSE_FAMILY: `ent` on an Enterprise plan. */
  licenseFamily: string;
}

export interface MethodContext {
  /** The scopes of the webhook or application that called. */
  scopes: readonly string[];
  answerShape: 'object' | 'number';
  unavailableMethods: readonly string[];
  /** Methods that need an application's context, refused to a webhook with WRONG_AUTH_TYPE. */
  applicationOnly: readonly string[];
  viaWebhook: boolean;
}

export type MethodAnswer = { result: unknown } | { refusal: DocumentedError; description?: string };

/** Every scope the fake knows of, for `scope` with `full: true` ([en] api-reference/scopes/permissions.md). */
export const ALL_SCOPES = ['basic', 'crm', 'im', 'imopenlines', 'task', 'user', 'user_brief', 'sonet_group', 'calendar', 'disk', 'entity', 'department'];

/** The scope of a method: its first name segment (`im.dialog.get` → im), `basic` for the three that need none. */
function scopeOf(method: string): string {
  if (method === 'scope' || method === 'profile' || method === 'batch' || method === 'app.info') return 'basic';
  return method.split('.')[0] ?? method;
}

const refuse = (refusal: DocumentedError, description?: string): MethodAnswer => (description === undefined ? { refusal } : { refusal, description });

/** CRM_ENTITY_TYPE values and the CRM type names they stand for (imopenlines-crm-chat-get.md:22-28). */
const OPEN_LINE_TYPES: ReadonlyMap<string, string> = new Map([
  ['lead', 'LEAD'],
  ['deal', 'DEAL'],
  ['company', 'COMPANY'],
  ['contact', 'CONTACT'],
]);

function chatGet(data: PortalData, params: Record<string, unknown>, context: MethodContext): MethodAnswer {
  const type = params.ENTITY_TYPE;
  const id = params.ENTITY_ID;
  if (typeof type !== 'string' || typeof id !== 'string' || type === '' || id === '') return { result: null };
  const chatId = data.entities.get(`${type}:${id}`);
  if (chatId === undefined) return { result: null };
  return { result: context.answerShape === 'number' ? chatId : { ID: chatId } };
}

function entityLink(chat: FakeChat): { type: string; url: string; id: string } {
  if (chat.entityType !== 'CRM') return { type: '', url: '', id: '' }; // guess: the page shows only a CRM chat's link
  const [kind = '', number = ''] = chat.entityId.split('|');
  const dynamic = /^DYNAMIC_(\d+)$/.exec(kind)?.[1];
  const url = dynamic ? `/crm/type/${dynamic}/details/${number}/` : `/crm/${kind.toLowerCase()}/details/${number}/`;
  return { type: kind, url, id: chat.entityId };
}

function dialogGet(data: PortalData, params: Record<string, unknown>): MethodAnswer {
  if (params.DIALOG_ID === undefined || params.DIALOG_ID === null || params.DIALOG_ID === '') return refuse(METHOD_ERRORS.dialogIdEmpty);
  const dialogId = String(params.DIALOG_ID);
  const group = /^sg(\d+)$/.exec(dialogId)?.[1];
  const chatId = group === undefined ? Number(/^chat(\d+)$/.exec(dialogId)?.[1]) : data.groupChats.get(Number(group));
  const chat = chatId === undefined ? undefined : data.chats.get(chatId);
  if (!chat || !chat.member || chatId === undefined) return refuse(METHOD_ERRORS.accessError);
  return {
    result: {
      id: chatId,
      parent_chat_id: 0,
      name: chat.name,
      description: '',
      owner: data.userId,
      extranet: false,
      type: chat.type ?? (chat.entityType === 'CRM' ? 'crm' : 'chat'),
      entity_type: chat.entityType,
      entity_id: chat.entityId,
      entity_data_1: '',
      entity_data_2: '',
      entity_data_3: '',
      message_type: 'C',
      role: 'member',
      entity_link: entityLink(chat),
      dialog_id: `chat${chatId}`,
    },
  };
}

function openLineChats(data: PortalData, params: Record<string, unknown>): MethodAnswer {
  const typeParam = params.CRM_ENTITY_TYPE;
  const idParam = params.CRM_ENTITY;
  if (typeParam === undefined || typeParam === '') return refuse(METHOD_ERRORS.argument, "Argument 'CRM_ENTITY_TYPE' is null or empty");
  if (idParam === undefined || idParam === '') return refuse(METHOD_ERRORS.argument, "Argument 'CRM_ENTITY' is null or empty");
  const idText = String(idParam);
  if (!/^\d+$/.test(idText)) return refuse(METHOD_ERRORS.argument, "The value of an argument 'CRM_ENTITY' has an invalid type");
  // The page lists the values in lower case; how the portal reads another case is not said (guess: as given).
  const crmType = OPEN_LINE_TYPES.get(String(typeParam));
  if (!crmType) return { result: [] }; // guess: a type the page does not list is no object, so the empty list (:276)
  if (data.hiddenEntities.has(`${crmType}|${idText}`)) return refuse(SYSTEM_ERRORS.accessDenied, "Access denied! You don't have access to this action");
  const activeOnly = params.ACTIVE_ONLY === undefined || String(params.ACTIVE_ONLY) !== 'N';
  const chats = (data.openLines.get(`${String(typeParam)}|${idText}`) ?? []).filter((chat) => chat.active || !activeOnly);
  return { result: chats.map((chat) => ({ CHAT_ID: String(chat.chatId), CONNECTOR_ID: chat.connectorId, CONNECTOR_TITLE: chat.connectorTitle })) };
}

function profile(data: PortalData): MethodAnswer {
  if (data.userInactive) return { result: {} };
  return { result: { ID: String(data.userId), ADMIN: false, NAME: data.user.NAME, LAST_NAME: data.user.LAST_NAME, PERSONAL_GENDER: '', TIME_ZONE: '' } };
}

/** Runs one method (not `batch`, which portal.ts runs around this). */
export function runRestMethod(data: PortalData, method: string, params: Record<string, unknown>, context: MethodContext): MethodAnswer {
  const name = method.toLowerCase();
  if (context.unavailableMethods.includes(name)) return refuse(SYSTEM_ERRORS.methodNotFound);
  const scope = scopeOf(name);
  if (scope !== 'basic' && !context.scopes.includes(scope)) return refuse(SYSTEM_ERRORS.insufficientScope);
  if (context.viaWebhook && context.applicationOnly.includes(name)) return refuse(SYSTEM_ERRORS.wrongAuthType);
  switch (name) {
    case 'im.chat.get':
      return chatGet(data, params, context);
    case 'im.dialog.get':
      return dialogGet(data, params);
    case 'imopenlines.crm.chat.get':
      return openLineChats(data, params);
    case 'scope':
      return { result: params.full === true || params.full === 'true' || params.full === '1' ? ALL_SCOPES : [...context.scopes] };
    case 'profile':
      return profile(data);
    case 'app.info':
      if (context.viaWebhook) return refuse({ ...SYSTEM_ERRORS.accessDenied, status: 400 }, 'Access denied! Application context required');
      return {
        result: {
          ID: 5,
          CODE: 'local.app',
          VERSION: 1,
          STATUS: 'L',
          INSTALLED: true,
          PAYMENT_EXPIRED: 'N',
          DAYS: null,
          LANGUAGE_ID: 'en',
          LICENSE: `en_${data.licenseFamily === 'ent' ? 'ent250' : 'std'}`,
          LICENSE_TYPE: data.licenseFamily === 'ent' ? 'ent250' : 'std',
          LICENSE_FAMILY: data.licenseFamily,
        },
      };
    default:
      return refuse(SYSTEM_ERRORS.methodNotFound);
  }
}
