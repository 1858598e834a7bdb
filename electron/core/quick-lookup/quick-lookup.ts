/**
 * The two hotkeys (and the tray's "Look Up Clipboard"): they read the clipboard in the main process, only when the
 * person asked and only its text. "Open" shows the window with the references it found; "look up" asks the portal at
 * once, copies the chat id and says what it found in a system notification in the person's language, whose click
 * opens the chat or the window with the whole answer. A notification is a surface the main process owns, so it says
 * its messages here (catalogs.ts); what goes on to the window stays a message the window says.
 */
import type { AppMessage } from '../../common/messages/index.ts';
import { BitrixError } from '../bitrix/errors.ts';
import { type Language, say } from '../../common/i18n/catalogs.ts';
import type { ChatSection } from '../lookup/chat-links.ts';
import type { LookupUseCase, LookupView } from '../lookup/lookup-use-case.ts';
import type { ParsedReference } from '../../common/references/parse-reference.ts';
import { maskSecrets } from '../../common/references/secrets.ts';
import type { SettingsStore } from '../state/settings.ts';
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

/** Says a message of the notifications (AppMessages' `notify_*`) in the person's language. */
const notification =
  (language: Language) =>
  (message: AppMessage): string =>
    say(message, language);

/** The notification for a finished lookup. */
export function quickLookupAnswer(answer: LookupView, language: Language): QuickLookupAnswer {
  const texts = notification(language);
  // The window shows the answer as it is (nothing is asked again); each side says its messages in its language.
  const view = answer;
  const window: WindowRequest = { view: 'lookup', text: view.results.map((result) => result.input).join('\n'), answer: view };
  const showAnswer = { kind: 'window' } as const;
  const [only, ...rest] = view.results;
  if (!only) return noReference(language);
  if (rest.length === 0) {
    switch (only.status) {
      case 'found':
        return {
          title: texts({ code: 'notify_found_title', params: { chatId: only.chatId } }),
          body: texts(foundBody(sentenceStart(only.label), only.openLines ?? [])),
          copy: String(only.chatId),
          click: { kind: 'openChat', portal: new URL(only.webUrl).origin, chatId: only.chatId },
          window,
        };
      case 'not_found': {
        // No chat of its own, but the customer's conversation on a channel: that is the chat to copy and open.
        const line = only.openLines?.[0];
        if (line) {
          const params = { label: sentenceStart(only.label), channel: line.channel };
          return {
            title: texts({ code: 'notify_open_line_title', params: { chatId: line.chatId } }),
            body: texts(line.active ? { code: 'notify_open_line_body_active', params } : { code: 'notify_open_line_body', params }),
            copy: String(line.chatId),
            click: { kind: 'openChat', portal: new URL(line.webUrl).origin, chatId: line.chatId, section: 'lines' },
            window,
          };
        }
        return {
          title: texts({ code: 'notify_not_found_title' }),
          body: texts({ code: 'notify_not_found_body', params: { label: sentenceStart(only.label) } }),
          copy: null,
          click: showAnswer,
          window,
        };
      }
      case 'invalid':
        // Not the parser's message: it quotes what was copied, and a notification stays in the system's list.
        return { title: texts({ code: 'notify_invalid_title' }), body: texts({ code: 'notify_invalid_body' }), copy: null, click: showAnswer, window };
      case 'error':
        return { title: texts({ code: 'notify_failed_title' }), body: texts(only.error), copy: null, click: showAnswer, window };
    }
  }
  const found = view.results.flatMap((result) => (result.status === 'found' ? [result.chatId] : []));
  const missing = view.results.filter((result) => result.status === 'not_found').length;
  const counts = { found: found.length, missing, failed: view.results.length - found.length - missing };
  return {
    title: texts({ code: 'notify_many_title', params: { count: view.results.length } }),
    body: texts({ code: found.length > 0 ? 'notify_many_body_copied' : 'notify_many_body', params: counts }),
    copy: found.length > 0 ? found.join('\n') : null,
    click: showAnswer,
    window,
  };
}

/** A label that starts the notification's sentence: `Lead 13: …`, `D_5 …` (labels are lower case in the middle of one). */
function sentenceStart(label: string): string {
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** A found chat's body: that its id is copied, and the entity's open-line chats beside it (the first one named). */
function foundBody(label: string, openLines: readonly { channel: string; active: boolean }[]): AppMessage {
  const [first] = openLines;
  if (!first) return { code: 'notify_found_body', params: { label } };
  const params = { label, count: openLines.length, channel: first.channel };
  return first.active ? { code: 'notify_found_body_lines_active', params } : { code: 'notify_found_body_lines', params };
}

/** The notification for a clipboard that holds no CRM reference (what it holds is never quoted). */
function noReference(language: Language): QuickLookupAnswer {
  const texts = notification(language);
  const body: AppMessage = { code: 'notify_invalid_body' };
  return {
    title: texts({ code: 'notify_invalid_title' }),
    body: texts(body),
    copy: null,
    click: { kind: 'window' },
    window: { view: 'lookup', message: body },
  };
}

/** The notification for a lookup that could not start (nothing copied, no portal connected, too much text). */
export function quickLookupRefusal(refusal: AppMessage, language: Language): QuickLookupAnswer {
  const view = refusal.code === 'no_profile' ? 'settings' : 'lookup';
  const texts = notification(language);
  return { title: texts({ code: 'notify_refused_title' }), body: texts(refusal), copy: null, click: { kind: 'window' }, window: { view, message: refusal } };
}

/** The notification for a chat that a notification's click could not open. */
export function openFailedNotice(refusal: AppMessage, language: Language): { title: string; body: string } {
  const texts = notification(language);
  return { title: texts({ code: 'notify_open_failed_title' }), body: texts(refusal) };
}

export interface QuickLookupOptions {
  settings: SettingsStore;
  lookups: LookupUseCase;
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
    if (text.trim() === '') throw new UserError({ code: 'clipboard_empty' });
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
      answer = quickLookupRefusal({ code: 'internal' }, this.#options.settings.get().language);
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
      answer = quickLookupRefusal(error instanceof UserError ? error.refusal : error.failure.message, language);
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
        const refusal: AppMessage = error instanceof UserError ? error.refusal : { code: 'chat_not_opened' };
        const show = (): void => window.present({ view: 'lookup', message: refusal });
        notify(openFailedNotice(refusal, settings.get().language), show, show);
      });
    };
    notify({ title: answer.title, body: answer.body }, onClick, showInWindow);
  }

  #logFailure(what: string, error: unknown): void {
    this.#options.log(`${what} failed: ${error instanceof Error ? error.name : 'error'}`);
  }
}
