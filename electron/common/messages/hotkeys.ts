/**
 * The messages about the global hotkeys' states and refusals: each code with the parameters its sentence needs. The code is the key of its
 * sentence in every catalog (electron/common/locales/<language>/messages.json).
 *
 * Every accelerator is a parameter in Electron's spelling (`hotkey`, `example`, `first`, `second`: "CommandOrControl+Alt+B"),
 * never part of a sentence, so the window can write it the way the platform does ("Ctrl+Alt+B", "⌥⌘B").
 */
import type { MessageOf } from './message-of.ts';

/** The keys as typed, and the hotkey to suggest instead. */
type Typed = { hotkey: string; example: string };

export interface HotkeyMessages {
  hotkey_empty: { example: string };
  hotkey_too_long: { example: string };
  hotkey_empty_part: Typed;
  hotkey_modifier_twice: { hotkey: string; modifier: string };
  hotkey_modifiers_first: Typed;
  /** `key`: the part that is not a key. */
  hotkey_unknown_key: { key: string };
  hotkey_no_key: { hotkey: string };
  hotkey_keys: { hotkey: string; count: number };
  hotkey_modifier_aliases: { hotkey: string };
  hotkey_typing: Typed;
  hotkey_system_shortcut: Typed;
  hotkey_window_shortcut: Typed;
  /** Both hotkeys set to the same keys. */
  hotkeys_same_keys: { first: string; second: string };
  hotkey_command_not_mac: { hotkey: string };
  hotkey_altgr_mac: { hotkey: string };
  hotkey_super_linux: { hotkey: string };
  /** The OS refused it: another app holds it, or the system keeps it. */
  hotkey_taken: { hotkey: string };
  /** A settings file from before the store refused two hotkeys on the same keys. */
  hotkey_duplicate: { hotkey: string };
  /** What hotkeys cannot do in a Wayland session. */
  hotkeys_wayland: Record<string, never>;
}

export type HotkeyMessage = MessageOf<HotkeyMessages>;

/** The parameters of a hotkey message that are accelerators, for the window to respell. */
export const ACCELERATOR_PARAMS = ['hotkey', 'example', 'first', 'second'] as const;
