import { app, BrowserWindow, nativeTheme, type Rectangle, screen, type Session } from 'electron';
import { type PlacementInput, placeWindowNearTray } from '../core/window/window-placement.ts';
import { PopupToggle } from '../core/window/popup-toggle.ts';

/** Where the window's page comes from: the built file in the app, or Vite's dev server during `npm run dev`. */
export type RendererSource = { kind: 'file'; path: string } | { kind: 'url'; url: string };

export interface LookupWindowOptions {
  preloadPath: string;
  renderer: RendererSource;
  /** The window's own session, locked down by hardening.ts. */
  session: Session;
}

const WINDOW_SIZE = { width: 440, height: 520 };
/** If the page has not drawn by then (it failed to load, its renderer crashed), the window is shown anyway. */
const REVEAL_FALLBACK_MS = 3_000;
/** Renderer ends a reload cannot mend. */
const UNRECOVERABLE: ReadonlySet<string> = new Set(['launch-failed', 'integrity-failure']);
/** Reloads after a renderer ended, over the app's run: a page that keeps dying is left dead rather than looped. */
const MAX_RELOADS = 3;
/** How long to wait for the window to get the focus before reading the clipboard on Wayland. */
const FOCUS_WAIT_MS = 1_000;

/**
 * The quick-lookup window: frameless, always on top, in no taskbar, shown next to the tray and hidden when it loses
 * focus (the show/hide decisions are the core's PopupToggle; the position is the core's placeWindowNearTray). The
 * page runs sandboxed and isolated with no Node; navigation, new windows and permissions are refused app-wide.
 */
export class LookupWindow {
  readonly toggle = new PopupToggle(undefined, { platform: process.platform });
  readonly #options: LookupWindowOptions;
  #window: BrowserWindow | undefined;
  /** Asked to show while its page was still loading: shown once it has drawn (or REVEAL_FALLBACK_MS passed). */
  #revealPending = false;
  /** Its page has drawn (`ready-to-show`), or will never: a show puts it on screen at once. */
  #drawn = false;
  /** The tray's bounds from its last click: Windows and macOS give them with each click, Linux never (zeros). */
  #trayBounds: Rectangle | undefined;
  /** Asks the tray where it is, for a window opened by a hotkey before any click. */
  #traySource: (() => Rectangle) | undefined;
  /** How many times the page was loaded again after its renderer ended. */
  #reloads = 0;
  /** What must be done before Windows ends the session (see whenSessionEnds). */
  #sessionEnds: (() => void) | undefined;

  constructor(options: LookupWindowOptions) {
    this.#options = options;
  }

  /** The window, when it exists (for IPC events and dialogs). */
  current(): BrowserWindow | undefined {
    return this.#window && !this.#window.isDestroyed() ? this.#window : undefined;
  }

  /** Where to ask for the tray icon's bounds when no click has told them yet. */
  useTrayBounds(source: () => Rectangle): void {
    this.#traySource = source;
  }

  /**
   * Runs `callback` when Windows ends the session (shutdown, restart, log-off): the app's quit events are not emitted
   * then ("On Windows, this event will not be emitted if the app is closed due to a shutdown/restart of the system or
   * a user logout", electron.d.ts App 'before-quit'/'will-quit'), but the window's `session-end` is (win32 only).
   */
  whenSessionEnds(callback: () => void): void {
    this.#sessionEnds = callback;
  }

  /** The tray icon was clicked (with its bounds where the OS gives them). */
  trayClicked(bounds: Rectangle | undefined): void {
    if (bounds && bounds.width > 0) this.#trayBounds = bounds;
    const window = this.current();
    const action = this.toggle.onTrayClick(window?.isVisible() ?? false);
    if (action === 'show') this.show();
    if (action === 'hide') this.hide();
  }

  /**
   * Makes the window now, hidden, and loads its page (menubar's `preloadWindow`): the app calls it as soon as its tray
   * is up, so that every show, the first one too, is a move and a focus, never a page load.
   */
  preload(): void {
    if (!this.current()) this.#create();
  }

  /** Shows the window next to the tray and focuses it; a page still loading is shown once it has drawn. */
  show(): void {
    const window = this.current() ?? this.#create();
    if (!this.#drawn) {
      this.#revealPending = true;
      return;
    }
    this.#reveal(window);
  }

  /**
   * Hides the window. On macOS the app is hidden too: a hidden window leaves the app active with no key window, and
   * the focus would not go back to the app the person came from (electron/electron#6669).
   */
  hide(): void {
    this.#revealPending = false;
    const window = this.current();
    if (!window?.isVisible()) return;
    window.hide();
    if (process.platform === 'darwin') app.hide();
  }

  /** Whether the window is on screen. */
  isShown(): boolean {
    return this.current()?.isVisible() ?? false;
  }

  /**
   * Whether the window's page has loaded, and so hears events: it subscribes as it mounts, which its module script
   * does before the load ends. A page still loading (or a window not made yet) takes its request once ready.
   */
  pageListening(): boolean {
    const contents = this.current()?.webContents;
    return contents !== undefined && !contents.isLoading() && !contents.isCrashed();
  }

