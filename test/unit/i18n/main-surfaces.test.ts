/**
 * The surfaces the main process says itself, from the catalogs: the tray menu, the clipboard lookup's notifications
 * and the sign-in page in the browser, in English and in Russian.
 */
import { describe, expect, it } from 'vitest';
import { openFailedNotice, quickLookupRefusal } from '../../../electron/core/quick-lookup/quick-lookup.ts';
import { signInPage } from '../../../electron/core/sign-in/oauth-callback.ts';
import { trayMenu, trayTooltip } from '../../../electron/core/tray/tray.ts';
import { say } from '../../../electron/common/i18n/catalogs.ts';

const OFF = { accelerator: null, status: 'off' as const, message: null };
const HOTKEYS = { openWindow: OFF, lookupClipboard: OFF, limitation: null };

describe('the tray menu', () => {
  it("is labelled in the person's language", () => {
    const labels = (language: 'en' | 'ru') =>
      trayMenu({ language, launchAtLogin: false }, HOTKEYS).flatMap((entry) => (entry.kind === 'item' ? [entry.label] : []));
    expect(labels('en')).toEqual(['Look Up Clipboard', 'Open B24 Chat Lookup', 'History…', 'Settings…', 'Launch at Login', 'Quit B24 Chat Lookup']);
    expect(labels('ru')).toEqual([
      'Найти чат из буфера обмена',
      'Открыть B24 Chat Lookup',
      'История…',
      'Настройки…',
      'Запускать при входе в систему',
      'Выйти из B24 Chat Lookup',
    ]);
    expect(trayTooltip('en')).toBe('B24 Chat Lookup: find the chat of a CRM entity');
    expect(trayTooltip('ru')).toBe('B24 Chat Lookup: чат CRM-сущности');
  });
});

describe("the clipboard lookup's notifications", () => {
  it("say a refusal in the person's language, and hand the window the message itself", () => {
    const en = quickLookupRefusal({ code: 'clipboard_empty' }, 'en');
    expect(en).toMatchObject({
      title: 'Nothing was looked up',
      body: 'The clipboard holds no text. Copy a CRM reference such as LEAD|13 or a deal link first.',
    });
    expect(en.window).toEqual({ view: 'lookup', message: { code: 'clipboard_empty' } });
    const ru = quickLookupRefusal({ code: 'no_profile' }, 'ru');
    expect(ru).toMatchObject({ title: 'Поиск не выполнен', body: expect.stringMatching(/^Сначала подключите портал/) });
    expect(ru.window).toEqual({ view: 'settings', message: { code: 'no_profile' } });
  });

  it('say why a chat did not open', () => {
    expect(openFailedNotice({ code: 'desktop_app_open_failed' }, 'en')).toEqual({
      title: 'The chat did not open',
      body: 'The Bitrix24 desktop app did not open the chat: is it installed? Open the chat in the browser instead.',
    });
    expect(openFailedNotice({ code: 'desktop_app_open_failed' }, 'ru')).toEqual({
      title: 'Чат не открылся',
      body: 'Приложение Битрикс24 не открыло чат: оно установлено? Откройте чат в браузере.',
    });
  });

  it("count in the language's own plural forms", () => {
    expect(say({ code: 'sign_in_timeout', params: { count: 5 } }, 'en')).toBe('The sign-in was not finished in the browser within 5 minutes. Start it again.');
    expect(say({ code: 'sign_in_timeout', params: { count: 1 } }, 'ru')).toBe('Вход не завершён в браузере за 1 минуту. Начните его заново.');
    expect(say({ code: 'sign_in_timeout', params: { count: 5 } }, 'ru')).toBe('Вход не завершён в браузере за 5 минут. Начните его заново.');
  });
});

describe('the sign-in page in the browser', () => {
  it("is written in the person's language, with nothing from the request in it", () => {
    const en = signInPage('signed_in', 'en');
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('<h1>Sign-in received</h1><p>You can close this tab and return to B24 Chat Lookup.</p>');
    const ru = signInPage('denied', 'ru');
    expect(ru).toContain('<html lang="ru">');
    expect(ru).toContain('<h1>Вход не выполнен</h1><p>Битрикс24 не дал B24 Chat Lookup доступ.');
    expect(signInPage('wrong_state', 'ru')).toContain('<title>Не этот вход</title>');
  });
});

describe('a profile the window still shows, removed meanwhile', () => {
  it('has a code of its own, whose Russian speaks of a portal, not of the history', () => {
    expect(say({ code: 'profile_not_found' }, 'en')).toBe('That portal profile no longer exists.');
    expect(say({ code: 'profile_not_found' }, 'ru')).toMatch(/портал/);
    expect(say({ code: 'profile_not_found' }, 'ru')).not.toMatch(/истори/);
    expect(say({ code: 'history_entry_gone' }, 'ru')).toBe('Этого запроса уже нет в истории.');
  });
});
