/**
 * What the tray, the global hotkeys, a second launch and the window's "open"/"copy" buttons do, over ports the shell
 * fills with Electron's clipboard, notifications, `shell.openExternal` and the window. The clipboard is read here,
 * in the main process, and only when the person asked (a hotkey, a menu item); only its text.
 */
import { BitrixError } from '../bitrix/errors.ts';
import type { EmitEvent, Services } from '../ipc/handlers.ts';
import { MAX_TEXT_LENGTH } from '../lookup/limits.ts';
import { parseEntityReferences } from '../references/parse-reference.ts';
import { maskSecrets } from '../references/secrets.ts';
import { UserError } from '../user-error.ts';
import type { LaunchRequest } from './command-line.ts';
import { type ChatOpener, chatLinkToOpen } from './link-policy.ts';
import { openFailedNotice, type QuickLookupAnswer, quickLookupAnswer, quickLookupRefusal, type WindowRequest, type WindowView } from './quick-lookup.ts';

export interface DesktopPorts {
  /** Electron 45's clipboard is asynchronous (modelled on navigator.clipboard). */
  clipboard: { readText(): Promise<string> | string; writeText(text: string): Promise<void> | void };
  /**
   * Shows a system notification; `onClick` runs when the person clicks it, `onFailed` when none can be shown (an
   * unsigned macOS build, Windows without the installer's shortcut, Linux without a notification service).
   */
  notify(notification: { title: string; body: string }, onClick: () => void, onFailed: () => void): void;
  /** Hands a link to the OS (the shell's `shell.openExternal`); only links isOpenableLink accepts reach it. */
  openExternal(url: string): Promise<void>;
  /** Shows the lookup window next to the tray (creating it when needed) and focuses it. */
  showWindow(): void;
  hideWindow(): void;
  /** Whether the window is on screen (the window's own open and copy calls are taken only then). */
  windowShown(): boolean;
}

type ActionServices = Pick<Services, 'settings' | 'profiles' | 'lookups'>;

/** The desktop's actions, with the window request waiting for the window to take it. */
export class DesktopActions {
  readonly #services: ActionServices;
  readonly #ports: DesktopPorts;
  readonly #emit: EmitEvent;
  readonly #allowLocalPortals: boolean;
  #pending: WindowRequest | null = null;
  #lookingUp = false;

  constructor({ services, ports, emit, allowLocalPortals }: { services: ActionServices; ports: DesktopPorts; emit: EmitEvent; allowLocalPortals: boolean }) {
    this.#services = services;
    this.#ports = ports;
    this.#emit = emit;
    this.#allowLocalPortals = allowLocalPortals;
  }

  /** Shows the window on a screen, with text for its lookup box; a window that is still loading takes it when ready. */
  present(request: WindowRequest): void {
    this.#pending = request;
    this.#ports.showWindow();
    this.#emit('windowRequest', undefined);
  }

  /** The request the window was opened for, once; null when there is none. */
  takeWindowRequest(): WindowRequest | null {
    const request = this.#pending;
    this.#pending = null;
    return request;
  }

