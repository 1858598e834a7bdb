/**
 * The chat methods the product is built on: `im.chat.get` (which chat is bound to an entity), one or many at a
 * time, `imopenlines.crm.chat.get` (the entity's open-line chats with its customers), and `im.dialog.get` (the chat's
 * title and entity). Answers in every shape the portals use are read into one typed result.
 */
import type { RestCommand } from './batch.ts';
import type { BatchOptions, BatchOutcome, BitrixClient, CallOptions } from './client.ts';
import { BitrixError, type BitrixFailure, unexpectedAnswer } from './errors.ts';
import { isRecord } from './json.ts';

/** The key `im.chat.get` looks a chat up by: `CRM` + `LEAD|13`, `TASKS_TASK` + `8293`, … */
export interface EntityKey {
  entityType: string;
  entityId: string;
}

/** Whether an entity has a chat; `found: false` is the portal's `null`. */
export type ChatLookup = { found: true; chatId: number } | { found: false };

export type ChatLookupOutcome = { ok: true; value: ChatLookup } | { ok: false; error: BitrixFailure };

/** What `im.dialog.get` tells about a chat. */
export interface ChatDialog {
  chatId: number;
  dialogId: string;
  name: string;
  entityType: string | null;
  entityId: string | null;
  /** The entity's page, when the portal names one. */
  entityUrl: string | null;
}

const ENTITY_TYPE = /^[A-Z][A-Z0-9_]*$/;

/**
 * Whether `im.chat.get` can be asked about a key. The portal answers a missing, empty ("0" counts) or malformed
 * parameter with a silent `null`, which would read as "no chat"; so keys are checked before anything is sent.
 */
export function isCanonicalKey(key: EntityKey): boolean {
  const { entityType, entityId } = key;
  return ENTITY_TYPE.test(entityType) && entityId !== '' && entityId !== '0' && entityId.trim() === entityId;
}

/** The reference parser produces canonical keys; a caller that sends another has a bug. */
function assertCanonical(key: EntityKey): void {
  if (!isCanonicalKey(key)) throw new RangeError(`im.chat.get needs a canonical ENTITY_TYPE and ENTITY_ID, got ${JSON.stringify(key)}`);
}

function toChatId(value: unknown): number | null | undefined {
  if (value === null) return null;
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? value : undefined;
  if (typeof value === 'string' && /^[1-9]\d{0,15}$/.test(value)) return toChatId(Number(value));
  return undefined;
}

/**
 * Reads the three answer shapes of `im.chat.get`: `{ID: 1437}` (current), `1437` (older portals) and `null`
 * (no chat). Returns undefined for anything else.
 */
export function readChatGetResult(result: unknown): ChatLookup | undefined {
  const raw = isRecord(result) ? result.ID : result;
  const chatId = toChatId(raw);
  if (chatId === undefined) return undefined;
  return chatId === null ? { found: false } : { found: true, chatId };
}

function notAChatId(client: BitrixClient): BitrixFailure {
  return unexpectedAnswer(client.portalHost, 'im.chat.get');
}

function chatGetParams(key: EntityKey): { ENTITY_TYPE: string; ENTITY_ID: string } {
  assertCanonical(key);
  return { ENTITY_TYPE: key.entityType, ENTITY_ID: key.entityId };
}

/** The chat bound to one entity. Throws BitrixError when the portal cannot say. */
export async function findEntityChat(client: BitrixClient, key: EntityKey, options: CallOptions = {}): Promise<ChatLookup> {
  const answer = await client.call('im.chat.get', chatGetParams(key), options);
  const lookup = readChatGetResult(answer.result);
  if (!lookup) throw new BitrixError(notAChatId(client));
  return lookup;
}

/**
 * One of a CRM entity's open-line chats: a conversation with the customer through a channel (a messenger, the
 * website's live chat), as imopenlines.crm.chat.get lists them
 * ([en] api-reference/imopenlines/openlines/chats/imopenlines-crm-chat-get.md:246-291).
 */
export interface OpenLineChat {
  chatId: number;
  /** `livechat`, `telegrambot`, … (CONNECTOR_ID). */
  connectorId: string;
  /** What the portal calls the channel: `Live Chat`, `Telegram` (CONNECTOR_TITLE). */
  channel: string;
  /** Still open: among the chats ACTIVE_ONLY=Y returns. */
  active: boolean;
}

/**
 * `imopenlines.crm.chat.get` takes only leads, deals, contacts and companies, named in lower case (:22-28); the others
 * have no open-line chats to ask for.
 */
