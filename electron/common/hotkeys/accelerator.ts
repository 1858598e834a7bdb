/**
 * Global hotkeys as Electron writes them ("CommandOrControl+Alt+B"): read from what a person types, checked, and
 * written back in one canonical spelling, so the settings file and `globalShortcut.register` always agree.
 * The grammar is Electron's accelerator syntax (https://www.electronjs.org/docs/latest/api/accelerator).
 */

import type { HotkeyMessage } from '../messages/hotkeys.ts';

// Canonical spelling and order of the modifiers.
const MODIFIERS: ReadonlyMap<string, string> = new Map([
  ['commandorcontrol', 'CommandOrControl'],
  ['cmdorctrl', 'CommandOrControl'],
  ['command', 'Command'],
  ['cmd', 'Command'],
  ['control', 'Control'],
  ['ctrl', 'Control'],
  ['alt', 'Alt'],
  ['option', 'Option'],
  ['altgr', 'AltGr'],
  ['shift', 'Shift'],
  ['super', 'Super'],
  ['meta', 'Meta'],
]);
const MODIFIER_ORDER = ['CommandOrControl', 'Command', 'Control', 'Alt', 'Option', 'AltGr', 'Shift', 'Super', 'Meta'];

const NAMED_KEYS: readonly string[] = [
  'Plus',
  'Space',
  'Tab',
  'Capslock',
  'Numlock',
  'Scrolllock',
  'Backspace',
  'Delete',
  'Insert',
  'Return',
  'Up',
  'Down',
  'Left',
  'Right',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'Escape',
  'VolumeUp',
  'VolumeDown',
  'VolumeMute',
  'MediaNextTrack',
  'MediaPreviousTrack',
  'MediaStop',
  'MediaPlayPause',
  'PrintScreen',
  'num0',
  'num1',
  'num2',
  'num3',
  'num4',
  'num5',
  'num6',
  'num7',
  'num8',
  'num9',
  'numdec',
  'numadd',
  'numsub',
  'nummult',
  'numdiv',
];
const KEYS: ReadonlyMap<string, string> = new Map([
  ...NAMED_KEYS.map((key) => [key.toLowerCase(), key] as const),
  ['enter', 'Return'],
  ['esc', 'Escape'],
  ...Array.from({ length: 24 }, (_, i) => [`f${i + 1}`, `F${i + 1}`] as const),
]);
const PUNCTUATION = new Set([...'~!@#$%^&*()_-=[]{}|\\;:\'",<.>/?`']);

/**
 * What each modifier is on each kind of system (Electron's accelerator docs): CommandOrControl is Command on macOS
 * and Control elsewhere; Option is Alt; Super and Meta are the Windows key, or Command on macOS.
 */
const PHYSICAL: Record<'mac' | 'other', Readonly<Record<string, string>>> = {
  mac: {
    CommandOrControl: 'Command',
    Command: 'Command',
    Super: 'Command',
    Meta: 'Command',
    Control: 'Control',
    Alt: 'Alt',
    Option: 'Alt',
    AltGr: 'AltGr',
    Shift: 'Shift',
  },
  other: {
    CommandOrControl: 'Control',
    Command: 'Command',
    Super: 'Super',
    Meta: 'Super',
    Control: 'Control',
    Alt: 'Alt',
    Option: 'Alt',
    AltGr: 'AltGr',
    Shift: 'Shift',
  },
};

function physicalChord(modifiers: readonly string[], key: string, system: 'mac' | 'other'): string {
  const held = new Set(modifiers.map((modifier) => PHYSICAL[system][modifier] ?? modifier));
  return [...held].sort().concat(key).join('+');
}

/** A canonical hotkey's modifiers and key (`CommandOrControl+Alt+B` → CommandOrControl, Alt; B). */
export function partsOf(canonical: string): { modifiers: string[]; key: string } {
  const parts = canonical.split('+');
  return { modifiers: parts.slice(0, -1), key: parts.at(-1) ?? '' };
}

/** Whether two canonical hotkeys press the same keys on macOS or on Windows and Linux. */
export function sameChord(a: string, b: string): boolean {
  const first = partsOf(a);
  const second = partsOf(b);
  return (['mac', 'other'] as const).some(
    (system) => physicalChord(first.modifiers, first.key, system) === physicalChord(second.modifiers, second.key, system),
  );
}

/** Keys that are safe to take over without a modifier: nothing types them. */
const STANDALONE = /^F(1[3-9]|2[0-4])$|^Media|^Volume/;

// The chords other programs or the system itself live by: taking one globally would break copy and paste, undo and
// redo, tab switching, screenshots, Spotlight or the Start menu in every other program, or (Option and a letter on a
// Mac, Alt and a letter in Windows menus) typing itself.
const COMMAND_MODIFIERS = new Set(['CommandOrControl', 'Control', 'Command', 'Super', 'Meta']);
const COMMAND_KEYS = /^(?:[A-Z0-9]|Plus|Space|Return|Escape|Tab|PageUp|PageDown|Left|Right|Up|Down|Home|End|Backspace|Delete)$/;
const COMMAND_SHIFT_KEYS = /^(?:[ZTNVS345]|Tab|PageUp|PageDown)$/;
const ALT_KEYS = /^(?:[A-Z0-9]|Plus|Space|Return|Escape|Tab|F4)$/;

