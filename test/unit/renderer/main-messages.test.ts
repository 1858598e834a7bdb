import { afterEach, describe, expect, it } from 'vitest';
import { failureFromPortalError } from '../../../electron/core/bitrix/errors.ts';
import { timeoutFailure } from '../../../electron/core/bitrix/transport.ts';
import { HotkeyRegistry, hotkeyLimitation, hotkeyProblemOn } from '../../../electron/core/desktop/hotkeys.ts';
import { UserError } from '../../../electron/core/user-error.ts';
import { NoticeBoard } from '../../../electron/core/state/notices.ts';
import { SettingsStore } from '../../../electron/core/state/settings.ts';
import type { FileContents, StateFile } from '../../../electron/core/state/state-file.ts';
import { locale } from '../../../renderer/src/lib/i18n.svelte.ts';
import { hotkeyText, limitationText, profileStatusText, statusProblem, storageWarningText } from '../../../renderer/src/lib/main-messages.ts';

afterEach(() => {
  locale.language = 'en';
});

const portalFailure = (portalError: string, extra: { oauth?: boolean; method?: string } = {}) =>
  failureFromPortalError({
    portal: 'acme.bitrix24.ru',
    method: extra.method ?? 'scope',
    portalError,
    portalErrorDescription: '',
    httpStatus: 401,
    retryAt: null,
    now: 0,
    attempts: 1,
    oauth: extra.oauth ?? false,
  });

class MemoryFile implements StateFile {
  readonly path = '/memory/settings.json';
  #data: Record<string, unknown> | undefined;
  read(): FileContents {
    return this.#data ? { kind: 'data', data: this.#data } : { kind: 'missing' };
  }
  write(data: Record<string, unknown>): void {
    this.#data = structuredClone(data);
  }
  backUp(): string {
    return '/memory/backup.json';
  }
  discardCopy(): void {}
}

