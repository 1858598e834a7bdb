/**
 * The lookup window as the core sees it: what it is asked to show (a screen, text for its box, an answer already
 * made), sent with the windowRequest event to a page that hears events, else kept until the window takes it, since a
 * window that is still loading cannot hear the event; and whether it is on screen, which the window's own open and
 * copy calls need.
 */
import type { LookupView } from '../lookup/lookup-use-case.ts';
import { maskSecrets } from '../../common/references/secrets.ts';
import type { AppMessage } from '../../common/messages/index.ts';
import { UserError } from '../user-error.ts';
import type { LaunchRequest } from '../launch/command-line.ts';

export type WindowView = 'lookup' | 'history' | 'settings';

/** What the window is asked to show when it opens. */
export interface WindowRequest {
  view: WindowView;
  /** Text for the lookup box. */
  text?: string;
  /** Look `text` up at once (a reference given on the command line). */
  run?: boolean;
  /** A lookup already made (by the clipboard hotkey), to show as it is. */
  answer?: LookupView;
  /** Why nothing was looked up, to show instead. */
  message?: AppMessage;
  /** A section of the screen to bring into view: Settings' About, where a new version is downloaded. */
  section?: 'about';
}

/** The shell's window, as the core needs it. */
export interface WindowPort {
  /** Shows the lookup window next to the tray (creating it when needed) and focuses it. */
  showWindow(): void;
  hideWindow(): void;
  /** Whether the window is on screen. */
  windowShown(): boolean;
  /** Whether the window's page has loaded, so it hears events (one still loading takes its request when ready). */
  pageListening(): boolean;
}

export class WindowControl {
  readonly #port: WindowPort;
  readonly #send: (request: WindowRequest) => void;
  #pending: WindowRequest | null = null;

  /** `send` gives a loaded page its request (the windowRequest event). */
  constructor(port: WindowPort, send: (request: WindowRequest) => void) {
    this.#port = port;
    this.#send = send;
  }

  /** Shows the window with a request for it; a window that is still loading takes it when ready. */
  present(request: WindowRequest): void {
    const listening = this.#port.pageListening();
    // Only the latest request counts: a loaded page gets it now, and nothing older is left for a later load to take.
    this.#pending = listening ? null : request;
    this.#port.showWindow();
    if (listening) this.#send(request);
  }

  /** Whether the window's page hears events now (notices go to it at once, else wait for it to take them). */
  get listening(): boolean {
    return this.#port.pageListening();
  }

  /**
   * Brings the window back to a screen when something the person started there has ended while it was hidden (a
   * sign-in in the browser takes the focus, and the window hides when it loses it). Nothing when it is on screen.
   */
  returnTo(view: WindowView): void {
    if (!this.#port.windowShown()) this.present({ view });
  }

  /** The request the window was opened for, once; null when there is none. */
  take(): WindowRequest | null {
    const request = this.#pending;
    this.#pending = null;
    return request;
  }

  hide(): void {
    this.#port.hideWindow();
  }

  /**
   * Refuses a call the window makes while it is not on screen: opening a chat, an entity's page or the releases page
   * and copying a chat id answer a click in the window, so a hidden page that went wrong cannot open tabs or
   * overwrite the clipboard behind the person.
   */
  requireShown(): void {
    if (!this.#port.windowShown()) throw new UserError({ code: 'window_hidden' });
  }

  /** A launch of the app (the first, or a second one passed on): look up what it names, or just show the window. */
  launch(request: LaunchRequest): void {
    // Command-line text is the person's own, but a webhook in it must not reach the page unmasked.
    if (request.reference !== null) this.present({ view: 'lookup', text: maskSecrets(request.reference), run: true });
    else if (!request.atLogin) this.present({ view: 'lookup' });
  }
}
