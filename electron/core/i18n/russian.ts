/**
 * The main process's sentences in Russian. Every failure has a stable code and an English sentence written for people
 * (with the specifics: which setting, which host); for a Russian-speaking person the code picks the Russian sentence
 * here. A few sentences carry no code (a hotkey's state, a portal's last check, how credentials are kept): those are
 * recognised by their wording, which the tests pin to the real sentences. Anything not known here stays English
 * rather than becoming nothing.
 */
import { RELEASES_PAGE } from '../about.ts';
import type { SignInPageKind } from '../sign-in/oauth-callback.ts';

/** A failure as the window shows it. */
export interface Problem {
  code: string;
  message: string;
  /** operation_limited: epoch ms when the method is free again. */
  retryAt?: number;
  /** scope_missing: the scopes to add. */
  missingScopes?: string[];
}

const BY_CODE: Readonly<Record<string, string>> = {
  // The portal and the network (the REST client's codes).
  auth_invalid: 'Портал не принял вебхук: его удалили или изменили. Подключите портал заново в настройках.',
  access_denied: 'Портал отказал в доступе: у пользователя вебхука нет прав на это, или тариф портала не даёт REST API.',
  user_restricted: 'Администратор портала открыл локальное приложение только некоторым пользователям, и вас среди них нет. Попросите его дать вам доступ к приложению.',
  payment_required: 'Сервер авторизации не продлевает вход: пробный или оплаченный период приложения закончился. Продлите оплату приложения в Битрикс24 и переподключитесь.',
  rest_blocked: 'Битрикс24 вручную заблокировал REST-запросы к порталу из-за перегрузки. Повтор не поможет: администратору портала нужно обратиться в техподдержку Битрикс24.',
  rate_limited: 'Портал просит делать запросы реже. Подождите несколько секунд и повторите.',
  operation_limited: 'Портал временно ограничил этот метод. Повторите через несколько минут.',
  portal_blocked: 'Портал удалён или его публичная часть закрыта. Проверьте адрес в браузере; на коробочном портале администратору нужно выключить «Временное закрытие публичной части сайта».',
  method_unavailable: 'На портале нет чатов CRM (модуль «Чаты» выключен или метод недоступен).',
  server_error: 'На портале внутренняя ошибка. Повторите чуть позже.',
  bad_response: 'Портал ответил не так, как отвечает Битрикс24. Проверьте адрес портала.',
  network: 'Портал недоступен: проверьте подключение к интернету и адрес портала.',
  timeout: 'Портал не ответил вовремя. Повторите чуть позже.',
  too_many_redirects: 'Портал перенаправляет запросы по кругу. Проверьте его адрес.',
  portal_error: 'Портал отказал в запросе. Подробности в журнале приложения.',
  cancelled: 'Поиск отменён.',
  // Refusals still raised as UserError (quick-lookup.ts, lookup-desk.ts); the parser's own are messages now.
  clipboard_empty: 'В буфере обмена нет текста. Скопируйте ссылку CRM, например LEAD|13 или адрес сделки.',
  empty: 'Искать нечего. Вставьте ссылку на сущность CRM, например LEAD|13, D_5 или адрес сделки.',
  // The app.
  no_profile: 'Сначала подключите портал: в настройках вставьте входящий вебхук Битрикс24.',
  too_long: 'Слишком длинный текст для поиска.',
  not_found: 'Этого запроса уже нет в истории.',
  portal_gone: 'Этот запрос делался на портале, который больше не подключён. Подключите его снова или ищите на текущем.',
  unknown_portal: 'Этот портал не подключён к приложению, поэтому оно его не открывает.',
  open_failed: 'Система не смогла открыть ссылку. Скопируйте номер чата.',
  no_page: 'Для этой сущности приложение не знает страницы; откройте её в разделе Битрикс24.',
  window_hidden: 'Окно скрыто; откройте его и повторите.',
  invalid_setting: 'Это значение настройки не подходит.',
  invalid_webhook: 'Это не адрес входящего вебхука. Он выглядит так: https://ваш-портал.bitrix24.ru/rest/1/код/',
  invalid_name: 'Имя портала не может быть пустым.',
  local_portal: 'Портал на этом компьютере можно подключить только в сборке для разработки.',
  // Connecting through a local application (OAuth).
  invalid_portal: 'Это не адрес портала. Он выглядит так: https://ваш-портал.bitrix24.ru',
  invalid_application:
    'Битрикс24 не принял приложение: проверьте его код (client_id) и ключ (client_secret) в разделе Приложения → Разработчикам → Интеграции (в карточке приложения) и что приложение установлено.',
  sign_in_state: 'Браузер вернул ответ не на этот вход, поэтому он не использован. Начните вход заново.',
  sign_in_denied: 'Вход не выполнен: в Битрикс24 не разрешили доступ приложению. Начните вход заново и нажмите «Разрешить».',
  sign_in_timeout: 'Вход не завершён в браузере вовремя. Начните его заново.',
  sign_in_cancelled: 'Вход отменён.',
  sign_in_server:
    'Портал назвал сервером входа не oauth.bitrix.info и не себя, поэтому ключ приложения туда не отправлен. Проверьте адрес портала.',
  sign_in_paste: 'Это не адрес из строки браузера и не код входа. Скопируйте адрес из строки браузера целиком и вставьте его.',
  no_sign_in: 'Сейчас ни один вход не ждёт кода. Начните вход заново.',
  not_oauth: 'Этот портал подключён вебхуком, а не локальным приложением: чтобы подключить его заново, вставьте новый адрес вебхука.',
  secret_storage_unavailable: 'На этом компьютере нечем зашифровать данные входа, поэтому портал нельзя сохранить.',
  credentials_locked: 'Данные входа этого портала не расшифровываются на этом компьютере. Подключите портал заново.',
  export_failed: 'Историю не удалось сохранить. Выберите другую папку.',
  internal: 'Что-то пошло не так внутри приложения; подробности в его журнале.',
  forbidden: 'Этот запрос может делать только окно B24 Chat Lookup.',
};

