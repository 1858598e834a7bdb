/**
 * Sentences the main process writes for the settings screen without a code to branch on: a portal's last check, a
 * hotkey the OS or the settings refused, how safely credentials are kept, what hotkeys cannot do on this desktop.
 * In English they are shown as written (hotkeys respelled the way the platform writes them: "Ctrl+Alt+B", "⌥⌘B");
 * in Russian each known sentence is recognised by its wording and said in Russian, and an unknown one falls back as
 * problems.ts does.
 */
import type { SecretStorageView } from '../../../electron/core/ipc/contract.ts';
import { formatAccelerator } from './accelerator-keys.ts';
import { format, locale, translator } from './i18n.svelte.ts';
import { type Problem, problemText } from './problems.ts';

const t = translator({
  en: { connectedAs: 'Connected as {name}', connected: 'Connected', unchecked: 'Not checked yet' },
  ru: { connectedAs: 'Подключено как {name}', connected: 'Подключено', unchecked: 'Ещё не проверялся' },
});

/** Russian for the sentences below (English is the main process's own). */
const RU = {
  taken: '{keys} не удалось назначить: эти клавиши уже заняты другим приложением или системой. Выберите другие.',
  twin: 'У обеих горячих клавиш одни и те же клавиши ({keys}). Выберите другие для одной из них.',
  platform: '{keys} не работает в этой системе. Запишите сочетание с Ctrl и Alt.',
  system: '{keys} используют другие программы или система (копирование, вставка, вкладки, переключение окон, ввод символов). Выберите другое, например {example}.',
  typing: '{keys} отнимет клавишу у набора текста. Добавьте Ctrl или Alt, например {example}.',
  obscured_only:
    'Нет хранилища ключей (GNOME Keyring, KWallet), поэтому вебхуки лишь замаскированы: их прочтёт любой, кто читает ваши файлы. Запустите хранилище и подключите портал заново.',
  unavailable: 'На этом компьютере нечем зашифровать данные входа, поэтому портал сохранить нельзя.',
  wayland:
    'В сеансе Wayland горячие клавиши работают, только если их поддерживает рабочий стол (KDE Plasma, GNOME 48+). Если клавиша не срабатывает, пользуйтесь меню значка в трее.',
};

/** Which problem a portal's failed check was, read from its sentence (the profile keeps no code). */
const STATUS_CODES: readonly (readonly [RegExp, string])[] = [
  [/lacks (?:the .+|a) scope/, 'scope_missing'],
  [/did not accept the|refused the (?:webhook|sign-in)|has expired and could not be renewed|requires HTTPS/, 'auth_invalid'],
  [/denied REST access|did not let this user see/, 'access_denied'],
  [/too frequent/, 'rate_limited'],
  [/has paused/, 'operation_limited'],
  [/blocked REST requests|no longer exists/, 'portal_blocked'],
  [/does not offer/, 'method_unavailable'],
  [/internal error|a gateway or the portal is failing/, 'server_error'],
  [/not a Bitrix24 REST answer|answered \S+ with/, 'bad_response'],
  [/^Could not reach/, 'network'],
  [/did not answer (?:in the time allowed|within)/, 'timeout'],
  [/redirect/i, 'too_many_redirects'],
];

/** A portal's failed check as a problem: its code guessed from the sentence, the sentence kept for English. */
export function statusProblem(message: string): Problem {
  const code = STATUS_CODES.find(([pattern]) => pattern.test(message))?.[1] ?? 'portal_error';
  const scopes = [.../lacks the (.+?) scope/.exec(message)?.[1]?.matchAll(/"([^"]+)"/g) ?? []].map((match) => match[1] ?? '');
  return code === 'scope_missing' ? { code, message, missingScopes: scopes.length > 0 ? scopes : ['im'] } : { code, message };
}

/** How a portal is doing, for its row in the list. */
export function profileStatusText(profile: { status: string; statusMessage: string | null; userName: string | null }): string {
  if (profile.status === 'unchecked') return t('unchecked');
  if (profile.status === 'connected') return profile.userName ? t('connectedAs', { name: profile.userName }) : t('connected');
  return problemText(statusProblem(profile.statusMessage ?? ''));
}

/** Electron accelerators inside a sentence ("CommandOrControl+Alt+B", quoted or not). */
const ACCELERATOR = /"?((?:(?:CommandOrControl|Command|Control|Alt|Option|AltGr|Shift|Super|Meta)\+)+(?:\w+|[^\s"\w]))"?/g;

/**
 * Why a hotkey does not work or was refused (the OS holds it, a system shortcut, the other hotkey's keys), with the
 * keys as the platform writes them. `code` is the refusal's (a hotkey's state has none).
 */
export function hotkeyText({ code = '', message }: { code?: string; message: string }, platform: string): string {
  const keys = [...message.matchAll(ACCELERATOR)].map((match) => formatAccelerator(match[1] ?? '', platform));
  if (locale.language === 'en') {
    return message.replace(/^Hotkeys(?: \(\w+\))?: /, '').replace(ACCELERATOR, (_, found: string) => formatAccelerator(found, platform));
  }
  const russian = /could not be registered/.test(message)
    ? RU.taken
    : /same keys/.test(message)
      ? RU.twin
      : /only Macs have|Macs do not have|Linux desktops keep/.test(message)
        ? RU.platform
        : /other programs or the system use|how the system switches/.test(message)
          ? RU.system
          : /away from typing/.test(message)
            ? RU.typing
            : null;
  return russian === null ? problemText({ code, message }) : format(russian, { keys: keys[0] ?? '', example: keys.at(-1) ?? '' }, 'ru');
}

/** How unsafe keeping credentials is here, or null when the OS keychain keeps them. */
export function storageWarningText({ protection, warning }: SecretStorageView): string | null {
  return warning === null || protection === 'os_keychain' || locale.language === 'en' ? warning : RU[protection];
}

/** What global hotkeys cannot do on this desktop. */
export function limitationText(limitation: string): string {
  return locale.language === 'ru' && limitation.includes('Wayland') ? RU.wayland : limitation;
}
