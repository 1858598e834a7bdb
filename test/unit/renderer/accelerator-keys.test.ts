import { describe, expect, it } from 'vitest';
import { parseAccelerator } from '../../../electron/common/hotkeys/accelerator.ts';
import { acceleratorFromKey, formatAccelerator, type KeyPress } from '../../../renderer/src/lib/accelerator-keys.ts';

const press = (key: string, code: string, held: Partial<Pick<KeyPress, 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>> = {}): KeyPress => ({
  key,
  code,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...held,
});

describe('recording a hotkey from a key press', () => {
  it('makes Ctrl on Windows and Linux, and ⌘ on a Mac, CommandOrControl', () => {
    expect(acceleratorFromKey(press('b', 'KeyB', { ctrlKey: true, altKey: true }), false)).toEqual({ kind: 'chord', accelerator: 'CommandOrControl+Alt+B' });
    expect(acceleratorFromKey(press('∫', 'KeyB', { metaKey: true, altKey: true }), true)).toEqual({ kind: 'chord', accelerator: 'CommandOrControl+Alt+B' });
  });

  it('keeps Control on a Mac and the Windows key elsewhere apart', () => {
    expect(acceleratorFromKey(press('k', 'KeyK', { ctrlKey: true, shiftKey: true }), true)).toEqual({ kind: 'chord', accelerator: 'Control+Shift+K' });
    expect(acceleratorFromKey(press('k', 'KeyK', { metaKey: true, altKey: true }), false)).toEqual({ kind: 'chord', accelerator: 'Alt+Super+K' });
    expect(acceleratorFromKey(press('k', 'KeyK', { metaKey: true, ctrlKey: true, altKey: true, shiftKey: true }), true)).toEqual({
      kind: 'chord',
      accelerator: 'CommandOrControl+Control+Alt+Shift+K',
    });
  });

  it('waits past a modifier pressed on its own', () => {
    for (const [key, code] of [
      ['Control', 'ControlLeft'],
      ['Shift', 'ShiftRight'],
      ['Alt', 'AltLeft'],
      ['Meta', 'MetaLeft'],
      ['AltGraph', 'AltRight'],
    ] as const) {
      expect(acceleratorFromKey(press(key, code, { ctrlKey: true }), false)).toEqual({ kind: 'modifier' });
    }
  });

  it('asks for a modifier when a key comes alone, and refuses keys a hotkey cannot use', () => {
    expect(acceleratorFromKey(press('b', 'KeyB'), false)).toEqual({ kind: 'needs_modifier' });
    expect(acceleratorFromKey(press('F5', 'F5'), true)).toEqual({ kind: 'needs_modifier' });
    expect(acceleratorFromKey(press('Dead', 'IntlBackslash', { ctrlKey: true }), false)).toEqual({ kind: 'unusable' });
    expect(acceleratorFromKey(press('+', 'NumpadAdd', { ctrlKey: true, altKey: true }), false)).toEqual({ kind: 'unusable' });
  });

  it('reads a Cyrillic layout, Option and Shift by the key’s position', () => {
    expect(acceleratorFromKey(press('и', 'KeyB', { ctrlKey: true, altKey: true }), false)).toEqual({ kind: 'chord', accelerator: 'CommandOrControl+Alt+B' });
    expect(acceleratorFromKey(press('!', 'Digit1', { ctrlKey: true, shiftKey: true }), false)).toEqual({
      kind: 'chord',
      accelerator: 'CommandOrControl+Shift+1',
    });
    expect(acceleratorFromKey(press('ß', 'KeyS', { altKey: true, metaKey: true }), true)).toEqual({ kind: 'chord', accelerator: 'CommandOrControl+Alt+S' });
  });

  it('takes a Latin layout’s letter as typed (AZERTY’s A is A)', () => {
    expect(acceleratorFromKey(press('a', 'KeyQ', { ctrlKey: true, altKey: true }), false)).toEqual({ kind: 'chord', accelerator: 'CommandOrControl+Alt+A' });
  });

  it('names the other keys as Electron does, so the settings accept what it records', () => {
    const cases: [KeyPress, string][] = [
      [press(' ', 'Space', { ctrlKey: true, shiftKey: true }), 'CommandOrControl+Shift+Space'],
      [press('ArrowUp', 'ArrowUp', { ctrlKey: true, altKey: true }), 'CommandOrControl+Alt+Up'],
      [press('F12', 'F12', { ctrlKey: true, altKey: true }), 'CommandOrControl+Alt+F12'],
      [press('F24', 'F24', { shiftKey: true }), 'Shift+F24'],
      [press('Enter', 'NumpadEnter', { ctrlKey: true, altKey: true }), 'CommandOrControl+Alt+Return'],
      [press('7', 'Numpad7', { ctrlKey: true, altKey: true }), 'CommandOrControl+Alt+7'],
      [press('/', 'Slash', { ctrlKey: true, altKey: true }), 'CommandOrControl+Alt+/'],
      [press('PageDown', 'PageDown', { ctrlKey: true, altKey: true }), 'CommandOrControl+Alt+PageDown'],
      [press('Backspace', 'Backspace', { ctrlKey: true, altKey: true }), 'CommandOrControl+Alt+Backspace'],
    ];
    for (const [keyPress, expected] of cases) {
      const recorded = acceleratorFromKey(keyPress, false);
      expect(recorded).toEqual({ kind: 'chord', accelerator: expected });
      // What is recorded reads back unchanged: the main process keeps the same spelling.
      expect(parseAccelerator(expected)).toEqual({ ok: true, value: expected });
    }
  });

  it('records a digit typed on the number row (key "7"), not the numpad name', () => {
    expect(acceleratorFromKey(press('7', 'Digit7', { ctrlKey: true, altKey: true }), false)).toEqual({ kind: 'chord', accelerator: 'CommandOrControl+Alt+7' });
  });
});

describe('showing a hotkey', () => {
  it('writes it the way Windows and Linux do', () => {
    expect(formatAccelerator('CommandOrControl+Alt+B', 'linux')).toBe('Ctrl+Alt+B');
    expect(formatAccelerator('CommandOrControl+Shift+Space', 'win32')).toBe('Ctrl+Shift+Space');
    expect(formatAccelerator('Alt+Super+K', 'win32')).toBe('Alt+Win+K');
    expect(formatAccelerator('Alt+Super+K', 'linux')).toBe('Alt+Super+K');
    expect(formatAccelerator('CommandOrControl+Alt+Return', 'linux')).toBe('Ctrl+Alt+Enter');
    expect(formatAccelerator('CommandOrControl+Alt+PageUp', 'linux')).toBe('Ctrl+Alt+Page Up');
    expect(formatAccelerator('CommandOrControl+Alt+num5', 'linux')).toBe('Ctrl+Alt+Num 5');
    expect(formatAccelerator('CommandOrControl+Alt+Plus', 'linux')).toBe('Ctrl+Alt++');
  });

  it('writes it with Mac symbols in Apple’s order (⌃⌥⇧⌘)', () => {
    expect(formatAccelerator('CommandOrControl+Alt+B', 'darwin')).toBe('⌥⌘B');
    expect(formatAccelerator('Control+Shift+K', 'darwin')).toBe('⌃⇧K');
    expect(formatAccelerator('CommandOrControl+Control+Alt+Shift+Up', 'darwin')).toBe('⌃⌥⇧⌘↑');
    expect(formatAccelerator('CommandOrControl+Shift+Space', 'darwin')).toBe('⇧⌘Space');
  });
});
