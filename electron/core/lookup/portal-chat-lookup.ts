/**
 * The REST side of a lookup: parsed references → their chats, asked of one portal through its client (the person's
 * use case around it, which portal and the history, is lookup-use-case.ts). One entity is one `im.chat.get`; several go through the client's `batch`
 * (50 per request), each distinct entity asked once, and the answers come back in input order with one result
 * per reference: found (with the links that open the chat), not found (with why a chat may not exist yet),
 * invalid (the parser's reason) or error (the portal's or network's), each reason a message as data.
 */
import { BATCH_LIMIT } from '../bitrix/batch.ts';
import type { BatchOptions, BitrixClient } from '../bitrix/client.ts';
import { OPEN_LINES_SCOPE } from '../bitrix/connection.ts';
import type { LookupMessages, MessageOf } from '../../common/messages/index.ts';
import { BitrixError, type PortalProblem } from '../bitrix/errors.ts';
import { type EntityChats, type EntityKey, findChats, isCanonicalKey, type OpenLineChat } from '../bitrix/im.ts';
import type { ParsedReference, ReferenceProblem } from '../../common/references/parse-reference.ts';
import { type ChatLinks, chatLinks } from './chat-links.ts';

interface Named {
  /** The text the reference was read from (secrets masked). */
  input: string;
  /** `deal 5`, `chat 1437`. */
  label: string;
}

/** An open-line chat of the entity, with the links that open it (chat-links.ts). */
export type OpenLineChatView = OpenLineChat & ChatLinks;

interface OpenLines {
  /**
   * The entity's open-line chats (a lead's or deal's conversations with the customer on a messenger or the website),
   * active first; absent when they were not asked for or the portal would not say (no `imopenlines` scope).
   */
  openLines?: OpenLineChatView[];
}

export type LookupResult =
  | (Named &
      ChatLinks &
      OpenLines & {
        status: 'found';
        chatId: number;
        entityType?: string;
        entityId?: string;
        /** The chat's title, when asked for (`titles`) and the portal gave it (not for a chat the user is not in). */
        title?: string;
      })
  | (Named &
      OpenLines & {
        status: 'not_found';
        entityType: string;
        entityId: string;
        chatId: null;
        /** Why an entity may have no chat, most likely first, for the person to check. */
        reasons: readonly NoChatReason[];
      })
  | { status: 'invalid'; input: string; error: ReferenceProblem }
  | (Named & { status: 'error'; entityType?: string; entityId?: string; error: LookupError });

/**
 * A portal's or the network's failure for one reference, as the window and the CLI show it: the message, whose
 * parameters hold the specifics (until when to wait, which scopes to add).
 */
export type LookupError = PortalProblem;

/** Why an entity may have no chat. */
export type NoChatReason = MessageOf<Pick<LookupMessages, 'opened_from_card' | 'lead_converted' | 'entity_deleted' | 'nothing_bound'>>;

export type LookupOptions = Pick<BatchOptions, 'signal' | 'timeoutMs' | 'onProgress'> & {
  /**
   * Also ask for the open-line chats of leads, deals, contacts and companies: `true` where the credentials have the
   * `imopenlines` scope, `false` where they lack it, `if-granted` where that is not known (see askPortal).
   */
  openLines?: boolean | 'if-granted';
  /** Also each found chat's title, from the same requests (the window shows it; the CLI does not ask). */
  titles?: boolean;
};

/**
 * With this many entities or fewer their open-line chats fit in the one `batch` their own chats go in (three commands
 * each, four with the title, fifty to a request), so asking costs nothing even without the scope; with more, not
 * knowing costs requests.
 */
const openLinesInOneBatch = (titles: boolean): number => Math.floor(BATCH_LIMIT / (titles ? 4 : 3));

export const OPENED_FROM_CARD: NoChatReason = { code: 'opened_from_card' };
export const LEAD_CONVERTED: NoChatReason = { code: 'lead_converted' };
export const ENTITY_DELETED: NoChatReason = { code: 'entity_deleted' };
export const NOTHING_BOUND: NoChatReason = { code: 'nothing_bound' };

/** Why `im.chat.get` may answer `null` for a key, most likely first. */
function noChatReasons(key: EntityKey): readonly NoChatReason[] {
  if (key.entityType !== 'CRM') return [NOTHING_BOUND];
  return key.entityId.startsWith('LEAD|') ? [OPENED_FROM_CARD, LEAD_CONVERTED, ENTITY_DELETED] : [OPENED_FROM_CARD, ENTITY_DELETED];
}

