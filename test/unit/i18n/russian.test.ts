/**
 * The main process's sentences in Russian (electron/core/i18n/russian.ts), checked against the real English sentences
 * the services write, so a change of wording in English that Russian would no longer recognise fails here. (The
 * portal's, the parser's and the lookup's messages are data now: test/unit/i18n/domain-messages.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { RELEASES_PAGE } from '../../../electron/core/about.ts';
import { ChatOpener } from '../../../electron/core/links/chat-opener.ts';
import { HotkeyRegistry, hotkeyLimitation, hotkeyProblemOn } from '../../../electron/core/hotkeys/hotkeys.ts';
import { RUSSIAN_SIGN_IN_PAGES, russianNotice, russianProblem, russianSentence } from '../../../electron/core/i18n/russian.ts';
import type { FetchLike } from '../../../electron/core/bitrix/transport.ts';
import { systemClock } from '../../../electron/core/clock.ts';
import { OAuthSignIn } from '../../../electron/core/sign-in/sign-in.ts';
import type { ProfileStore } from '../../../electron/core/state/profiles.ts';
import { UserError } from '../../../electron/core/user-error.ts';
import { NoticeBoard } from '../../../electron/core/state/notices.ts';
import { SettingsStore } from '../../../electron/core/state/settings.ts';
import type { FileContents, StateFile } from '../../../electron/core/state/state-file.ts';

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

describe('hotkeys the OS or the settings refused', () => {
  it('says why a hotkey does not work, keeping its keys for the window to spell', () => {
    const registry = new HotkeyRegistry({
      port: { register: (accelerator) => accelerator !== 'CommandOrControl+Alt+B', unregister: () => {} },
      platform: 'linux',
      limitation: null,
      actions: { openWindow: () => {}, lookupClipboard: () => {} },
    });
    registry.apply({ openWindow: 'CommandOrControl+Alt+B', lookupClipboard: 'CommandOrControl+Alt+V' });
    expect(russianSentence(registry.view().openWindow.message ?? '')).toBe(
      'CommandOrControl+Alt+B не удалось назначить: эти клавиши уже заняты другим приложением или системой. Выберите другие.',
    );
    expect(russianSentence(hotkeyProblemOn('Command+Alt+B', 'win32') ?? '')).toBe('Command+Alt+B не работает в этой системе. Запишите сочетание с Ctrl и Alt.');
    expect(russianSentence(hotkeyProblemOn('Control+Super+B', 'linux') ?? '')).toMatch(/^Control\+Super\+B не работает/);
    expect(russianSentence('Something new happened.')).toBeNull();
  });

  it('says why the settings refused recorded keys, with keys that would do', () => {
    const copy = refusalOf({ openWindow: 'CommandOrControl+C', lookupClipboard: null });
    expect(copy.code).toBe('invalid_setting');
    expect(russianProblem(copy)).toMatch(/^CommandOrControl\+C используют другие программы или система.*например CommandOrControl\+Alt\+C\.$/);
    expect(russianProblem(refusalOf({ openWindow: 'Alt+Tab', lookupClipboard: null }))).toMatch(/^Alt\+Tab используют другие программы/);
    expect(russianProblem(refusalOf({ openWindow: 'Shift+B', lookupClipboard: null }))).toBe(
      'Shift+B отнимет клавишу у набора текста. Добавьте Ctrl или Alt, например CommandOrControl+Alt+B.',
    );
    expect(russianProblem(refusalOf({ openWindow: 'CommandOrControl+Alt+K', lookupClipboard: 'CommandOrControl+Alt+K' }))).toBe(
      'У обеих горячих клавиш одни и те же клавиши (CommandOrControl+Alt+K). Выберите другие для одной из них.',
    );
    // Another setting's refusal has no sentence of its own here: the setting's general one.
    expect(russianProblem({ code: 'invalid_setting', message: 'The theme is one of system, light, dark.' })).toBe('Это значение настройки не подходит.');
  });
});

describe('warnings, reasons and the rest', () => {
  it('says how unsafe credentials are here, and what hotkeys cannot do under Wayland', () => {
    expect(russianSentence('… saved webhooks and tokens are only obscured, not protected: …')).toMatch(/^Нет хранилища ключей/);
    expect(russianSentence('This computer offers no way to encrypt credentials, so B24 Chat Lookup cannot save a portal.')).toMatch(/^На этом компьютере нечем/);
    expect(russianSentence(hotkeyLimitation('linux', { XDG_SESSION_TYPE: 'wayland' }) ?? '')).toMatch(/^В сеансе Wayland/);
  });

  it('says how many references are too many, and keeps a sentence it does not know in English', () => {
    expect(russianProblem({ code: 'too_many', message: 'That is 900 references; look up at most 500 at once.' })).toContain('500');
    expect(russianProblem({ code: 'brand_new_code', message: 'Something specific.' })).toBe('Something specific.');
  });
});

describe('a link the system could not open', () => {
  /** What the chat opener throws when the OS opens nothing, as the dispatcher passes it on. */
  async function failureOf(open: (opener: ChatOpener) => Promise<unknown>) {
    const opener = new ChatOpener({
      settings: { get: () => ({ openChatIn: 'browser' }) } as unknown as SettingsStore,
      profiles: { forPortal: (origin: string) => ({ portal: origin }) } as unknown as ConstructorParameters<typeof ChatOpener>[0]['profiles'],
      openExternal: () => Promise.reject(new Error('no browser')),
      clipboard: { readText: () => '', writeText: () => undefined },
      allowLocalPortals: false,
    });
    const error: unknown = await open(opener).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    if (!(error instanceof UserError)) throw new Error('The opener did not refuse with a UserError.');
    return { code: error.code, message: error.message };
  }

  it('says which: the releases page (with its address to open by hand), a chat, the Bitrix24 app, or an entity\'s page', async () => {
    const releases = await failureOf((opener) => opener.openReleases());
    expect(releases).toEqual({ code: 'open_failed', message: `The system could not open the releases page in a browser. Its address is ${RELEASES_PAGE}` });
    expect(russianProblem(releases)).toBe(`Система не смогла открыть страницу выпусков в браузере. Её адрес: ${RELEASES_PAGE}`);
    const chat = await failureOf((opener) => opener.open({ portal: 'https://acme.bitrix24.ru', chatId: 5 }));
    expect(russianProblem(chat)).toBe('Система не смогла открыть ссылку. Скопируйте номер чата.');
    const desktop = await failureOf((opener) => opener.open({ portal: 'https://acme.bitrix24.ru', chatId: 5, opener: 'desktop' }));
    expect(russianProblem(desktop)).toMatch(/^Приложение Битрикс24 не открыло чат/);
    // An entity without a chat: nothing to copy, so no advice to copy a chat number.
    const page = await failureOf((opener) => opener.openEntityPage({ portal: 'https://acme.bitrix24.ru', entityType: 'CRM', entityId: 'DEAL|5' }));
    expect(page.code).toBe('open_failed');
    expect(russianProblem(page)).toBe('Система не смогла открыть страницу в браузере.');
  });
});

