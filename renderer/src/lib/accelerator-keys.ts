/**
 * Hotkeys as the settings screen records and shows them. A key press becomes an Electron accelerator
 * ("CommandOrControl+Alt+B": Ctrl on Windows and Linux, ⌘ on a Mac, so the same setting means the usual modifier on
 * each), and an accelerator is shown the way the platform writes it ("Ctrl+Alt+B", "⌥⌘B"). Whether the chord may be a
 * hotkey at all (system shortcuts, typing keys, the other hotkey's keys) is the main process's to say.
 */

import { acceleratorKey, partsOf } from '../../../electron/common/hotkeys/accelerator.ts';

/** What a keydown carries that a hotkey is made of. */
export interface KeyPress {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

export type Recorded =
  /** A modifier on its own: keep listening for the key. */
  | { kind: 'modifier' }
  /** A key without Ctrl, Alt, Shift or ⌘: keep listening; the person is told to hold a modifier. */
  | { kind: 'needs_modifier' }
  /** A key a hotkey cannot use (a dead key, a key with no name Electron knows). */
  | { kind: 'unusable' }
  | { kind: 'chord'; accelerator: string };

const MODIFIER_KEYS = /^(?:Control|Shift|Alt|AltGraph|Meta|OS|Super|Hyper|Fn|CapsLock)$/;
/** Keys Electron names as KeyboardEvent.code does. */
const SAME_NAME = /^(?:Space|Tab|Backspace|Delete|Insert|Home|End|PageUp|PageDown|Escape|PrintScreen)$/;
const PUNCTUATION: Readonly<Record<string, string>> = {
  Minus: '-',
  Equal: '=',
  BracketLeft: '[',
  BracketRight: ']',
  Backslash: '\\',
  Semicolon: ';',
  Quote: "'",
  Comma: ',',
  Period: '.',
  Slash: '/',
  Backquote: '`',
};

/**
 * The key's Electron name. A Latin letter or digit the layout typed is taken as typed (so AZERTY's A is A); anything
 * else (Cyrillic letters, what Option or Shift turned a key into) is read from the key's position, as on a US keyboard.
 */
function keyName({ key, code }: KeyPress): string | null {
  if (/^[a-z0-9]$/i.test(key)) return key.toUpperCase();
  const [, letter, digit, numpad, fKey, arrow] = /^(?:Key([A-Z])|Digit(\d)|Numpad(\d)|(F(?:[1-9]|1\d|2[0-4]))|Arrow(\w+))$/.exec(code) ?? [];
  if (numpad !== undefined) return `num${numpad}`;
  const named = letter ?? digit ?? fKey ?? arrow;
  if (named !== undefined) return named;
  if (code === 'Enter' || code === 'NumpadEnter') return 'Return';
  return SAME_NAME.test(code) ? code : (PUNCTUATION[code] ?? null);
}

/**
 * The accelerator a key press makes. On a Mac ⌘ is CommandOrControl and Control stays Control; elsewhere Ctrl is
 * CommandOrControl and the Windows key is Super.
 */
export function acceleratorFromKey(press: KeyPress, isMac: boolean): Recorded {
  if (MODIFIER_KEYS.test(press.key) || /^(?:Shift|Control|Alt|Meta|OS)(?:Left|Right)$/.test(press.code)) return { kind: 'modifier' };
  // A name the accelerator syntax does not know is no key a hotkey can use, whatever the layout called it.
  const name = keyName(press);
  const key = name === null ? null : acceleratorKey(name);
  if (key === null) return { kind: 'unusable' };
  const modifiers = [
    (isMac ? press.metaKey : press.ctrlKey) && 'CommandOrControl',
    isMac && press.ctrlKey && 'Control',
    press.altKey && 'Alt',
    press.shiftKey && 'Shift',
    !isMac && press.metaKey && 'Super',
  ].filter(Boolean);
  return modifiers.length === 0 ? { kind: 'needs_modifier' } : { kind: 'chord', accelerator: [...modifiers, key].join('+') };
}

/** Each modifier as shown on a Mac and elsewhere, in Apple's order (⌃⌥⇧⌘). */
const MODIFIERS: readonly (readonly [names: RegExp, mac: string, other: string])[] = [
  [/^Control$/, '⌃', 'Ctrl'],
  [/^(?:Alt|Option|AltGr)$/, '⌥', 'Alt'],
  [/^Shift$/, '⇧', 'Shift'],
  [/^Command$/, '⌘', 'Cmd'],
  [/^(?:Super|Meta)$/, '⌘', 'Super'],
];
const MAC_KEYS: Readonly<Record<string, string>> = {
  Up: '↑',
  Down: '↓',
  Left: '←',
  Right: '→',
  Return: '↩',
  Backspace: '⌫',
  Delete: '⌦',
  Escape: '⎋',
  Tab: '⇥',
};
const OTHER_KEYS: Readonly<Record<string, string>> = { Return: 'Enter', Escape: 'Esc' };

/** An accelerator as the platform writes shortcuts: "Ctrl+Alt+B" on Windows and Linux, "⌥⌘B" on a Mac. */
export function formatAccelerator(accelerator: string, platform: string): string {
  const isMac = platform === 'darwin';
  const { modifiers: parts, key } = partsOf(accelerator);
  // On a Mac CommandOrControl is ⌘ (Control is ⌃); elsewhere Ctrl, and Super is the Windows key on Windows.
  const held = parts.map((part) => (part === 'CommandOrControl' ? (isMac ? 'Command' : 'Control') : part));
  const modifiers = new Set<string>();
  for (const [names, mac, other] of MODIFIERS) {
    if (held.some((part) => names.test(part))) modifiers.add(isMac ? mac : other === 'Super' && platform === 'win32' ? 'Win' : other);
  }
  const shown = key === 'Plus' ? '+' : ((isMac ? MAC_KEYS : OTHER_KEYS)[key] ?? key.replace(/^num(\w+)$/, 'Num $1').replace(/^Page(Up|Down)$/, 'Page $1'));
  return [...modifiers, shown].join(isMac ? '' : '+');
}
