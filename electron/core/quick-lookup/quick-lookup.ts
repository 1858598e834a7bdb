/**
 * The two hotkeys (and the tray's "Look Up Clipboard"): they read the clipboard in the main process, only when the
 * person asked and only its text. "Open" shows the window with the references it found; "look up" asks the portal at
 * once, copies the chat id and says what it found in a system notification in the person's language, whose click
 * opens the chat or the window with the whole answer. The portal's explanations and the refusals are put into the
 * person's language too (i18n/russian.ts).
 */
import { BitrixError } from '../bitrix/errors.ts';
import { russianProblem } from '../i18n/russian.ts';
import { say } from '../i18n/catalogs.ts';
import type { ChatSection } from '../lookup/chat-links.ts';
import type { LookupDesk, LookupView } from '../lookup/lookup-desk.ts';
import type { ParsedReference } from '../../common/references/parse-reference.ts';
import { maskSecrets } from '../../common/references/secrets.ts';
import type { Settings, SettingsStore } from '../state/settings.ts';
import { UserError } from '../user-error.ts';
import type { ChatOpener, ClipboardPort } from '../links/chat-opener.ts';
import type { WindowControl, WindowRequest } from '../window/window-control.ts';

export interface QuickLookupAnswer {
  title: string;
  body: string;
  /** What goes on the clipboard (the chat id, or several ids one per line); null leaves the clipboard alone. */
  copy: string | null;
  /** What clicking the notification does: open the chat, or show the window with `window`. */
  click: { kind: 'openChat'; portal: string; chatId: number; section?: ChatSection } | { kind: 'window' };
  /** The window with this answer in it (for the click, and where no notification can be shown). */
  window: WindowRequest;
}

type Language = Settings['language'];