  /**
   * Shows the window and waits until it has the focus (or a second passes). Wayland lets only the focused app read
   * or write the clipboard: an app in the background reads a stale copy and its writes are dropped.
   */
  async focused(): Promise<void> {
    this.show();
    const window = this.current();
    if (!window || window.isFocused()) return;
    await new Promise<void>((done) => {
      const onFocus = (): void => {
        clearTimeout(timer);
        done();
      };
      const timer = setTimeout(() => {
        window.removeListener('focus', onFocus);
        done();
      }, FOCUS_WAIT_MS);
      window.once('focus', onFocus);
    });
  }

  #reveal(window: BrowserWindow): void {
    const bounds = placeWindowNearTray(this.#placementInput());
    window.setBounds(bounds);
    this.toggle.onShown();
    window.show();
    // Again once shown: a hidden window converts the bounds with its old display's scale, and on Windows with
    // monitors at different scales the first show would be the wrong size or place (electron/electron#16444).
    window.setBounds(bounds);
    window.focus();
  }

  #placementInput(): PlacementInput {
    return {
      size: WINDOW_SIZE,
      // The click's bounds first: getBounds can be stale after a display change (electron/electron#30673).
      trayBounds: this.#trayBounds ?? this.#traySource?.(),
      // Linux gives no tray bounds; the pointer is where the person clicked the tray or pressed the hotkey. (On a
      // native Wayland session the compositor places windows itself and ignores this: electron/electron#40886.)
      cursor: screen.getCursorScreenPoint(),
      displays: screen.getAllDisplays().map(({ bounds, workArea }) => ({ bounds, workArea })),
    };
  }

  #create(): BrowserWindow {
    const { preloadPath, session } = this.#options;
    const window = new BrowserWindow({
      ...WINDOW_SIZE,
      show: false,
      frame: false,
      resizable: false,
      movable: true,
      minimizable: false,
      maximizable: false,
      fullscreenable: false,
      alwaysOnTop: true,
      // No taskbar button on Windows and macOS. Linux has no such setting since Electron 21 (electron/electron#35123):
      // an X11 panel may show the window's button while it is up.
      skipTaskbar: true,
      title: 'B24 Chat Lookup',
      // The page's own background, so a dark theme does not flash white while it loads.
      backgroundColor: nativeTheme.shouldUseDarkColors ? '#1c1f24' : '#ffffff',
      webPreferences: {
        preload: preloadPath,
        session,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInSubFrames: false,
        nodeIntegrationInWorker: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        // A middle click on a link would ask for a new window (refused anyway by hardening.ts); without the feature
        // the page never asks.
        disableBlinkFeatures: 'Auxclick',
        spellcheck: false,
        // DevTools are for development; a packaged app does not open them.
        devTools: !app.isPackaged,
      },
    });
    if (process.platform === 'darwin') {
      // Over full-screen apps and on every Space, without the Dock icon coming back (electron/electron#37832).
      window.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true, skipTransformProcessType: true });
    }
    window.on('session-end', () => this.#sessionEnds?.());
    window.on('blur', () => {
      // A window that Esc already hid loses the focus too; that is not a blur-hide, so a tray click right after
      // opens it again.
      if (!window.isVisible() || window.webContents.isDevToolsOpened()) return;
      if (this.toggle.onBlur()) window.hide();
    });
    // A show asked for while the page loads waits until it has drawn, so the window never flashes empty; but it is
    // shown all the same if the page never draws.
    this.#drawn = false;
    const drawn = (): void => {
      clearTimeout(fallback);
      this.#drawn = true;
      if (!this.#revealPending || window.isDestroyed()) return;
      this.#revealPending = false;
      this.#reveal(window);
    };
    const fallback = setTimeout(drawn, REVEAL_FALLBACK_MS);
    window.once('ready-to-show', drawn);
    window.webContents.once('did-fail-load', (_event, code, description, _url, isMainFrame) => {
      if (!isMainFrame) return;
      console.log(`The lookup window's page did not load (${code} ${description}).`);
      drawn();
    });
    // The window lives as long as the app: a page whose renderer is gone is loaded again, or every later show would
    // put a dead page on screen. Not when the renderer could not start at all (`launch-failed`, `integrity-failure`,
    // docs/api/structures/render-process-gone-details.md), which a reload would only meet again, and a few times at most.
    window.webContents.on('render-process-gone', (_event, details) => {
      const again = !UNRECOVERABLE.has(details.reason) && this.#reloads < MAX_RELOADS && !window.isDestroyed();
      console.log(`The lookup window's page stopped (${details.reason})${again ? '; loading it again' : ''}.`);
      if (!again) return;
      this.#reloads += 1;
      this.#load(window);
    });
    this.#load(window);
    this.#window = window;
    return window;
  }

  #load(window: BrowserWindow): void {
    const { renderer } = this.#options;
    const loading = renderer.kind === 'url' ? window.loadURL(renderer.url) : window.loadFile(renderer.path);
    loading.catch(() => undefined); // did-fail-load has said why.
  }
}
