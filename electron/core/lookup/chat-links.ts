/**
 * The ways to open a chat once its id is known (../shared/BITRIX24.md, "Opening the chat"): the dialog id, the
 * portal's web messenger, and the Bitrix24 desktop app's `bx://` link. Whether the desktop app is installed cannot
 * be detected, so both links are always offered.
 */

export interface ChatLinks {
  /** `chat1437`: what the messenger calls the chat. */
  dialogId: string;
  /** `https://<portal>/online/?IM_DIALOG=chat1437` */
  webUrl: string;
  /** `bx://v2/<portal-host>/chat/dialogId/chat1437` */
  desktopUrl: string;
}

/** The dialog id and both links for a chat on a portal (`portal` is its origin, as the client reports it). */
export function chatLinks(portal: string, chatId: number): ChatLinks {
  if (!Number.isSafeInteger(chatId) || chatId <= 0) throw new RangeError(`A chat id is a positive integer, got ${chatId}`);
  const origin = new URL(portal);
  const dialogId = `chat${chatId}`;
  return {
    dialogId,
    webUrl: `${origin.origin}/online/?IM_DIALOG=${dialogId}`,
    desktopUrl: `bx://v2/${origin.host}/chat/dialogId/${dialogId}`,
  };
}
