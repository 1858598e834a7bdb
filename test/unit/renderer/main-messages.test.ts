import { beforeEach, describe, expect, it } from 'vitest';
import { useLanguage } from '../../../renderer/src/lib/i18n.svelte.ts';
import { hotkeyText, profileStatusText } from '../../../renderer/src/lib/main-messages.ts';

beforeEach(() => useLanguage('en'));

describe('a portal’s state', () => {
  it('says connected, by whom, or not checked yet, and a failed check as the main process put it', async () => {
    expect(profileStatusText({ status: 'connected', statusMessage: 'Connected to x as Irina', userName: 'Irina Volkova' })).toBe('Connected as Irina Volkova');
    expect(profileStatusText({ status: 'connected', statusMessage: null, userName: null })).toBe('Connected');
    expect(profileStatusText({ status: 'unchecked', statusMessage: null, userName: null })).toBe('Not checked yet');
    expect(profileStatusText({ status: 'failing', statusMessage: 'Портал не принял вебхук.', userName: null })).toBe('Портал не принял вебхук.');
    await useLanguage('ru');
    expect(profileStatusText({ status: 'connected', statusMessage: null, userName: 'Ирина Волкова' })).toBe('Подключено как Ирина Волкова');
    expect(profileStatusText({ status: 'unchecked', statusMessage: null, userName: null })).toBe('Ещё не проверялся');
  });
});

describe('a hotkey’s sentence', () => {
  it('spells its keys the way the platform writes them, in either language', () => {
    const taken = 'CommandOrControl+Alt+B could not be registered: another app already uses it, or the system keeps it for itself. Choose other keys.';
    expect(hotkeyText(taken, 'linux')).toBe('Ctrl+Alt+B could not be registered: another app already uses it, or the system keeps it for itself. Choose other keys.');
    expect(hotkeyText(taken, 'darwin')).toMatch(/^⌥⌘B could not be registered/);
    expect(hotkeyText('Hotkeys (openWindow): "CommandOrControl+C" is a shortcut other programs use.', 'win32')).toBe('Ctrl+C is a shortcut other programs use.');
    expect(hotkeyText('CommandOrControl+Alt+B не удалось назначить.', 'linux')).toBe('Ctrl+Alt+B не удалось назначить.');
  });
});
