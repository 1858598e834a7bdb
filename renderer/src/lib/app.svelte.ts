/**
 * The window's shared state: which screen is up, the settings and portals as the main process last sent them, and
 * the lookup on the Lookup screen (History re-runs one there too). Screens read it and call the actions here; only
 * the main process's answers and events change it.
 */
import type {
  AppInfo,
  DesktopApi,
  InvokeName,
  IpcError,
  IpcResult,
  LookupView,
  ProfilesView,
  RequestOf,
  ResponseOf,
  SettingsView,
} from '../../../electron/core/ipc/contract.ts';
import type { AppMessage } from '../../../electron/common/messages/index.ts';

import { completeCatalog, say as sayMessage } from './i18n.svelte.ts';
import { announcement } from './lookup-text.ts';

export type Screen = 'lookup' | 'history' | 'settings';

/** How the last action on a result went (chat-actions.svelte.ts): shown under the result, and read out. */
export const feedback = $state<{ text: string; failed: boolean }>({ text: '', failed: false });

/** Forgets what the last action said (it belonged to the answer it was done on). */
export function clearFeedback(): void {
  feedback.text = '';
  feedback.failed = false;
}

/** How long the live region stays empty before a sentence, so the same sentence twice is read twice. */
const ANNOUNCE_GAP_MS = 30;

/** One call of the desktop API, answered as data even when the bridge itself fails (the page outlived the app). */
export async function call<K extends InvokeName>(
  api: DesktopApi,
  name: K,
  ...request: RequestOf<K> extends undefined ? [] : [RequestOf<K>]
): Promise<IpcResult<ResponseOf<K>>> {
  try {
    const method = api[name] as (request?: unknown) => Promise<IpcResult<ResponseOf<K>>>;
    return await method(request[0]);
  } catch {
    return { ok: false, error: { code: 'no_answer' } };
  }
}

export interface LookupState {
  /** What is in the lookup box. */
  text: string;
  /** A lookup on its way (the box stays usable; the result area shows it is busy). */
  busy: boolean;
  /** The last answer, shown until the next one. */
  view: LookupView | null;
  /** Why the last lookup has no answer at all (no portal, too many references, the app did not answer). */
  error: IpcError | null;
  /** The box's text the shown answer is for: the result's shortcuts act only while the box still says that. */
  answered: string | null;
}

class AppState {
  screen = $state<Screen>('lookup');
  settings = $state.raw<SettingsView | undefined>();
  profiles = $state.raw<ProfilesView | undefined>();
  lookup = $state<LookupState>({ text: '', busy: false, view: null, error: null, answered: null });
  /** What the Lookup screen's live region reads out: set where an answer or a message arrives, once each. */
  spoken = $state('');
  /**
   * A message for the lookup screen that is no lookup (the clipboard held nothing to look up), kept as the main
   * process sent it: the screen says it in the current language, so it appears even if its sentence arrives later.
   */
  message = $state.raw<AppMessage | null>(null);
  /** The app's name, version and OS, as the main process answered appInfo (Settings' About section shows them). */
  info = $state.raw<AppInfo | undefined>();
  /** A section the window was asked to bring into view (the tray's update item asks for Settings' About), until it has. */
  section = $state<'about' | null>(null);
  #api: DesktopApi | undefined;
  #asked = 0;
  #speaking: ReturnType<typeof setTimeout> | undefined;

  get api(): DesktopApi | undefined {
    return this.#api;
  }

  connect(api: DesktopApi | undefined): void {
    this.#api = api;
  }

  /** The OS the app runs on (`darwin`, `win32`, `linux`; Linux until appInfo answers): shortcuts show ⌘ on a Mac and Ctrl elsewhere. */
  get platform(): string {
    return this.info?.platform ?? 'linux';
  }

  /** Whether the primary shortcut modifier is Command (macOS) rather than Control. */
  get isMac(): boolean {
    return this.platform === 'darwin';
  }

  go(screen: Screen): void {
    // An answer is read out once: not again when the Lookup screen mounts on a later visit.
    if (screen !== this.screen) this.#speak(() => '');
    this.screen = screen;
  }

  /** Each sentence asked to be read out: a later one replaces one still waiting for its catalog. */
  #spoke = 0;

  /**
   * Puts a sentence in the live region, emptied first so the same sentence twice is read twice. The sentence is made
   * once the language's whole catalog is here (a message of its second part would otherwise be read as nothing).
   */
  #speak(text: () => string): void {
    clearTimeout(this.#speaking);
    this.spoken = '';
    const spoke = ++this.#spoke;
    void completeCatalog().then(() => {
      const sentence = text();
      if (spoke === this.#spoke && sentence !== '') this.#speaking = setTimeout(() => (this.spoken = sentence), ANNOUNCE_GAP_MS);
    });
  }

  /** Shows an answer that is already there (the clipboard hotkey's), in place of anything asked before. */
  show(view: LookupView, text = this.lookup.text): void {
    this.#asked += 1;
    this.#answer(view, null, text);
  }

  /** Shows a message instead of a lookup (why the clipboard hotkey looked nothing up), in place of anything asked. */
  say(message: AppMessage): void {
    this.clear();
    this.message = message;
    this.#speak(() => sayMessage(message));
  }

  /** Forgets the answer on screen (its sentences are in a language no longer chosen, or the box was refilled). */
  clear(): void {
    this.#asked += 1;
    this.lookup.busy = false;
    this.lookup.view = null;
    this.lookup.error = null;
    this.lookup.answered = null;
    this.message = null;
  }

  /** Looks up what is in the box (or `text`) on the active portal. */
  async lookUp(text = this.lookup.text): Promise<void> {
    const api = this.#api;
    if (!api) return;
    this.lookup.text = text;
    this.message = null;
    await this.#ask(() => call(api, 'lookup', { text }));
  }

  /** Runs a history entry again and shows it on the Lookup screen. */
  async rerun(id: string, input: string): Promise<void> {
    const api = this.#api;
    if (!api) return;
    this.screen = 'lookup';
    this.lookup.text = input;
    await this.#ask(() => call(api, 'historyRerun', { id }));
  }

  /** One lookup on its way; only the latest one asked is shown (Enter pressed twice shows the second answer). */
  async #ask(ask: () => Promise<IpcResult<LookupView>>): Promise<void> {
    const asked = ++this.#asked;
    const text = this.lookup.text;
    this.lookup.busy = true;
    const result = await ask();
    if (asked !== this.#asked) return;
    this.#answer(result.ok ? result.value : null, result.ok ? null : result.error, text);
  }

  #answer(view: LookupView | null, error: IpcError | null, text: string): void {
    this.lookup.busy = false;
    this.lookup.view = view;
    this.lookup.error = error;
    this.message = null;
    // A webhook pasted into the box does not stay on screen: the box takes the inputs as answered, secret masked.
    const webhook = view?.results.some((result) => result.status === 'invalid' && result.error.code === 'webhook_address');
    this.lookup.answered = webhook && view ? (this.lookup.text = view.results.map((result) => result.input).join('\n')) : text;
    // What an action said belonged to the answer before.
    clearFeedback();
    this.#speak(() => (error ? sayMessage(error) : view ? announcement(view) : ''));
  }
}

export const app = new AppState();