  /**
   * The "open" hotkey: the window, with the CRM references the clipboard holds in the box. Only what reads as a
   * reference goes to the window, one per line: not the rest of what was copied (a password, a token beside it).
   */
  async openWindowWithClipboard(): Promise<void> {
    const text = await this.#ports.clipboard.readText();
    const references =
      text.length > MAX_TEXT_LENGTH ? [] : parseEntityReferences(text, { defaultType: this.#services.settings.get().defaultType });
    const found = references.flatMap((reference) => (reference.ok ? [reference.input] : []));
    this.present(found.length > 0 ? { view: 'lookup', text: maskSecrets(found.join('\n')) } : { view: 'lookup' });
  }

  /**
   * The "look up the clipboard" hotkey and menu item: looks the copied text up at once, copies the chat id, and says
   * what was found in a notification whose click opens the chat. Answers what it showed.
   */
  async lookUpClipboard(): Promise<QuickLookupAnswer | null> {
    // A held hotkey repeats: one lookup at a time, the presses during it dropped.
    if (this.#lookingUp) return null;
    this.#lookingUp = true;
    let answer: QuickLookupAnswer;
    try {
      answer = await this.#lookUpAndCopy();
    } finally {
      this.#lookingUp = false;
    }
    this.#notify(answer);
    return answer;
  }

  /** Reads the clipboard, looks it up, and copies the chat id: the answer to tell. */
  async #lookUpAndCopy(): Promise<QuickLookupAnswer> {
    const { language } = this.#services.settings.get();
    let answer: QuickLookupAnswer;
    try {
      const text = await this.#ports.clipboard.readText();
      if (text.trim() === '') throw new UserError('empty', 'The clipboard holds no text. Copy a CRM reference such as LEAD|13 or a deal link first.');
      answer = quickLookupAnswer(await this.#services.lookups.lookup(text), language);
    } catch (error) {
      if (!(error instanceof UserError) && !(error instanceof BitrixError)) throw error;
      answer = quickLookupRefusal({ code: error.code, message: maskSecrets(error.message) }, language);
    }
    if (answer.copy !== null) await this.#ports.clipboard.writeText(answer.copy);
    return answer;
  }

  #notify(answer: QuickLookupAnswer): void {
    const { click } = answer;
    this.#ports.notify(
      { title: answer.title, body: answer.body },
      () => {
        if (click.kind === 'window') this.present(click.request);
        else void this.openChat({ portal: click.portal, chatId: click.chatId }).catch((error: unknown) => this.#tell(error));
      },
      // No notification: the answer is not lost, the window shows it (a result at the top of the history).
      () => this.present(click.kind === 'window' ? click.request : { view: 'history' }),
    );
  }

  /**
   * Opens a chat in the browser or the Bitrix24 app (the person's choice unless `opener` says), on a connected portal
   * only: a chat link of any other site, pasted or copied, is not opened by the app. Answers the link.
   */
  async openChat({ portal, chatId, opener }: { portal: string; chatId: number; opener?: ChatOpener | undefined }): Promise<string> {
    const chosen = opener ?? this.#services.settings.get().openChatIn;
    const { profiles } = this.#services;
    const link = chatLinkToOpen(
      { portal, chatId, opener: chosen },
      { isKnownPortal: (origin) => profiles.forPortal(origin) !== undefined, allowLocalPortals: this.#allowLocalPortals },
    );
    try {
      await this.#ports.openExternal(link);
    } catch {
      throw new UserError(
        'open_failed',
        chosen === 'desktop'
          ? 'The Bitrix24 desktop app did not open the chat: is it installed? Open the chat in the browser instead.'
          : 'The system could not open the chat in a browser. Copy the chat ID instead.',
      );
    }
    return link;
  }

  /**
   * Refuses a call the window makes while it is not on screen: opening a chat and copying a chat id answer a click
   * in the window, so a hidden page that went wrong cannot open tabs or overwrite the clipboard behind the person.
   */
  requireShownWindow(): void {
    if (!this.#ports.windowShown()) throw new UserError('window_hidden', 'The window is hidden; open it and try again.');
  }

  /** Puts a chat id on the clipboard. */
  async copyChatId(chatId: number): Promise<string> {
    const text = String(chatId);
    await this.#ports.clipboard.writeText(text);
    return text;
  }

  /** A launch of the app (the first, or a second one passed on): look up what it names, or just show the window. */
  handleLaunch(request: LaunchRequest): void {
    if (request.reference !== null) this.present({ view: 'lookup', text: maskSecrets(request.reference), run: true });
    else if (!request.atLogin) this.present({ view: 'lookup' });
  }

  /** Shows a screen of the window (the tray's "History…" and "Settings…"). */
  openWindow(view: WindowView): void {
    this.present({ view });
  }

  hideWindow(): void {
    this.#ports.hideWindow();
  }

  /** A chat the notification's click could not open: said in another notification, since the window is not up. */
  #tell(error: unknown): void {
    const message = error instanceof UserError ? error.message : 'The chat could not be opened.';
    const show = (): void => this.present({ view: 'lookup' });
    this.#ports.notify(openFailedNotice(message, this.#services.settings.get().language), show, show);
  }
}
