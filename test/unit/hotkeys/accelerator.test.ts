import { describe, expect, it } from 'vitest';
import { acceleratorKey, parseAccelerator, partsOf, sameChord } from '../../../electron/common/hotkeys/accelerator.ts';
import { say } from '../../../electron/common/i18n/catalogs.ts';

describe('parseAccelerator', () => {
  it.each([
    ['ctrl+alt+b', 'Control+Alt+B'],
    ['CmdOrCtrl + Shift + F5', 'CommandOrControl+Shift+F5'],
    ['Shift+CommandOrControl+k', 'CommandOrControl+Shift+K'],
    ['Control+Alt+esc', 'Control+Alt+Escape'],
    ['Control+Shift+Enter', 'Control+Shift+Return'],
    ['Ctrl+Alt++', 'Control+Alt+Plus'],
    ['Super+Alt+Space', 'Alt+Super+Space'],
    ['F13', 'F13'],
    ['MediaPlayPause', 'MediaPlayPause'],
    ['Control+Option+/', 'Control+Option+/'],
  ])('reads %j as %s', (text, canonical) => {
    expect(parseAccelerator(text)).toEqual({ ok: true, value: canonical });
  });

  it.each([
    ['', /at least one key/],
    ['Ctrl+Alt', /has no key/],
    ['Ctrl+A+B', /has 2 keys/],
    ['B+Ctrl', /modifiers go first/],
    ['Ctrl+Ctrl+B', /names Control twice/],
    ['Ctrl+Hyper+B', /"Hyper" is not a key/],
    ['Ctrl++B', /empty part|not a key/],
    ['B', /take a key away from typing everywhere/],
    ['Shift+B', /take a key away from typing everywhere/],
    ['Shift+F5', /take a key away/],
    ['x'.repeat(101), /too long/],
    ['Alt+Option+B', /same modifier twice under different names/],
    ['Super+Meta+B', /same modifier twice/],
    ['CmdOrCtrl+Control+B', /same modifier twice/],
    ['CmdOrCtrl+Command+B', /same modifier twice/],
    // Chords every app or the system answers: taken globally, they would break copy and paste everywhere.
    ['CommandOrControl+V', /shortcut other programs or the system use/],
    ['Ctrl+C', /shortcut other programs or the system use/],
    ['Command+Space', /shortcut other programs or the system use/],
    ['Super+Space', /shortcut other programs or the system use/],
    ['Control+Shift+Tab', /shortcut other programs or the system use/],
    ['Ctrl+Enter', /shortcut other programs or the system use/],
    ['Alt+F4', /switches or closes windows/],
    ['Alt+Shift+Tab', /switches or closes windows/],
    ['Option+Space', /switches or closes windows/],
    ['Option+E', /how characters are typed/],
    ['Control+PageDown', /shortcut other programs/],
    ['Ctrl++', /shortcut other programs/],
    ['Command+Shift+Z', /shortcut other programs/],
    ['Command+Shift+4', /shortcut other programs/],
    ['Super+Shift+S', /shortcut other programs/],
  ])('refuses %j with a reason', (text, reason) => {
    const result = parseAccelerator(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(say(result.refusal, 'en')).toMatch(reason);
  });
});

describe('sameChord', () => {
  it.each([
    ['CommandOrControl+Alt+B', 'Control+Alt+B', true],
    ['CommandOrControl+Alt+B', 'Command+Alt+B', true],
    ['Alt+Shift+K', 'Option+Shift+K', true],
    ['Super+K', 'Meta+K', true],
    ['Control+Alt+B', 'Alt+Control+B', true],
    ['Control+Alt+B', 'Control+Alt+V', false],
    ['Control+B', 'Command+B', false],
  ])('%s and %s: %s', (a, b, same) => {
    expect(sameChord(a, b)).toBe(same);
  });
});

describe('a refused system chord', () => {
  it('suggests a free chord, never another system one', () => {
    const windows = parseAccelerator('Alt+Shift+Tab');
    expect(windows).toEqual({ ok: false, refusal: { code: 'hotkey_window_shortcut', params: { hotkey: 'Alt+Shift+Tab', example: 'CommandOrControl+Alt+B' } } });
    if (!windows.ok) {
      expect(say(windows.refusal, 'en')).toBe(
        '"Alt+Shift+Tab" is how the system switches or closes windows, how menus are opened, or (on a Mac) how characters are typed. ' +
          'Choose another, for example CommandOrControl+Alt+B.',
      );
      expect(say(windows.refusal, 'ru')).toBe(
        'Alt+Shift+Tab система использует для переключения и закрытия окон, открытия меню или (на Mac) ввода символов. ' +
          'Выберите другое, например CommandOrControl+Alt+B.',
      );
    }
    expect(parseAccelerator('Ctrl+V')).toMatchObject({ ok: false, refusal: { code: 'hotkey_system_shortcut', params: { example: 'CommandOrControl+Alt+V' } } });
  });
});

describe('the pieces the window shares', () => {
  it('names one key canonically, or refuses a key no hotkey can use', () => {
    expect(acceleratorKey('esc')).toBe('Escape');
    expect(acceleratorKey('b')).toBe('B');
    expect(acceleratorKey('PrintScreen')).toBe('PrintScreen');
    expect(acceleratorKey('Dead')).toBeNull();
  });

  it('splits a canonical hotkey into its modifiers and key', () => {
    expect(partsOf('CommandOrControl+Alt+Plus')).toEqual({ modifiers: ['CommandOrControl', 'Alt'], key: 'Plus' });
  });
});