/** Electron accelerators inside a sentence ("CommandOrControl+Alt+B", quoted or not). */
const ACCELERATOR = /"?((?:(?:CommandOrControl|Command|Control|Alt|Option|AltGr|Shift|Super|Meta)\+)+(?:\w+|[^\s"\w]))"?/g;

/** Sentences without a code, recognised by their wording; `{keys}` and `{example}` are the first and last chord in them. */
const BY_WORDING: readonly (readonly [RegExp, string])[] = [
  [/could not be registered/, '{keys} не удалось назначить: эти клавиши уже заняты другим приложением или системой. Выберите другие.'],
  [/same keys/, 'У обеих горячих клавиш одни и те же клавиши ({keys}). Выберите другие для одной из них.'],
  [/only Macs have|Macs do not have|Linux desktops keep/, '{keys} не работает в этой системе. Запишите сочетание с Ctrl и Alt.'],
  [
    /other programs or the system use|how the system switches/,
    '{keys} используют другие программы или система (копирование, вставка, вкладки, переключение окон, ввод символов). Выберите другое, например {example}.',
  ],
  [/away from typing/, '{keys} отнимет клавишу у набора текста. Добавьте Ctrl или Alt, например {example}.'],
  [
    /only obscured, not protected/,
    'Нет хранилища ключей (GNOME Keyring, KWallet), поэтому вебхуки лишь замаскированы: их прочтёт любой, кто читает ваши файлы. Запустите хранилище и подключите портал заново.',
  ],
  [/no way to encrypt credentials/, 'На этом компьютере нечем зашифровать данные входа, поэтому портал сохранить нельзя.'],
  [
    /Wayland/,
    'В сеансе Wayland горячие клавиши работают, только если их поддерживает рабочий стол (KDE Plasma, GNOME 48+). Если клавиша не срабатывает, пользуйтесь меню значка в трее.',
  ],
];

