/** Keyboard shortcuts as the window uses and shows them: Command on a Mac, Control elsewhere. */

/** Whether the platform's primary modifier (⌘ or Ctrl) is held, and no other modifier a shortcut did not ask for. */
export function primary(event: KeyboardEvent, isMac: boolean, { shift = false }: { shift?: boolean } = {}): boolean {
  const held = isMac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  return held && !event.altKey && event.shiftKey === shift;
}

/** macOS writes modifiers in this order (⌃⌥⇧⌘), as its menus and the hotkey rows (formatAccelerator) do. */
const MAC_ORDER = ['Alt', 'Shift', 'Mod'];

/** A shortcut as shown on a button ("Ctrl+Shift+C", "⇧⌘C"). `keys` uses `Mod` for the primary modifier. */
export function shortcutLabel(keys: string, isMac: boolean): string {
  const parts = keys.split('+');
  if (isMac) {
    const symbols: Record<string, string> = { Mod: '⌘', Shift: '⇧', Alt: '⌥', Enter: '↩', Delete: '⌫' };
    const rank = (part: string): number => (MAC_ORDER.includes(part) ? MAC_ORDER.indexOf(part) : MAC_ORDER.length);
    return parts
      .toSorted((a, b) => rank(a) - rank(b))
      .map((part) => symbols[part] ?? part)
      .join('');
  }
  return parts.map((part) => (part === 'Mod' ? 'Ctrl' : part)).join('+');
}

/** The same shortcut for `aria-keyshortcuts` ("Control+Shift+C", "Meta+Shift+C"). */
export function ariaShortcut(keys: string, isMac: boolean): string {
  return keys
    .split('+')
    .map((part) => (part === 'Mod' ? (isMac ? 'Meta' : 'Control') : part))
    .join('+');
}