describe('notices', () => {
  // The sentences as document.ts and profiles.ts compose them (the damaged-file one is also checked end to end in
  // test/integration/ipc/desktop.test.ts).
  it.each([
    ['Your settings is being saved again.', 'Файл «настройки» снова сохраняется.'],
    [
      'Your history could not be saved to /home/a/history.json (the disk is full). Changes are kept until the app quits and saved as soon as the file can be written again.',
      'Не удалось сохранить «история» в /home/a/history.json (the disk is full). Изменения хранятся, пока приложение открыто, и будут сохранены, как только файл снова можно будет записать.',
    ],
    [
      'Your portal profiles file is not valid JSON, and it could not be copied aside either, so it was left untouched at /home/a/profiles.json. Your portal profiles will not be saved in this session; the app tries again at its next start.',
      'Файл /home/a/profiles.json не удалось прочитать и отложить в сторону, поэтому он оставлен как есть. В этом сеансе «профили порталов» не сохраняются; приложение попробует снова при следующем запуске.',
    ],
    [
      'The portal old.bitrix24.ru now answers at new.bitrix24.ru; the profile "Sales" was updated to the new address.',
      'Портал old.bitrix24.ru теперь отвечает по адресу new.bitrix24.ru; профиль «Sales» обновлён.',
    ],
    ['Something the app says for the first time.', 'Something the app says for the first time.'],
  ])('%s', (english, russian) => {
    expect(russianNotice(english)).toBe(russian);
  });
});

describe('connecting through a local application (OAuth)', () => {
  /** A fetch that answers the OAuth server's refusal. */
  const refusing = (error: string): FetchLike => async () => new Response(JSON.stringify({ error, error_description: 'no' }), { status: 400 });
  /** The error a call that must fail throws. */
  async function thrownBy<E extends Error>(promise: Promise<unknown>): Promise<E> {
    const thrown = await promise.then(
      () => null,
      (error: unknown) => error,
    );
    if (!(thrown instanceof Error)) throw new Error('expected the call to fail');
    return thrown as E;
  }

  it('a sign-in page the system could not open', async () => {
    const signIn = new OAuthSignIn({
      // A portal on the Internet: the store's local-portal refusal lets it through.
      profiles: { refuseLocalPortal: () => undefined } as unknown as ProfileStore,
      openExternal: () => Promise.reject(new Error('no browser')),
      tokenServer: { fetch: refusing('unused'), userAgent: 'test', timeoutMs: 1_000, clock: systemClock },
      random: (size) => new Uint8Array(size),
      clock: systemClock,
      allowLocalPortals: false,
      language: () => 'en',
      listen: async () => ({ host: '127.0.0.1', port: 5000, handler: 'http://127.0.0.1:5000/b24-chat-lookup/oauth', result: new Promise(() => undefined), listening: true, close: async () => undefined }),
      log: () => undefined,
    });
    const error = await thrownBy<UserError>(signIn.signIn({ portal: 'acme.bitrix24.ru', clientId: 'local.1.2', clientSecret: 'secret0123' }));
    expect(error).toMatchObject({ code: 'open_failed', message: 'The system could not open the sign-in page of acme.bitrix24.ru in a browser.' });
    expect(russianProblem(error)).toBe('Система не смогла открыть страницу входа в браузере.');
  });

  it.each([
    'invalid_portal',
    'invalid_application',
    'sign_in_state',
    'sign_in_denied',
    'sign_in_timeout',
    'sign_in_cancelled',
    'sign_in_server',
    'sign_in_paste',
    'no_sign_in',
    'not_oauth',
  ])('has a Russian sentence for %s', (code) => {
    expect(russianProblem({ code, message: 'English.' })).toMatch(/[а-яё]/i);
  });

  it('shows the browser the sign-in pages in Russian', () => {
    for (const page of Object.values(RUSSIAN_SIGN_IN_PAGES)) {
      expect(page.title).toMatch(/[а-яё]/i);
      expect(page.text).toMatch(/B24 Chat Lookup/);
    }
  });
});
