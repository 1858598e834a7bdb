/**
 * When the quick-lookup window shows and hides. It hides when it loses focus, like a menu, with two exceptions every
 * tray app meets (gitify-app/electron-menubar handles both the same way):
 * - Clicking the tray icon to close the window takes its focus first, so it hides on blur and the click that
 *   follows would show it again at once (flicker). A tray click within TRAY_CLICK_AFTER_BLUR_MS of a blur-hide is
 *   that same gesture and leaves the window hidden.
 * - On Windows a tray click leaves the taskbar in the foreground, so the window shown by it is blurred right away
 *   and would never appear (gitify-app/gitify#3064). There, and only there, a blur within BLUR_AFTER_SHOW_MS of
 *   showing is ignored: elsewhere the person who clicks away at once means it.
 */

/** How soon after a blur-hide a tray click counts as the same gesture (a click is well under this on every OS). */
export const TRAY_CLICK_AFTER_BLUR_MS = 300;
/** How long after showing the window a blur is the OS settling focus, not the person leaving. */
export const BLUR_AFTER_SHOW_MS = 400;

export type TrayClickAction = 'show' | 'hide' | 'none';

/** The window's show/hide decisions; the shell does what they say. */
export class PopupToggle {
  readonly #now: () => number;
  readonly #blurGraceMs: number;
  #hiddenByBlurAt = Number.NEGATIVE_INFINITY;
  #shownAt = Number.NEGATIVE_INFINITY;
  #holds = 0;

  /**
   * `now` is a monotonic clock: a system clock set back an hour would otherwise ignore tray clicks for that hour.
   * `platform`: the system the app runs on (the shell's process.platform); the grace after showing is Windows' (see above).
   */
  constructor(now: () => number = () => performance.now(), { platform }: { platform?: NodeJS.Platform } = {}) {
    this.#now = now;
    this.#blurGraceMs = platform === 'win32' ? BLUR_AFTER_SHOW_MS : 0;
  }

  /** The window was just shown. */
  onShown(): void {
    this.#shownAt = this.#now();
  }

  /** The window lost focus: whether to hide it (not while a dialog it opened, such as the save dialog, is up). */
  onBlur(): boolean {
    if (this.#holds > 0 || this.#now() - this.#shownAt < this.#blurGraceMs) return false;
    this.#hiddenByBlurAt = this.#now();
    return true;
  }

  /** The tray icon was clicked: hide a shown window, show a hidden one, unless the click is what just hid it. */
  onTrayClick(windowVisible: boolean): TrayClickAction {
    if (windowVisible) return 'hide';
    return this.#now() - this.#hiddenByBlurAt < TRAY_CLICK_AFTER_BLUR_MS ? 'none' : 'show';
  }

  /** Keeps the window up while focus is elsewhere on its behalf; call the returned function when that ends. */
  holdOpen(): () => void {
    this.#holds += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#holds -= 1;
    };
  }
}
