/**
 * What the Lookup screen does with a result: copy a chat id, open a chat or an entity's page. Each action says how it
 * went in `feedback` (one line the screen shows in a live region), in the person's language.
 */
import type { ChatSection, Settings } from '../../../electron/core/ipc/contract.ts';
import { app, call, clearFeedback, feedback } from './app.svelte.ts';
import { say as sayMessage, t } from './i18n.svelte.ts';

export { clearFeedback, feedback };

type Opener = Settings['openChatIn'];

function say(text: string, failed = false): void {
  feedback.text = text;
  feedback.failed = failed;
}

/** Puts a chat id on the clipboard. */
export async function copyChatId(chatId: number): Promise<void> {
  const api = app.api;
  if (!api) return;
  // Cleared first, so copying the same id again is read out again.
  clearFeedback();
  const result = await call(api, 'chatCopyId', { chatId });
  if (result.ok) say(t('chat.copied', { id: String(chatId) }));
  else say(sayMessage(result.error), true);
}

/** Opens a chat in the browser or the Bitrix24 app (`opener`), else where the settings say; an open-line chat in Open Channels. */
export async function openChat(portal: string, chatId: number, opener?: Opener, section: ChatSection = 'chat'): Promise<void> {
  const api = app.api;
  if (!api) return;
  clearFeedback();
  const result = await call(api, 'chatOpen', { portal, chatId, ...(opener ? { opener } : {}), ...(section === 'lines' ? { section } : {}) });
  if (!result.ok) return say(sayMessage(result.error), true);
  const where = opener ?? app.settings?.values.openChatIn ?? 'browser';
  say(t(where === 'desktop' ? 'chat.openedDesktop' : 'chat.openedBrowser', { id: String(chatId) }));
}

/** Opens the page of an entity with no chat (its chat is opened from there). `name` is what the screen calls it. */
export async function openEntityPage(portal: string, entityType: string, entityId: string, name: string): Promise<void> {
  const api = app.api;
  if (!api) return;
  clearFeedback();
  const result = await call(api, 'entityOpen', { portal, entityType, entityId });
  if (result.ok) say(t('chat.openedPage', { name }));
  else say(sayMessage(result.error), true);
}