const TEXTS = {
  en: {
    found: (chatId: number) => `Chat ${chatId}`,
    foundBody: (label: string) => `${label}: the chat ID is copied. Click to open the chat.`,
    alsoOpenLines: (count: number, first: string) => ` Open-line chats: ${count} (${first}).`,
    openLine: (chatId: number) => `Open-line chat ${chatId}`,
    openLineBody: (label: string, channel: string) => `${label} has no chat of its own. The ID of its open-line chat (${channel}) is copied; click to open it.`,
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
    alsoOpenLines: (count: number, first: string) => ` Чаты открытых линий: ${count} (${first}).`,
    openLine: (chatId: number) => `Чат открытой линии ${chatId}`,
    openLineBody: (label: string, channel: string) => `${label}: своего чата нет. Скопирован ID чата открытой линии (${channel}); нажмите, чтобы открыть его.`,
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

/** The notification for a finished lookup. */
export function quickLookupAnswer(answer: LookupView, language: Language): QuickLookupAnswer {
  const texts = TEXTS[language];
  // The window shows the answer as it is (nothing is asked again), and puts its messages into the person's language.
  const view = answer;
  const window: WindowRequest = { view: 'lookup', text: view.results.map((result) => result.input).join('\n'), answer: view };
  const showAnswer = { kind: 'window' } as const;
  const [only, ...rest] = view.results;
  if (!only) return noReference(language);
  if (rest.length === 0) {
    switch (only.status) {
      case 'found':
        return {
          title: texts.found(only.chatId),
          body: `${texts.foundBody(sentenceStart(only.label))}${only.openLines?.[0] ? texts.alsoOpenLines(only.openLines.length, channelOf(only.openLines[0], language)) : ''}`,
          copy: String(only.chatId),
          click: { kind: 'openChat', portal: new URL(only.webUrl).origin, chatId: only.chatId },
          window,
        };
      case 'not_found': {
        // No chat of its own, but the customer's conversation on a channel: that is the chat to copy and open.
        const line = only.openLines?.[0];
        if (line) {
          return {
            title: texts.openLine(line.chatId),
            body: texts.openLineBody(sentenceStart(only.label), channelOf(line, language)),
            copy: String(line.chatId),
            click: { kind: 'openChat', portal: new URL(line.webUrl).origin, chatId: line.chatId, section: 'lines' },
            window,
          };
        }
        return { title: texts.notFound, body: texts.notFoundBody(sentenceStart(only.label)), copy: null, click: showAnswer, window };
      }
      case 'invalid':
        // Not the parser's message: it quotes what was copied, and a notification stays in the system's list.
        return { title: texts.invalid, body: texts.invalidBody, copy: null, click: showAnswer, window };
      case 'error':
        return { title: texts.failed, body: say(only.error, language), copy: null, click: showAnswer, window };
    }
  }
  const found = view.results.flatMap((result) => (result.status === 'found' ? [result.chatId] : []));
  const missing = view.results.filter((result) => result.status === 'not_found').length;
  return {
    title: texts.many(view.results.length),
    body: texts.manyBody(found.length, missing, view.results.length - found.length - missing),
    copy: found.length > 0 ? found.join('\n') : null,
    click: showAnswer,
    window,
  };
}

/** A label that starts the notification's sentence: `Lead 13: …`, `D_5 …` (labels are lower case in the middle of one). */
function sentenceStart(label: string): string {
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** An open-line chat's channel as the notification names it: `Telegram, active`. */
function channelOf(chat: { channel: string; active: boolean }, language: Language): string {
  return chat.active ? `${chat.channel}, ${language === 'ru' ? 'активный' : 'active'}` : chat.channel;
}

/** The notification for a clipboard that holds no CRM reference (what it holds is never quoted). */
function noReference(language: Language): QuickLookupAnswer {
  const texts = TEXTS[language];
  return { title: texts.invalid, body: texts.invalidBody, copy: null, click: { kind: 'window' }, window: { view: 'lookup', message: texts.invalidBody } };
}

/** The notification for a lookup that could not start (nothing copied, no portal connected, too much text). */
export function quickLookupRefusal(error: { code: string; message: string }, language: Language): QuickLookupAnswer {
  const view = error.code === 'no_profile' ? 'settings' : 'lookup';
  const message = language === 'ru' ? russianProblem(error) : error.message;
  return { title: TEXTS[language].refused, body: message, copy: null, click: { kind: 'window' }, window: { view, message } };
}

/** The notification for a chat that a notification's click could not open (`message` already in the language). */
export function openFailedNotice(message: string, language: Language): { title: string; body: string } {
  return { title: TEXTS[language].openFailed, body: message };
}

export interface QuickLookupOptions {
  settings: SettingsStore;
  lookups: LookupDesk;
  clipboard: ClipboardPort;
  /**
   * Shows a system notification; `onClick` runs when the person clicks it, `onFailed` when none can be shown (an
   * unsigned macOS build, Windows without the installer's shortcut, Linux without a notification service).
   */
  notify: (notification: { title: string; body: string }, onClick: () => void, onFailed: () => void) => void;
  window: WindowControl;
  chats: ChatOpener;
  /** For a failure nothing else reports (by kind only, never text from the clipboard). */
  log: (line: string) => void;
}

/** What the two hotkeys do. */
export class QuickLookup {
  readonly #options: QuickLookupOptions;
  #lookingUp = false;

  constructor(options: QuickLookupOptions) {
    this.#options = options;
  }

  /**
   * The CRM references in the clipboard, each as it was written, and nothing else of what was copied: only these go on
   * to the window and the history, never the rest (a password, a token beside them). Refuses an empty or oversized
   * clipboard as the lookup box would.
   */
  async #clipboardReferences(): Promise<ParsedReference[]> {
    const text = await this.#options.clipboard.readText();
    if (text.trim() === '') throw new UserError('clipboard_empty', 'The clipboard holds no text. Copy a CRM reference such as LEAD|13 or a deal link first.');
    return this.#options.lookups.references(text).filter((reference) => reference.ok);
  }

  /** The "open" hotkey: the window, with the CRM references the clipboard holds in the box, one per line. */
  async openWindowWithClipboard(): Promise<void> {
    let found: string[] = [];
    try {
      found = (await this.#clipboardReferences()).map((reference) => reference.input);
    } catch (error) {
      // An empty or oversized clipboard opens the window with an empty box; anything else is unexpected.
      if (!(error instanceof UserError)) this.#logFailure('reading the clipboard for the "open" hotkey', error);
    }
    // The parser has masked secrets in what it read already; masking again keeps that true if it ever changes.
    this.#options.window.present(found.length > 0 ? { view: 'lookup', text: maskSecrets(found.join('\n')) } : { view: 'lookup' });
  }

  /**
   * The "look up the clipboard" hotkey and menu item: looks the copied text up at once, copies the chat id, and says
   * what was found in a notification. Answers what it showed; null for a press dropped while one runs (a held hotkey
   * repeats). Never rejects: an unexpected failure is logged and said in a notification.
   */
  async lookUpClipboard(): Promise<QuickLookupAnswer | null> {
    if (this.#lookingUp) return null;
    this.#lookingUp = true;
    let answer: QuickLookupAnswer;
    try {
      answer = await this.#lookUpAndCopy();
    } catch (error) {
      this.#logFailure('the clipboard lookup', error);
      const message = 'Something went wrong inside B24 Chat Lookup; the details are in its log.';
      answer = quickLookupRefusal({ code: 'internal', message }, this.#options.settings.get().language);
    } finally {
      this.#lookingUp = false;
    }
    try {
      this.#notify(answer);
    } catch (error) {
      this.#logFailure('showing the notification', error);
    }
    return answer;
  }

  /** Reads the clipboard, looks its references up, and copies the chat id: the answer to tell. */
  async #lookUpAndCopy(): Promise<QuickLookupAnswer> {
    const { settings, lookups, clipboard } = this.#options;
    const { language } = settings.get();
    let answer: QuickLookupAnswer;
    try {
      const references = await this.#clipboardReferences();
      // The references as read, not their text joined and read again.
      answer = references.length === 0 ? noReference(language) : quickLookupAnswer(await lookups.lookupReferences(references), language);
    } catch (error) {
      if (!(error instanceof UserError) && !(error instanceof BitrixError)) throw error;
      // A portal's failure is a message (said here, in the notification's language); a UserError still a sentence.
      const message = error instanceof BitrixError ? say(error.failure.message, language) : error.message;
      answer = quickLookupRefusal({ code: error.code, message: maskSecrets(message) }, language);
    }
    if (answer.copy !== null) await clipboard.writeText(answer.copy);
    return answer;
  }

  #notify(answer: QuickLookupAnswer): void {
    const { notify, window, chats, settings } = this.#options;
    const { click } = answer;
    // Without a notification the answer is not lost: the window shows it.
    const showInWindow = (): void => window.present(answer.window);
    const onClick = (): void => {
      if (click.kind === 'window') {
        showInWindow();
        return;
      }
      chats.open({ portal: click.portal, chatId: click.chatId, section: click.section }).catch((error: unknown) => {
        // The window is not up: a second notification says why the chat did not open.
        const problem = error instanceof UserError ? { code: error.code, message: error.message } : { code: 'open_failed', message: 'The chat could not be opened.' };
        const message = settings.get().language === 'ru' ? russianProblem(problem) : problem.message;
        const show = (): void => window.present({ view: 'lookup', message });
        notify(openFailedNotice(message, settings.get().language), show, show);
      });
    };
    notify({ title: answer.title, body: answer.body }, onClick, showInWindow);
  }

  #logFailure(what: string, error: unknown): void {
    this.#options.log(`${what} failed: ${error instanceof Error ? error.name : 'error'}`);
  }
}