const OPEN_LINE_TYPES: ReadonlyMap<string, string> = new Map([
  ['LEAD', 'lead'],
  ['DEAL', 'deal'],
  ['CONTACT', 'contact'],
  ['COMPANY', 'company'],
]);

/** The method's parameters for an `im.chat.get` key, or null for an entity it does not take. */
export function openLineParams(key: EntityKey, activeOnly: boolean): { CRM_ENTITY_TYPE: string; CRM_ENTITY: string; ACTIVE_ONLY: 'Y' | 'N' } | null {
  if (key.entityType !== 'CRM') return null;
  const match = /^([A-Z]+)\|([1-9]\d*)$/.exec(key.entityId);
  const type = match ? OPEN_LINE_TYPES.get(match[1] ?? '') : undefined;
  if (!match || type === undefined) return null;
  return { CRM_ENTITY_TYPE: type, CRM_ENTITY: match[2] ?? '', ACTIVE_ONLY: activeOnly ? 'Y' : 'N' };
}

/**
 * Reads the method's answer: a list of `{CHAT_ID, CONNECTOR_ID, CONNECTOR_TITLE}` with the ids as strings (:287), `[]`
 * when there are none (:276). Entries that are not chats are left out; undefined for an answer that is no list.
 */
export function readOpenLineChats(result: unknown): { chatId: number; connectorId: string; channel: string }[] | undefined {
  if (!Array.isArray(result)) return undefined;
  return result.flatMap((item) => {
    if (!isRecord(item)) return [];
    const chatId = toChatId(item.CHAT_ID);
    if (chatId === null || chatId === undefined) return [];
    const connectorId = typeof item.CONNECTOR_ID === 'string' ? item.CONNECTOR_ID : '';
    const channel = typeof item.CONNECTOR_TITLE === 'string' && item.CONNECTOR_TITLE.trim() !== '' ? item.CONNECTOR_TITLE.trim() : connectorId;
    return [{ chatId, connectorId, channel }];
  });
}

/**
 * An entity's open-line chats from the two answers (all of them, and the active ones): active first, then the newest
 * (the higher chat id) first.
 */
export function mergeOpenLineChats(all: unknown, active: unknown): OpenLineChat[] | undefined {
  const every = readOpenLineChats(all);
  if (!every) return undefined;
  const open = new Set((readOpenLineChats(active) ?? []).map((chat) => chat.chatId));
  return every
    .filter((chat, index) => every.findIndex((other) => other.chatId === chat.chatId) === index)
    .map((chat) => ({ ...chat, active: open.has(chat.chatId) }))
    .sort((a, b) => Number(b.active) - Number(a.active) || b.chatId - a.chatId);
}

/** What one entity's lookup found: its own chat, and its open-line chats when they were asked for and could be read. */
export interface EntityChats {
  chat: ChatLookupOutcome;
  /**
   * The chat's title (im.dialog.get, in the same request): undefined when not asked, when there is no chat, or when the
   * portal would not say (a chat the user is not in answers ACCESS_ERROR, [en] api-reference/chats/im-dialog-get.md:598).
   */
  title?: string;
  /** Undefined when not asked (another type, the option off) or the portal would not say (no scope, no access). */
  openLines: OpenLineChat[] | undefined;
}

/**
 * The chats of many entities in one go: each one's own chat (im.chat.get) and, with `openLines`, its open-line chats
 * (imopenlines.crm.chat.get, all and active), all through `batch` (a lone im.chat.get as a plain call). The open lines
 * never fail a lookup: without the `imopenlines` scope, or without access to the entity, they are left out.
 * Progress counts entities.
 */
export async function findEntityChats(client: BitrixClient, keys: readonly EntityKey[], options: ChatsOptions = {}): Promise<EntityChats[]> {
  return (await findChats(client, keys, [], options)).entities;
}

export type ChatsOptions = BatchOptions & {
  openLines?: boolean;
  /** Also each found chat's title (im.dialog.get), read in the same request from im.chat.get's answer. */
  titles?: boolean;
};

/**
 * findEntityChats, and the titles of chats known by id (chat links) in the same requests: one `batch` for a whole
 * lookup, whatever it holds. A title the portal would not give is undefined.
 */
