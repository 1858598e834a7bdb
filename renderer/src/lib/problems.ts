/**
 * What went wrong, in the person's language, and what to do about it. The main process answers every failure with a
 * stable code and an English sentence written for people (with the specifics: which setting, which host). In English
 * that sentence is shown as it is; in Russian the code picks a translated sentence, and a code this list does not know
 * falls back to the English one rather than to nothing.
 */
import { format, locale, type Params } from './i18n.svelte.ts';

export interface Problem {
  code: string;
  message: string;
  /** operation_limited: epoch ms when the method is free again. */
  retryAt?: number;
  /** scope_missing: the scopes to add. */
  missingScopes?: string[];
}

/** What the window offers next to a problem: the settings screen (reconnect, add a scope), or trying again. */
export type ProblemAction = 'settings' | 'retry' | null;

/** The Russian sentence for each code (English comes from the main process). */
const RUSSIAN: Readonly<Record<string, string>> = {
    // The portal and the network (the REST client's codes).
    auth_invalid: 'Портал не принял вебхук: его удалили или изменили. Подключите портал заново в настройках.',
    scope_missing: 'У вебхука нет права {scopes}. В Bitrix24 откройте вебхук, отметьте «{scopes}» и сохраните.',
    access_denied: 'Портал отказал в доступе: у пользователя вебхука нет прав на это, или тариф портала не даёт REST API.',
    rate_limited: 'Портал просит делать запросы реже. Подождите несколько секунд и повторите.',
    operation_limited: 'Портал временно ограничил этот метод. Повторите после {time}.',
    operation_limited_unknown: 'Портал временно ограничил этот метод. Повторите через несколько минут.',
    portal_blocked: 'Портал заблокирован или удалён. Проверьте его адрес в браузере и подключите заново.',
    method_unavailable: 'На портале нет чатов CRM (модуль «Чаты» выключен или метод недоступен).',
    server_error: 'На портале внутренняя ошибка. Повторите чуть позже.',
    bad_response: 'Портал ответил не так, как отвечает Bitrix24. Проверьте адрес портала.',
    network: 'Портал недоступен: проверьте подключение к интернету и адрес портала.',
    timeout: 'Портал не ответил вовремя. Повторите чуть позже.',
    too_many_redirects: 'Портал перенаправляет запросы по кругу. Проверьте его адрес.',
    portal_error: 'Портал отказал в запросе. Подробности в журнале приложения.',
    cancelled: 'Поиск отменён.',
    // Reading the reference (the parser's codes).
    empty: 'Искать нечего. Вставьте ссылку на сущность CRM, например LEAD|13, D_5 или адрес сделки.',
    missing_id: 'После типа нет номера: например, LEAD|13.',
    invalid_id: 'Номер должен быть целым числом больше нуля.',
    needs_type: 'Только номер, без типа: укажите тип (например, DEAL|5) или выберите тип по умолчанию в настройках.',
    unknown_type: 'Такого типа сущности нет. Подходят лиды, сделки, контакты, компании, предложения, счета и смарт-процессы.',
    unsupported_link: 'Эта ссылка не ведёт на сущность CRM или чат. Скопируйте адрес карточки сущности.',
    not_a_chat: 'Это ссылка на личную переписку, а не на чат сущности.',
    webhook_address: 'Это адрес вебхука, а не сущности. Его место — в настройках, в поле подключения портала.',
    unrecognised: 'Здесь не видно ссылки на сущность CRM. Подходят LEAD|13, D_5, адрес карточки или номер.',
    several: 'Здесь несколько ссылок; выберите одну.',
    // The app.
    no_profile: 'Сначала подключите портал: в настройках вставьте входящий вебхук Bitrix24.',
    too_many: 'Слишком много ссылок за раз: не больше {max}.',
    too_long: 'Слишком длинный текст для поиска.',
    not_found: 'Этого запроса уже нет в истории.',
    portal_gone: 'Этот запрос делался на портале, который больше не подключён. Подключите его снова или ищите на текущем.',
    unknown_portal: 'Этот портал не подключён к приложению, поэтому оно его не открывает.',
    open_failed: 'Система не смогла открыть ссылку. Скопируйте номер чата.',
    open_failed_desktop: 'Приложение Bitrix24 не открыло чат: оно установлено? Откройте чат в браузере.',
    no_page: 'Для этой сущности приложение не знает страницы; откройте её в разделе Bitrix24.',
    window_hidden: 'Окно скрыто; откройте его и повторите.',
    invalid_setting: 'Это значение настройки не подходит.',
    invalid_webhook: 'Это не адрес входящего вебхука. Он выглядит так: https://ваш-портал.bitrix24.ru/rest/1/код/',
    invalid_name: 'Имя портала не может быть пустым.',
    local_portal: 'Портал на этом компьютере можно подключить только в сборке для разработки.',
    secret_storage_unavailable: 'На этом компьютере нечем зашифровать данные входа, поэтому портал нельзя сохранить.',
    credentials_locked: 'Данные входа этого портала не расшифровываются на этом компьютере. Подключите портал заново.',
    export_failed: 'Историю не удалось сохранить. Выберите другую папку.',
    internal: 'Что-то пошло не так внутри приложения; подробности в его журнале.',
    invalid_request: 'Приложение отклонило запрос окна.',
    forbidden: 'Этот запрос может делать только окно B24 Chat Lookup.',
};

const ru = (key: string, params?: Params): string => format(RUSSIAN[key] ?? key, params, 'ru');

/** The problem as one sentence in the person's language. */
export function problemText(problem: Problem): string {
  if (locale.language === 'en') return problem.message;
  switch (problem.code) {
    case 'operation_limited':
      return problem.retryAt === undefined
        ? ru('operation_limited_unknown')
        : ru('operation_limited', { time: new Date(problem.retryAt).toLocaleTimeString('ru', { hour: '2-digit', minute: '2-digit' }) });
    case 'scope_missing':
      return ru('scope_missing', { scopes: (problem.missingScopes ?? ['im']).join(', ') });
    case 'too_many':
      // The limit is in the English sentence ("look up at most 500 at once").
      return ru('too_many', { max: /at most ([\d,]+)/.exec(problem.message)?.[1] ?? '' });
    case 'open_failed':
      return ru(problem.message.includes('desktop app') ? 'open_failed_desktop' : 'open_failed');
    default:
      return Object.hasOwn(RUSSIAN, problem.code) ? ru(problem.code) : problem.message;
  }
}

/** What the window offers beside a problem. */
export function problemAction(code: string): ProblemAction {
  switch (code) {
    case 'auth_invalid':
    case 'scope_missing':
    case 'portal_blocked':
    case 'no_profile':
    case 'portal_gone':
    case 'unknown_portal':
    case 'credentials_locked':
    case 'needs_type':
      return 'settings';
    case 'network':
    case 'timeout':
    case 'server_error':
    case 'rate_limited':
    case 'operation_limited':
    case 'bad_response':
      return 'retry';
    default:
      return null;
  }
}
