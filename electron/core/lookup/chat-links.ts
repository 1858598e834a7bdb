/**
 * The ways to open a chat once its id is known: the dialog id, the portal's web messenger, and the Bitrix24 desktop
 * app's `bx://` link. Whether the desktop app is installed cannot be detected, so both links are always offered.
 *
 * The REST docs give the dialog id of a chat as `chat<ID>` ([en] api-reference/chats/im-dialog-get.md) and the web
 * messenger's address as `/online/?IM_DIALOG=<dialogId>`, with the desktop app's `bx://v2/<portal>/…/dialogId/…`
 * links, only for a bot's context ([en] api-reference/chat-bots/chat-bots-v2/imbot.v2/bot-context.md:41, :58-61). For
 * the rest the links follow the messenger's own code as Bitrix24 ships it (mirrored in avshatalov48/bitrix-core-business
 * @369a51a): `modules/im/install/js/im/v2/const/src/path.js` opens a chat at `/online/?IM_DIALOG=` and an open-line
 * chat at `/online/?IM_LINES=` (its Open Channels section, where the operator answers); the desktop manager
 * (`modules/im/install/js/im/v2/lib/desktop/src/desktop-manager.js`, redirectToChat and redirectToLines, with
 * `bx://v2/<host>/` put in front) opens `chat/dialogId/<dialogId>` and `lines/dialogId/<dialogId>`. See
 * docs/bitrix24-rest.md, "Opening a chat".
 */

import { lastPortalOrigin, portalParts } from '../portal-address.ts';

/** Which part of the messenger a chat opens in: the chats, or Open Channels for an open-line chat. */
export type ChatSection = 'chat' | 'lines';

export const CHAT_SECTIONS = ['chat', 'lines'] as const satisfies readonly ChatSection[];

export interface ChatLinks {
  /** `chat1437`: what the messenger calls the chat. */
  dialogId: string;
  /** `https://<portal>/online/?IM_DIALOG=chat1437` (`?IM_LINES=` for an open-line chat) */
  webUrl: string;
  /** `bx://v2/<portal-host>/chat/dialogId/chat1437` (`/lines/` for an open-line chat) */
  desktopUrl: string;
}

const WEB_PARAMETER: Record<ChatSection, string> = { chat: 'IM_DIALOG', lines: 'IM_LINES' };

/** The dialog id and both links for a chat on a portal (`portal` is its origin, as the client reports it). */
export function chatLinks(portal: string, chatId: number, section: ChatSection = 'chat'): ChatLinks {
  if (!Number.isSafeInteger(chatId) || chatId <= 0) throw new RangeError(`A chat id is a positive integer, got ${chatId}`);
  const { origin, host } = portalParts(portal);
  const dialogId = `chat${chatId}`;
  return {
    dialogId,
    webUrl: `${origin}/online/?${WEB_PARAMETER[section]}=${dialogId}`,
    desktopUrl: `bx://v2/${host}/${section}/dialogId/${dialogId}`,
  };
}

/** The origin of the portal a chat's links open (`new URL(webUrl).origin`, without parsing the links chatLinks just made). */
export function linksPortal({ webUrl }: Pick<ChatLinks, 'webUrl'>): string {
  const made = lastPortalOrigin();
  if (made !== null && made !== 'null' && webUrl.startsWith(`${made}/online/?`)) return made;
  return new URL(webUrl).origin;
}