/** What the settings store answers for a hotkey change, as the IPC layer sends it to the window. */
function refusalOf(hotkeys: { openWindow: string | null; lookupClipboard: string | null }) {
  const store = new SettingsStore(new MemoryFile(), new NoticeBoard(), { osLocales: ['en'] });
  try {
    store.update({ hotkeys });
  } catch (error) {
    if (error instanceof UserError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('The store took it.');
}

describe('a portal’s last check', () => {
  it('says connected, by whom, or not checked yet', () => {
    expect(profileStatusText({ status: 'connected', statusMessage: 'Connected to x as Irina', userName: 'Irina Volkova' })).toBe('Connected as Irina Volkova');
    expect(profileStatusText({ status: 'connected', statusMessage: null, userName: null })).toBe('Connected');
    expect(profileStatusText({ status: 'unchecked', statusMessage: null, userName: null })).toBe('Not checked yet');
    locale.language = 'ru';
    expect(profileStatusText({ status: 'connected', statusMessage: null, userName: 'Ирина Волкова' })).toBe('Подключено как Ирина Волкова');
    expect(profileStatusText({ status: 'unchecked', statusMessage: null, userName: null })).toBe('Ещё не проверялся');
  });

  it('recognises the REST client’s failures by their sentences', () => {
    const cases: [string, string][] = [
      [portalFailure('INVALID_CREDENTIALS').message, 'auth_invalid'],
      [portalFailure('AUTHORIZATION_ERROR').message, 'auth_invalid'],
      [portalFailure('EXPIRED_TOKEN', { oauth: true }).message, 'auth_invalid'],
      [portalFailure('INVALID_REQUEST').message, 'auth_invalid'],
      [portalFailure('INSUFFICIENT_SCOPE', { method: 'im.chat.get' }).message, 'scope_missing'],
      [portalFailure('ACCESS_DENIED').message, 'access_denied'],
      [portalFailure('QUERY_LIMIT_EXCEEDED').message, 'rate_limited'],
      [portalFailure('OPERATION_TIME_LIMIT').message, 'operation_limited'],
      [portalFailure('OVERLOAD_LIMIT').message, 'portal_blocked'],
      [portalFailure('PORTAL_DELETED').message, 'portal_blocked'],
      [portalFailure('METHOD_NOT_FOUND').message, 'method_unavailable'],
      [portalFailure('INTERNAL_SERVER_ERROR').message, 'server_error'],
      [portalFailure('SOMETHING_ELSE').message, 'portal_error'],
      [timeoutFailure('acme.bitrix24.ru', 'batch', 15_000).message, 'timeout'],
      [timeoutFailure('acme.bitrix24.ru', 'batch', null).message, 'timeout'],
      ['Could not reach acme.bitrix24.ru: the name does not resolve (ENOTFOUND). Check the network connection, VPN or proxy.', 'network'],
      [
        'Connected to acme.bitrix24.ru as Irina Volkova, but the webhook lacks the "im" scope. In Bitrix24 edit the webhook, add "im", and save.',
        'scope_missing',
      ],
    ];
    for (const [message, code] of cases) expect(statusProblem(message).code, message).toBe(code);
  });

  it('says a failing check in Russian, with the scopes the webhook lacks', () => {
    locale.language = 'ru';
    const message = 'Connected to acme.bitrix24.ru as Irina Volkova, but the webhook lacks the "im", "crm" scope. In Bitrix24 edit the webhook, add "im", "crm", and save.';
    expect(statusProblem(message).missingScopes).toEqual(['im', 'crm']);
    expect(profileStatusText({ status: 'failing', statusMessage: message, userName: 'Irina' })).toBe(
      'У вебхука нет права im, crm. В Bitrix24 откройте вебхук, отметьте «im, crm» и сохраните.',
    );
    expect(profileStatusText({ status: 'failing', statusMessage: portalFailure('INVALID_CREDENTIALS').message, userName: null })).toMatch(/^Портал не принял вебхук/);
    locale.language = 'en';
    expect(profileStatusText({ status: 'failing', statusMessage: message, userName: 'Irina' })).toBe(message);
  });
});

describe('hotkeys the OS or the settings refused', () => {
  it('says why a hotkey does not work, with the keys as the platform writes them', () => {
    const registry = new HotkeyRegistry({
      port: { register: (accelerator) => accelerator !== 'CommandOrControl+Alt+B', unregister: () => {} },
      platform: 'linux',
      limitation: null,
      actions: { openWindow: () => {}, lookupClipboard: () => {} },
    });
    registry.apply({ openWindow: 'CommandOrControl+Alt+B', lookupClipboard: 'CommandOrControl+Alt+V' });
    const taken = { message: registry.view().openWindow.message ?? '' };
    expect(hotkeyText(taken, 'linux')).toBe('Ctrl+Alt+B could not be registered: another app already uses it, or the system keeps it for itself. Choose other keys.');
    expect(hotkeyText(taken, 'darwin')).toMatch(/^⌥⌘B could not be registered/);
    locale.language = 'ru';
    expect(hotkeyText(taken, 'linux')).toBe('Ctrl+Alt+B не удалось назначить: эти клавиши уже заняты другим приложением или системой. Выберите другие.');
    expect(hotkeyText({ message: hotkeyProblemOn('Command+Alt+B', 'win32') ?? '' }, 'win32')).toBe('Alt+Cmd+B не работает в этой системе. Запишите сочетание с Ctrl и Alt.');
    expect(hotkeyText({ message: hotkeyProblemOn('Control+Super+B', 'linux') ?? '' }, 'linux')).toMatch(/^Ctrl\+Super\+B не работает/);
    expect(hotkeyText({ message: 'Something new happened.' }, 'linux')).toBe('Something new happened.');
  });

  it('says why the settings refused recorded keys, with keys that would do', () => {
    const copy = refusalOf({ openWindow: 'CommandOrControl+C', lookupClipboard: null });
    expect(copy.code).toBe('invalid_setting');
    expect(hotkeyText(copy, 'linux')).toMatch(/^Ctrl\+C is a shortcut other programs or the system use .* Choose another, for example Ctrl\+Alt\+C\.$/);
    const alt = refusalOf({ openWindow: 'Alt+Tab', lookupClipboard: null });
    expect(hotkeyText(alt, 'darwin')).toMatch(/^⌥⇥ is how the system switches .* for example ⌥⌘B\.$/);
    const typing = refusalOf({ openWindow: 'Shift+B', lookupClipboard: null });
    expect(hotkeyText(typing, 'linux')).toMatch(/^Shift\+B would take a key away from typing everywhere\. .* for example Ctrl\+Alt\+B\.$/);
    const twins = refusalOf({ openWindow: 'CommandOrControl+Alt+K', lookupClipboard: 'CommandOrControl+Alt+K' });
    expect(hotkeyText(twins, 'linux')).toMatch(/^Ctrl\+Alt\+K and Ctrl\+Alt\+K are the same keys/);
    locale.language = 'ru';
    expect(hotkeyText(copy, 'linux')).toMatch(/^Ctrl\+C используют другие программы или система.*например Ctrl\+Alt\+C\.$/);
    expect(hotkeyText(alt, 'linux')).toMatch(/^Alt\+Tab используют другие программы.*например Ctrl\+Alt\+B\.$/);
    expect(hotkeyText(typing, 'linux')).toBe('Shift+B отнимет клавишу у набора текста. Добавьте Ctrl или Alt, например Ctrl+Alt+B.');
    expect(hotkeyText(twins, 'linux')).toBe('У обеих горячих клавиш одни и те же клавиши (Ctrl+Alt+K). Выберите другие для одной из них.');
    expect(hotkeyText({ code: 'internal', message: 'Boom.' }, 'linux')).toMatch(/^Что-то пошло не так/);
  });
});

describe('warnings of the settings screen', () => {
  it('says how unsafe credentials are here, in both languages', () => {
    expect(storageWarningText({ protection: 'os_keychain', warning: null })).toBeNull();
    expect(storageWarningText({ protection: 'obscured_only', warning: 'English from the main process' })).toBe('English from the main process');
    locale.language = 'ru';
    expect(storageWarningText({ protection: 'unavailable', warning: 'English' })).toMatch(/^На этом компьютере нечем зашифровать/);
    expect(storageWarningText({ protection: 'obscured_only', warning: 'English' })).toMatch(/^Нет хранилища ключей/);
  });

  it('says what hotkeys cannot do under Wayland', () => {
    const limitation = hotkeyLimitation('linux', { XDG_SESSION_TYPE: 'wayland' }) ?? '';
    expect(limitationText(limitation)).toMatch(/^This is a Wayland session/);
    locale.language = 'ru';
    expect(limitationText(limitation)).toMatch(/^В сеансе Wayland/);
  });
});
