import { beforeEach, describe, expect, it } from 'vitest';
import { completeCatalog, useLanguage } from '../../../renderer/src/lib/i18n.svelte.ts';
import { hotkeyText, profileStatusText } from '../../../renderer/src/lib/main-messages.ts';

beforeEach(async () => {
  await useLanguage('en');
  await completeCatalog('en');
});

describe('a portal’s state', () => {
  it('says connected, by whom, or not checked yet, and a failed check from its message', async () => {
    const connected = { code: 'connected', params: { portal: 'x', who: 'Irina', scopes: ['im'] } };
    expect(profileStatusText({ status: 'connected', statusMessage: connected, userName: 'Irina Volkova' })).toBe('Connected as Irina Volkova');
    expect(profileStatusText({ status: 'connected', statusMessage: null, userName: null })).toBe('Connected');
    expect(profileStatusText({ status: 'unchecked', statusMessage: null, userName: null })).toBe('Not checked yet');
    const ended = { code: 'sign_in_ended', params: { host: 'acme.bitrix24.ru', day: '2026-05-01' } };
    expect(profileStatusText({ status: 'failing', statusMessage: ended, userName: null })).toBe(
      "The sign-in to acme.bitrix24.ru ended on 2026-05-01: Bitrix24 keeps a local application's sign-in 180 days unless it is renewed. " +
        'Reconnect to sign in again.',
    );
    await useLanguage('ru');
    await completeCatalog('ru');
    expect(profileStatusText({ status: 'failing', statusMessage: ended, userName: null })).toMatch(/^Вход в acme\.bitrix24\.ru закончился 2026-05-01/);
    expect(profileStatusText({ status: 'connected', statusMessage: null, userName: 'Ирина Волкова' })).toBe('Подключено как Ирина Волкова');
    expect(profileStatusText({ status: 'unchecked', statusMessage: null, userName: null })).toBe('Ещё не проверялся');
  });
});

describe('a hotkey’s message', () => {
  it('spells its keys (the accelerator parameters) the way the platform writes them, in either language', async () => {
    const taken = { code: 'hotkey_taken', params: { hotkey: 'CommandOrControl+Alt+B' } };
    expect(hotkeyText(taken, 'linux')).toBe(
      'Ctrl+Alt+B could not be registered: another app already uses it, or the system keeps it for itself. Choose other keys.',
    );
    expect(hotkeyText(taken, 'darwin')).toMatch(/^⌥⌘B could not be registered/);
    const reserved = { code: 'hotkey_system_shortcut', params: { hotkey: 'CommandOrControl+C', example: 'CommandOrControl+Alt+C' } };
    expect(hotkeyText(reserved, 'win32')).toMatch(/^"Ctrl\+C" is a shortcut other programs or the system use .* for example Ctrl\+Alt\+C\.$/);
    await useLanguage('ru');
    await completeCatalog('ru');
    expect(hotkeyText(taken, 'linux')).toBe('Ctrl+Alt+B не удалось назначить: эти клавиши уже заняты другим приложением или системой. Выберите другие.');
  });
});