/** Which kind of shortcut the system or other programs keep a chord for, or null. */
function systemShortcut(modifiers: readonly string[], key: string): 'hotkey_system_shortcut' | 'hotkey_window_shortcut' | null {
  const held = modifiers.filter((modifier) => modifier !== 'Shift');
  if (held.length !== 1) return null;
  const [only = ''] = held;
  const shift = modifiers.includes('Shift');
  const printable = PUNCTUATION.has(key);
  if (COMMAND_MODIFIERS.has(only) && (shift ? COMMAND_SHIFT_KEYS.test(key) : COMMAND_KEYS.test(key) || printable)) {
    return 'hotkey_system_shortcut';
  }
  if ((only === 'Alt' || only === 'Option') && (ALT_KEYS.test(key) || printable)) {
    return 'hotkey_window_shortcut';
  }
  return null;
}

/** A suggestion that is itself free: the same key with CommandOrControl+Alt, or the default hotkey's. */
const suggestionFor = (key: string): string => (/^[A-Z0-9]$|^F\d+$/.test(key) ? `CommandOrControl+Alt+${key}` : 'CommandOrControl+Alt+B');

/** The modifiers of a canonical hotkey (`CommandOrControl+Alt+B` → CommandOrControl, Alt). */
export function modifiersOf(canonical: string): string[] {
  return partsOf(canonical).modifiers;
}

export type AcceleratorResult = { ok: true; value: string } | { ok: false; refusal: HotkeyMessage };

/** Every way the reader refuses a hotkey (the settings' refusals, in the IPC contract). */
export const ACCELERATOR_REFUSALS = [
  'hotkey_empty',
  'hotkey_too_long',
  'hotkey_empty_part',
  'hotkey_modifier_twice',
  'hotkey_modifiers_first',
  'hotkey_unknown_key',
  'hotkey_no_key',
  'hotkey_keys',
  'hotkey_modifier_aliases',
  'hotkey_typing',
  'hotkey_system_shortcut',
  'hotkey_window_shortcut',
] as const satisfies readonly HotkeyMessage['code'][];

/** The hotkey the refusals suggest. */
const EXAMPLE = 'CommandOrControl+Alt+B';
const refused = (refusal: HotkeyMessage): AcceleratorResult => ({ ok: false, refusal });

function keyOf(part: string): { key: string; printable: boolean } | null {
  if (/^[a-z0-9]$/i.test(part)) return { key: part.toUpperCase(), printable: true };
  if (PUNCTUATION.has(part)) return { key: part, printable: true };
  const named = KEYS.get(part.toLowerCase());
  if (named === undefined) return null;
  return { key: named, printable: named === 'Plus' || named === 'Space' || named.startsWith('num') };
}

/** The canonical name of one key of a hotkey (`esc` → Escape, `b` → B), or null for a key a hotkey cannot use. */
export function acceleratorKey(part: string): string | null {
  return keyOf(part)?.key ?? null;
}

/** Reads a hotkey such as `ctrl+alt+b` or `CmdOrCtrl + Shift + F5` into Electron's canonical spelling. */
export function parseAccelerator(text: string): AcceleratorResult {
  const trimmed = text.trim();
  if (trimmed === '') return refused({ code: 'hotkey_empty', params: { example: EXAMPLE } });
  if (trimmed.length > 100) return refused({ code: 'hotkey_too_long', params: { example: EXAMPLE } });
  // "Ctrl++" means Control and the + key.
  const parts = trimmed
    .replace(/\+\s*\+$/, '+Plus')
    .split('+')
    .map((part) => part.trim());
  if (parts.some((part) => part === '')) return refused({ code: 'hotkey_empty_part', params: { hotkey: trimmed, example: EXAMPLE } });

  const modifiers = new Set<string>();
  const keys: { key: string; printable: boolean }[] = [];
  for (const part of parts) {
    const modifier = MODIFIERS.get(part.toLowerCase());
    if (modifier !== undefined) {
      if (modifiers.has(modifier)) return refused({ code: 'hotkey_modifier_twice', params: { hotkey: trimmed, modifier } });
      if (keys.length > 0) return refused({ code: 'hotkey_modifiers_first', params: { hotkey: trimmed, example: EXAMPLE } });
      modifiers.add(modifier);
      continue;
    }
    const key = keyOf(part);
    if (key === null) return refused({ code: 'hotkey_unknown_key', params: { key: part.slice(0, 40) } });
    keys.push(key);
  }
  const [key] = keys;
  if (key === undefined || keys.length > 1) {
    return refused(
      keys.length === 0 ? { code: 'hotkey_no_key', params: { hotkey: trimmed } } : { code: 'hotkey_keys', params: { hotkey: trimmed, count: keys.length } },
    );
  }
  for (const system of ['mac', 'other'] as const) {
    const physical = new Set([...modifiers].map((modifier) => PHYSICAL[system][modifier]));
    if (physical.size < modifiers.size) {
      return refused({ code: 'hotkey_modifier_aliases', params: { hotkey: trimmed } });
    }
  }
  const typing = [...modifiers].every((modifier) => modifier === 'Shift' || modifier === 'AltGr');
  if (typing && !STANDALONE.test(key.key)) {
    return refused({ code: 'hotkey_typing', params: { hotkey: trimmed, example: `CommandOrControl+Alt+${key.key}` } });
  }
  const reserved = systemShortcut([...modifiers], key.key);
  if (reserved !== null) return refused({ code: reserved, params: { hotkey: trimmed, example: suggestionFor(key.key) } });
  const ordered = MODIFIER_ORDER.filter((modifier) => modifiers.has(modifier));
  return { ok: true, value: [...ordered, key.key].join('+') };
}