export async function findChats(
  client: BitrixClient,
  keys: readonly EntityKey[],
  chatIds: readonly number[],
  { openLines = false, titles = false, ...options }: ChatsOptions = {},
): Promise<{ entities: EntityChats[]; titles: (string | undefined)[] }> {
  const commands: RestCommand[] = [];
  const owner: number[] = [];
  const plan = keys.map((key, index) => {
    const add = (command: RestCommand): number => (owner.push(index), commands.push(command) - 1);
    const chat = add({ method: 'im.chat.get', params: chatGetParams(key) });
    // The chat's id is the answer's `ID` ({ID: 1437}); an older portal's bare number has no field to read, and a
    // missing chat leaves `chat` alone: both are refused, and the card shows no title.
    const title = titles ? add({ method: 'im.dialog.get', reads: { param: 'DIALOG_ID', back: 1, path: ['ID'], prefix: 'chat' } }) : null;
    const all = openLines ? openLineParams(key, false) : null;
    const active = openLines ? openLineParams(key, true) : null;
    const lines =
      all && active ? [add({ method: 'imopenlines.crm.chat.get', params: all }), add({ method: 'imopenlines.crm.chat.get', params: active })] : null;
    return { chat, title, lines };
  });
  const named = chatIds.map((chatId) => (owner.push(keys.length), commands.push({ method: 'im.dialog.get', params: { DIALOG_ID: dialogIdOf(chatId) } }) - 1));
  if (commands.length === 1 && keys[0]) {
    options.onProgress?.(0, 1);
    const chat = await findEntityChat(client, keys[0], options).then(
      (value): ChatLookupOutcome => ({ ok: true, value }),
      (error: unknown): ChatLookupOutcome => {
        if (error instanceof BitrixError && error.code !== 'cancelled') return { ok: false, error: error.failure };
        throw error;
      },
    );
    options.onProgress?.(1, 1);
    return { entities: [{ chat, openLines: undefined }], titles: [] };
  }
  if (commands.length === 0) return { entities: [], titles: [] };
  const onProgress = options.onProgress;
  onProgress?.(0, keys.length);
  const outcomes: BatchOutcome[] = await client.batch(commands, {
    ...options,
    ...(onProgress
      ? { onProgress: (done: number) => onProgress(done === commands.length ? keys.length : Math.min(owner[done] ?? keys.length, keys.length), keys.length) }
      : {}),
  });
  const titleAt = (index: number | null): string | undefined => {
    const outcome = index === null ? undefined : outcomes[index];
    return outcome?.ok ? titleOf(outcome.result) : undefined;
  };
  const entities = plan.map(({ chat, title, lines }): EntityChats => {
    const own = chatOutcomeOf(client, outcomes[chat]);
    const name = own.ok && own.value.found ? titleAt(title) : undefined;
    const withTitle = name === undefined ? {} : { title: name };
    if (!lines) return { chat: own, ...withTitle, openLines: undefined };
    const [all, active] = lines.map((index) => outcomes[index]);
    return { chat: own, ...withTitle, openLines: all?.ok && active?.ok ? mergeOpenLineChats(all.result, active.result) : undefined };
  });
  return { entities, titles: named.map(titleAt) };
}

/** A chat's dialog id, as im.dialog.get takes it ([en] api-reference/chats/im-dialog-get.md:24). */
const dialogIdOf = (chatId: number): string => `chat${chatId}`;

/** The `name` of an im.dialog.get answer, when it has one. */
function titleOf(result: unknown): string | undefined {
  const name = isRecord(result) ? text(result.name) : null;
  return name === null || name.trim() === '' ? undefined : name;
}

/** An im.chat.get command's outcome in a batch, read: its failure, or the chat (an answer that is no chat id fails). */
function chatOutcomeOf(client: BitrixClient, outcome: BatchOutcome | undefined): ChatLookupOutcome {
  if (outcome && !outcome.ok) return outcome;
  const lookup = outcome ? readChatGetResult(outcome.result) : undefined;
  return lookup ? { ok: true, value: lookup } : { ok: false, error: notAChatId(client) };
}

function text(value: unknown): string | null {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return null;
}

/** Title and entity of a chat. A chat the user is not a member of fails with `access_denied`. */
export async function getChatDialog(client: BitrixClient, chatId: number, options: CallOptions = {}): Promise<ChatDialog> {
  if (!Number.isSafeInteger(chatId) || chatId <= 0) throw new RangeError(`A chat id is a positive integer, got ${chatId}`);
  const dialogId = `chat${chatId}`;
  const answer = await client.call('im.dialog.get', { DIALOG_ID: dialogId }, options);
  const dialog = answer.result;
  if (!isRecord(dialog)) throw new BitrixError(unexpectedAnswer(client.portalHost, 'im.dialog.get'));
  const link = isRecord(dialog.entity_link) ? dialog.entity_link : {};
  return {
    chatId,
    dialogId,
    name: text(dialog.name) ?? `Chat ${chatId}`,
    entityType: text(dialog.entity_type),
    entityId: text(dialog.entity_id),
    entityUrl: text(link.url),
  };
}