const keyString = (key: EntityKey): string => `${key.entityType}\u0000${key.entityId}`;

/**
 * Asks once per distinct key (and, with `titles`, once per chat named by id): a single call for one key, `batch` for
 * more. Cancellation is thrown, every other failure returned.
 */
async function askPortal(
  client: BitrixClient,
  keys: EntityKey[],
  chatIds: number[],
  options: LookupOptions,
): Promise<{ entities: EntityChats[]; titles: (string | undefined)[] }> {
  if (keys.length === 0 && chatIds.length === 0) return { entities: [], titles: [] };
  let openLines = options.openLines ?? false;
  // Unknown scopes and a long list: one `scope` call first, rather than commands the portal would refuse by the hundred.
  if (openLines === 'if-granted' && keys.length > openLinesInOneBatch(options.titles ?? false)) {
    options.onProgress?.(0, keys.length);
    openLines = await client.call<unknown>('scope', {}, options).then(
      ({ result }) => Array.isArray(result) && result.includes(OPEN_LINES_SCOPE),
      (error: unknown) => {
        if (error instanceof BitrixError && error.code === 'cancelled') throw error;
        return false;
      },
    );
  }
  return findChats(client, keys, chatIds, { ...options, openLines: openLines !== false });
}

/** The open-line chats of an answer, with the links that open each on the portal. */
function openLinesOf(answer: EntityChats, portal: string): OpenLines {
  if (!answer.openLines) return {};
  return { openLines: answer.openLines.map((chat) => ({ ...chat, ...chatLinks(portal, chat.chatId, 'lines') })) };
}

/**
 * Looks up every reference, in input order. Throws only a BitrixError `cancelled` (the caller's signal); every
 * other failure becomes that reference's `error` result.
 */
export async function findChatsOnPortal(client: BitrixClient, references: readonly ParsedReference[], options: LookupOptions = {}): Promise<LookupResult[]> {
  const distinct = new Map<string, EntityKey>();
  for (const reference of references) {
    if (reference.ok && reference.kind === 'entity' && isCanonicalKey(reference)) {
      distinct.set(keyString(reference), { entityType: reference.entityType, entityId: reference.entityId });
    }
  }
  const keys = [...distinct.values()];
  const portal = client.portal;
  // A chat link's title is asked of this portal only: one naming another portal is opened there, untitled.
  const chatIds = options.titles
    ? [
        ...new Set(
          references.flatMap((reference) => (reference.ok && reference.kind === 'chat' && (reference.portal ?? portal) === portal ? [reference.chatId] : [])),
        ),
      ]
    : [];
  const outcomes = await askPortal(client, keys, chatIds, options);
  const answers = new Map(keys.map((key, index) => [keyString(key), outcomes.entities[index]]));
  const chatTitles = new Map(chatIds.map((chatId, index) => [chatId, outcomes.titles[index]]));
  const titled = (title: string | undefined): { title?: string } => (title === undefined ? {} : { title });

  return references.map((reference): LookupResult => {
    if (!reference.ok) return { status: 'invalid', input: reference.input, error: reference.error };
    const { input, label } = reference;
    // A chat link that named its portal opens the chat there, whichever portal this client talks to.
    if (reference.kind === 'chat') {
      const links = chatLinks(reference.portal ?? portal, reference.chatId);
      return { status: 'found', input, label, chatId: reference.chatId, ...links, ...titled(chatTitles.get(reference.chatId)) };
    }
    const { entityType, entityId } = reference;
    // References come from parseEntityReference, whose keys are canonical; one made by hand may not be, and it
    // must not cost the others their answers.
    if (!isCanonicalKey(reference)) {
      return { status: 'invalid', input, error: { code: 'unrecognised_key', params: { entityType, entityId } } };
    }
    const answer = answers.get(keyString(reference));
    if (!answer) throw new Error(`No answer was kept for ${entityType} ${entityId}`);
    const { chat } = answer;
    if (!chat.ok) return { status: 'error', input, label, entityType, entityId, error: chat.error.message };
    const lines = openLinesOf(answer, portal);
    if (!chat.value.found) return { status: 'not_found', input, label, entityType, entityId, chatId: null, reasons: noChatReasons(reference), ...lines };
    const { chatId } = chat.value;
    return { status: 'found', input, label, entityType, entityId, chatId, ...chatLinks(portal, chatId), ...titled(answer.title), ...lines };
  });
}
