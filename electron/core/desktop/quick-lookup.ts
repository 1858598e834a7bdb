/**
 * What the "look up the clipboard" hotkey tells the person without opening the window: a system notification in
 * their language, what it copies (the chat id), and what clicking it does (open the chat, or the window where the
 * whole answer is). Explanations that come from the portal or the parser are written in English by the core.
 */
import type { LookupView } from '../lookup/lookup-desk.ts';
import type { Settings } from '../state/settings.ts';

export type WindowView = 'lookup' | 'history' | 'settings';

/** What the window is asked to show when it opens: a screen, and text for the lookup box (looked up at once when `run`). */
export interface WindowRequest {
  view: WindowView;
  text?: string;
  run?: boolean;
}

export interface QuickLookupAnswer {
  title: string;
  body: string;
  /** What goes on the clipboard (the chat id, or several ids one per line); null leaves the clipboard alone. */
  copy: string | null;
  /** What clicking the notification does. */
  click: { kind: 'openChat'; portal: string; chatId: number } | { kind: 'window'; request: WindowRequest };
}

type Language = Settings['language'];

const TEXTS = {
  en: {
    found: (chatId: number) => `Chat ${chatId}`,
    foundBody: (label: string) => `${label}: the chat ID is copied. Click to open the chat.`,
    notFound: 'No chat',
    notFoundBody: (label: string) => `${label} has no chat. Click to see why.`,
    invalid: 'Not a CRM reference',
    invalidBody: 'The clipboard does not hold a CRM reference such as LEAD|13, D_5 or a deal link.',
    failed: 'The lookup failed',
    refused: 'Nothing was looked up',
    openFailed: 'The chat did not open',
    many: (count: number) => `${count} references looked up`,
    manyBody: (found: number, missing: number, failed: number) =>
      `Chats found: ${found} · without a chat: ${missing} · not looked up: ${failed}.${found > 0 ? ' The chat IDs are copied.' : ''} Click for the list.`,
  },
  ru: {
    found: (chatId: number) => `Чат ${chatId}`,
    foundBody: (label: string) => `${label}: ID чата скопирован. Нажмите, чтобы открыть чат.`,
    notFound: 'Чата нет',
    notFoundBody: (label: string) => `${label}: чата нет. Нажмите, чтобы узнать почему.`,
    invalid: 'Это не ссылка на CRM',
    invalidBody: 'В буфере обмена нет ссылки на CRM, например LEAD|13, D_5 или ссылки на сделку.',
    failed: 'Не удалось найти чат',
    refused: 'Поиск не выполнен',
    openFailed: 'Чат не открылся',
    many: (count: number) => `Проверено ссылок: ${count}`,
    manyBody: (found: number, missing: number, failed: number) =>
      `Найдено чатов: ${found} · без чата: ${missing} · не проверено: ${failed}.${found > 0 ? ' ID чатов скопированы.' : ''} Нажмите, чтобы увидеть список.`,
  },
} satisfies Record<Language, unknown>;

const showHistory = { kind: 'window', request: { view: 'history' } } as const;

/** The notification for a finished lookup. */
export function quickLookupAnswer(view: LookupView, language: Language): QuickLookupAnswer {
  const texts = TEXTS[language];
  const [only, ...rest] = view.results;
  if (only && rest.length === 0) {
    switch (only.status) {
      case 'found':
        return {
          title: texts.found(only.chatId),
          body: texts.foundBody(only.label),
          copy: String(only.chatId),
          click: { kind: 'openChat', portal: new URL(only.webUrl).origin, chatId: only.chatId },
        };
      case 'not_found':
        return { title: texts.notFound, body: texts.notFoundBody(only.label), copy: null, click: showHistory };
      case 'invalid':
        // Not the parser's message: it quotes what was copied, and a notification stays in the system's list.
        return { title: texts.invalid, body: texts.invalidBody, copy: null, click: showHistory };
      case 'error':
        return { title: texts.failed, body: only.error.message, copy: null, click: showHistory };
    }
  }
  const found = view.results.flatMap((result) => (result.status === 'found' ? [result.chatId] : []));
  const missing = view.results.filter((result) => result.status === 'not_found').length;
  return {
    title: texts.many(view.results.length),
    body: texts.manyBody(found.length, missing, view.results.length - found.length - missing),
    copy: found.length > 0 ? found.join('\n') : null,
    click: showHistory,
  };
}

/** The notification for a lookup that could not start (nothing copied, no portal connected, too much text). */
export function quickLookupRefusal(error: { code: string; message: string }, language: Language): QuickLookupAnswer {
  const view: WindowView = error.code === 'no_profile' ? 'settings' : 'lookup';
  return { title: TEXTS[language].refused, body: error.message, copy: null, click: { kind: 'window', request: { view } } };
}

/** The notification for a chat that a notification's click could not open. */
export function openFailedNotice(message: string, language: Language): { title: string; body: string } {
  return { title: TEXTS[language].openFailed, body: message };
}