/** A portal's failed check has only its sentence (the profile keeps no code): which problem it was. */
const CHECK_WORDING: readonly (readonly [RegExp, string])[] = [
  [/lacks (?:the .+|a) scope/, 'scope_missing'],
  [/did not accept the|refused the (?:webhook|sign-in)|could not be renewed|was refused \(|requires HTTPS|OAuth server address/, 'auth_invalid'],
  [/denied \S+ \(|did not let this user see|lacks the rights it needs/, 'access_denied'],
  [/too frequent/, 'rate_limited'],
  [/has paused/, 'operation_limited'],
  [/blocked REST requests to/, 'rest_blocked'],
  [/was deleted or that its public part is closed/, 'portal_blocked'],
  [/let only some users use the local application/, 'user_restricted'],
  [/trial or paid period is over/, 'payment_required'],
  [/does not offer/, 'method_unavailable'],
  [/internal error|a gateway or the portal is failing/, 'server_error'],
  [/not a Bitrix24 REST answer|answered \S+ with/, 'bad_response'],
  [/^Could not reach/, 'network'],
  [/did not answer (?:in the time allowed|within)/, 'timeout'],
  [/redirect/i, 'too_many_redirects'],
];

const fill = (template: string, values: Record<string, string>): string => template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);

/** A failure in Russian, by its code; the English sentence when the code is not one known here. */
export function russianProblem(problem: Problem): string {
  switch (problem.code) {
    case 'auth_invalid':
      return russianAuthProblem(problem.message);
    case 'operation_limited':
      return problem.retryAt === undefined
        ? (BY_CODE.operation_limited ?? problem.message)
        : `Портал временно ограничил этот метод. Повторите после ${new Date(problem.retryAt).toLocaleTimeString('ru', { hour: '2-digit', minute: '2-digit' })}.`;
    case 'scope_missing': {
      const scopes = (problem.missingScopes ?? scopesIn(problem.message)).join(', ');
      return /application/.test(problem.message)
        ? `У локального приложения нет права ${scopes}. В Битрикс24 откройте локальное приложение, отметьте «${scopes}» и сохраните.`
        : `У вебхука нет права ${scopes}. В Битрикс24 откройте вебхук, отметьте «${scopes}» и сохраните.`;
    }
    case 'too_many':
      // The limit is in the English sentence ("look up at most 500 at once").
      return `Слишком много ссылок за раз: не больше ${/at most ([\d,]+)/.exec(problem.message)?.[1] ?? ''}.`;
    case 'open_failed':
      if (problem.message.includes('releases page')) return `Система не смогла открыть страницу выпусков в браузере. Её адрес: ${RELEASES_PAGE}`;
      if (problem.message.includes('open the page')) return 'Система не смогла открыть страницу в браузере.';
      if (problem.message.includes('sign-in page')) return 'Система не смогла открыть страницу входа в браузере.';
      return problem.message.includes('desktop app') ? 'Приложение Битрикс24 не открыло чат: оно установлено? Откройте чат в браузере.' : (BY_CODE.open_failed ?? problem.message);
    case 'invalid_setting':
      // A refused hotkey says why in words of its own.
      return russianSentence(problem.message) ?? BY_CODE.invalid_setting ?? problem.message;
    default:
      return BY_CODE[problem.code] ?? problem.message;
  }
}

/**
 * The portal refused the credentials: a webhook's sentence, or for a local application's sign-in the one that says what
 * happened to it (a code too old, a sign-in the OAuth server no longer renews, new tokens not saved).
 */
function russianAuthProblem(message: string): string {
  if (!/sign-in|local application|OAuth/.test(message)) return BY_CODE.auth_invalid ?? message;
  if (/sign-in code/.test(message)) {
    return 'Портал не принял код входа: код действует один раз и только 30 секунд. Войдите снова и завершите вход в браузере быстрее.';
  }
  if (/new tokens could not be saved/.test(message)) {
    return 'Вход продлён, но новые ключи не удалось сохранить. Пока приложение открыто, оно работает; если после перезапуска поиск не сработает, подключитесь заново.';
  }
  if (/could not be renewed|has expired/.test(message)) {
    return 'Вход через локальное приложение истёк, и портал его не продлил. Подключитесь заново: Настройки → «Переподключить».';
  }
  return 'Портал не принял вход через локальное приложение. Подключитесь заново: Настройки → «Переподключить».';
}

/** A sentence without a code (a hotkey's state, a warning) in Russian, or null when its wording is not known here. */
export function russianSentence(message: string): string | null {
  const template = BY_WORDING.find(([pattern]) => pattern.test(message))?.[1];
  if (template === undefined) return null;
  const keys = [...message.matchAll(ACCELERATOR)].map((match) => match[1] ?? '');
  return fill(template, { keys: keys[0] ?? '', example: keys.at(-1) ?? '' });
}

/** A portal's last check, failed, in Russian. */
export function russianCheck(message: string): string {
  const ended = /^The sign-in to (\S+) ended on (\S+): /.exec(message);
  if (ended) {
    return `Вход в ${ended[1]} закончился ${ended[2]}: Битрикс24 хранит вход локального приложения 180 дней, если его не продлевать. Переподключитесь, чтобы войти снова.`;
  }
  const code = CHECK_WORDING.find(([pattern]) => pattern.test(message))?.[1] ?? 'portal_error';
  return russianProblem({ code, message });
}

/** Whose the portal's user is, as connection.ts writes it when the portal gives no name. */
function russianWho(who: string): string {
  if (who === 'an unnamed user') return 'пользователь без имени';
  const id = /^user #(\d+)$/.exec(who)?.[1];
  return id === undefined ? who : `пользователь №${id}`;
}

/** A portal's last check that went well, in Russian: "connected as" for a webhook, "signed in as … via the application". */
export function russianConnected(message: string): string {
  const signedIn = /^Signed in to (\S+) as (.+) via the local application; scope (.+) present\.$/.exec(message);
  if (signedIn) return `Вход в ${signedIn[1]} выполнен как ${russianWho(signedIn[2] ?? '')} через локальное приложение; право ${signedIn[3]} есть.`;
  const connected = /^Connected to (\S+) as (.+); scope (.+) present\.$/.exec(message);
  if (connected) return `Подключено к ${connected[1]} как ${russianWho(connected[2] ?? '')}; право ${connected[3]} есть.`;
  return message;
}

/** The page the browser shows once the portal has answered a sign-in (oauth-callback.ts), in Russian. */
export const RUSSIAN_SIGN_IN_PAGES: Readonly<Record<SignInPageKind, { title: string; text: string }>> = {
  signed_in: { title: 'Вход получен', text: 'Эту вкладку можно закрыть и вернуться в B24 Chat Lookup.' },
  wrong_state: {
    title: 'Не этот вход',
    text: 'Этот ответ пришёл не на тот вход, которого ждёт B24 Chat Lookup, поэтому он не использован. Закройте вкладку и начните вход в B24 Chat Lookup заново.',
  },
  denied: { title: 'Вход не выполнен', text: 'Битрикс24 не дал B24 Chat Lookup доступ. Эту вкладку можно закрыть и вернуться в B24 Chat Lookup.' },
  no_code: { title: 'Вход не выполнен', text: 'В ответе нет кода входа. Закройте вкладку и начните вход в B24 Chat Lookup заново.' },
};

/** What each state file holds, as the notices name it. */
const FILE_LABELS: readonly (readonly [string, string])[] = [
  ['portal profiles', 'профили порталов'],
  ['settings', 'настройки'],
  ['history', 'история'],
];

/**
 * A notice in Russian (a damaged or unsaved file, a portal that moved). Notices are composed sentences with a path or a
 * host in them: each kind is recognised by its wording and said again in Russian with those names kept.
 */
export function russianNotice(message: string): string {
  const label = FILE_LABELS.find(([english]) => message.includes(`your ${english}`) || message.includes(`Your ${english}`) || message.includes(`empty ${english}`))?.[1] ?? 'данные';
  const moved = /^The portal (\S+) now answers at (\S+); the profile "(.*)" was updated to the new address\.$/.exec(message);
  if (moved) return `Портал ${moved[1]} теперь отвечает по адресу ${moved[2]}; профиль «${moved[3]}» обновлён.`;
  const ending = /^The sign-in to (\S+) ends on (\S+) and could not be renewed now\./.exec(message);
  if (ending) return `Вход в ${ending[1]} закончится ${ending[2]}, а продлить его сейчас не удалось. Откройте B24 Chat Lookup при подключении к сети до этого дня или переподключитесь.`;
  if (/ is being saved again\.$/.test(message)) return `Файл «${label}» снова сохраняется.`;
  const unsaved = / could not be saved to (.+) \((.*)\)\. Changes are kept/.exec(message);
  if (unsaved) return `Не удалось сохранить «${label}» в ${unsaved[1]} (${unsaved[2]}). Изменения хранятся, пока приложение открыто, и будут сохранены, как только файл снова можно будет записать.`;
  const untouched = /, so it was left untouched at (.+)\. Your /.exec(message);
  if (untouched) return `Файл ${untouched[1]} не удалось прочитать и отложить в сторону, поэтому он оставлен как есть. В этом сеансе «${label}» не сохраняются; приложение попробует снова при следующем запуске.`;
  const copy = /A copy of it (?:as it was )?is kept at (.+?)\. (Everything readable was kept|The app started with empty)/.exec(message);
  if (copy) {
    const then = copy[2]?.startsWith('Everything') ? 'Всё, что удалось прочитать, сохранено.' : `Приложение начало с пустыми данными («${label}»).`;
    return `Файл «${label}» был повреждён или записан другой версией; его копия сохранена в ${copy[1]}. ${then}`;
  }
  return message;
}

/** Launch at login could not be changed (`reason` is the system's own words). */
export function russianLoginItemFailure(enabled: boolean, reason: string): string {
  return `Не удалось ${enabled ? 'включить' : 'выключить'} запуск при входе в систему (${reason}). Повторите или измените это в настройках автозапуска системы.`;
}

function scopesIn(message: string): string[] {
  const scopes = [.../lacks the (.+?) scope/.exec(message)?.[1]?.matchAll(/"([^"]+)"/g) ?? []].map((match) => match[1] ?? '');
  return scopes.length > 0 ? scopes : ['im'];
}
