/**
 * The two global hotkeys: registered from the settings, re-registered when they change, and each one's state kept
 * for the settings screen, so a hotkey another app already holds is shown there rather than silently doing nothing.
 */
import type { HotkeyMessage } from '../../common/messages/hotkeys.ts';
import type { Settings } from '../state/settings.ts';
import { modifiersOf, sameChord } from '../../common/hotkeys/accelerator.ts';

export type HotkeyName = keyof Settings['hotkeys'];
export const HOTKEY_NAMES: readonly HotkeyName[] = ['openWindow', 'lookupClipboard'];

/** Electron's `globalShortcut`, as the registry needs it. */
export interface GlobalShortcutPort {
  /** False when the OS refused: another app holds the keys, or the system reserves them. */
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

export interface HotkeyState {
  accelerator: string | null;
  /** `off`: no hotkey set; `active`: registered; `unavailable`: the OS refused it, `message` says why and what to do. */
  status: 'off' | 'active' | 'unavailable';
  /** Its accelerator is its `hotkey` parameter, for the window to write the platform's way. */
  message: HotkeyMessage | null;
}

export interface HotkeysView {
  openWindow: HotkeyState;
  lookupClipboard: HotkeyState;
  /** What hotkeys cannot do on this desktop (Wayland), or null. */
  limitation: HotkeyMessage | null;
}

/** Why a hotkey cannot work on this system at all, before asking the OS; null when it can. */
export function hotkeyProblemOn(accelerator: string, platform: string): HotkeyMessage | null {
  const modifiers = modifiersOf(accelerator);
  const params = { hotkey: accelerator };
  if (platform !== 'darwin' && modifiers.includes('Command')) return { code: 'hotkey_command_not_mac', params };
  if (platform === 'darwin' && modifiers.includes('AltGr')) return { code: 'hotkey_altgr_mac', params };
  // Chromium's X11 hotkey grab knows only Control, Alt and Shift: a chord with Super would be taken without it.
  if (platform === 'linux' && (modifiers.includes('Super') || modifiers.includes('Meta'))) return { code: 'hotkey_super_linux', params };
  return null;
}

/** Whether the app runs in a Linux Wayland session (Electron 38 and later run there as a native Wayland app). */
export function isWaylandSession(platform: string, env: Readonly<Record<string, string | undefined>>): boolean {
  return platform === 'linux' && (env.XDG_SESSION_TYPE === 'wayland' || (env.WAYLAND_DISPLAY !== undefined && env.WAYLAND_DISPLAY !== ''));
}

/**
 * What global hotkeys cannot do on this desktop. X11, Windows and macOS deliver them to any app; a Wayland session
 * delivers them only through the desktop's GlobalShortcuts portal (KDE Plasma, GNOME 48 and later), where the desktop
 * asks the person to confirm, and not at all elsewhere.
 */
export function hotkeyLimitation(platform: string, env: Readonly<Record<string, string | undefined>>): HotkeyMessage | null {
  return isWaylandSession(platform, env) ? { code: 'hotkeys_wayland' } : null;
}

const OFF: HotkeyState = { accelerator: null, status: 'off', message: null };
const eachHotkey = <T>(make: (name: HotkeyName) => T): Record<HotkeyName, T> =>
  Object.fromEntries(HOTKEY_NAMES.map((name) => [name, make(name)])) as Record<HotkeyName, T>;

/** The registered hotkeys and their states. */
export class HotkeyRegistry {
  readonly #port: GlobalShortcutPort;
  readonly #platform: string;
  readonly #limitation: HotkeyMessage | null;
  readonly #actions: Record<HotkeyName, () => void>;
  #states: Record<HotkeyName, HotkeyState> = eachHotkey(() => OFF);
  /** Per accelerator, its latest registration: an earlier one's callback, still held by the OS, does nothing. */
  readonly #latest = new Map<string, object>();

  constructor(options: { port: GlobalShortcutPort; platform: string; limitation: HotkeyMessage | null; actions: Record<HotkeyName, () => void> }) {
    this.#port = options.port;
    this.#platform = options.platform;
    this.#limitation = options.limitation;
    this.#actions = options.actions;
  }

  /** Registers the hotkeys the settings name, after letting go of the ones registered before. */
  apply(hotkeys: Settings['hotkeys']): void {
    for (const { accelerator, status } of Object.values(this.#states)) {
      if (accelerator === null || status !== 'active') continue;
      try {
        this.#port.unregister(accelerator);
      } catch {
        // Nothing to do about it: the OS keeps the keys until the app quits.
      }
    }
    const taken: string[] = [];
    this.#states = eachHotkey((name) => {
      const accelerator = hotkeys[name];
      // Two hotkeys on the same keys (a settings file from before the store refused that): the first one gets them.
      if (accelerator !== null && taken.some((other) => sameChord(other, accelerator))) {
        return { accelerator, status: 'unavailable', message: { code: 'hotkey_duplicate', params: { hotkey: accelerator } } };
      }
      const state = this.#register(accelerator);
      if (state.status === 'active' && accelerator !== null) taken.push(accelerator);
      return state;
    });
  }

  /** Lets go of every hotkey (at quit, so the keys return to other apps at once). */
  releaseAll(): void {
    this.apply(eachHotkey(() => null));
  }

  /** Whether a hotkey is set but not working (the OS refused it). */
  anyUnavailable(): boolean {
    return Object.values(this.#states).some((state) => state.status === 'unavailable');
  }

  view(): HotkeysView {
    return { ...eachHotkey((name) => ({ ...this.#states[name] })), limitation: this.#limitation };
  }

  /**
   * What a press of these keys does now: the action of the hotkey set to them, or nothing. Each registration's
   * callback asks this rather than keeping its own action, because on a Wayland session (Electron's GlobalShortcuts
   * portal path) `unregister` lets go of nothing: the keys of a hotkey changed since would otherwise keep firing
   * their old action, and keys registered twice would fire twice.
   */
  #pressed(accelerator: string): void {
    const name = HOTKEY_NAMES.find((each) => {
      const state = this.#states[each];
      return state.status === 'active' && state.accelerator !== null && sameChord(state.accelerator, accelerator);
    });
    if (name !== undefined) this.#actions[name]();
  }

  #register(accelerator: string | null): HotkeyState {
    if (accelerator === null) return OFF;
    const problem = hotkeyProblemOn(accelerator, this.#platform);
    if (problem !== null) return { accelerator, status: 'unavailable', message: problem };
    let registered: boolean;
    const registration = {};
    this.#latest.set(accelerator, registration);
    try {
      registered = this.#port.register(accelerator, () => {
        if (this.#latest.get(accelerator) === registration) this.#pressed(accelerator);
      });
    } catch {
      // Electron throws for an accelerator it cannot parse; the settings store only keeps ones it can.
      registered = false;
    }
    return registered
      ? { accelerator, status: 'active', message: null }
      : { accelerator, status: 'unavailable', message: { code: 'hotkey_taken', params: { hotkey: accelerator } } };
  }
}
