/**
 * The chat methods the product is built on: `im.chat.get` (which chat is bound to an entity), one or many at a
 * time, and `im.dialog.get` (the chat's title and entity). Answers in every shape the portals use are read
 * into one typed result.
 */
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
  return unexpectedAnswer(client.portalHost, 'im.chat.get', 'something other than a chat id or null');
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
 * The chats bound to many entities, through `batch` (50 per request), in input order. Each entity gets its own
 * outcome, so one failed sub-call does not hide the others' answers.
 */
export async function findEntityChats(
  client: BitrixClient,
  keys: readonly EntityKey[],
  options: BatchOptions = {},
): Promise<ChatLookupOutcome[]> {
  const commands = keys.map((key) => ({ method: 'im.chat.get', params: chatGetParams(key) }));
  const outcomes: BatchOutcome[] = await client.batch(commands, options);
  return outcomes.map((outcome): ChatLookupOutcome => {
    if (!outcome.ok) return outcome;
    const lookup = readChatGetResult(outcome.result);
    return lookup ? { ok: true, value: lookup } : { ok: false, error: notAChatId(client) };
  });
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
  if (!isRecord(dialog)) throw new BitrixError(unexpectedAnswer(client.portalHost, 'im.dialog.get', 'no chat in its result'));
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
