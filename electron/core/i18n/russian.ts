/**
 * The Russian of the portal's, the parser's and the lookup's sentences, until those domains send messages (their
 * engineer's part; every other domain's Russian is in locales/ru/messages.json). Anything not known here stays
 * English rather than becoming nothing.
 */
import { ENTITY_DELETED, LEAD_CONVERTED, NOTHING_BOUND, OPENED_FROM_CARD } from '../lookup/lookup-service.ts';

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
  // Reading the reference (the parser's codes).
  clipboard_empty: 'В буфере обмена нет текста. Скопируйте ссылку CRM, например LEAD|13 или адрес сделки.',
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
  no_profile: 'Сначала подключите портал: в настройках вставьте входящий вебхук Битрикс24.',
  too_long: 'Слишком длинный текст для поиска.',
  portal_gone: 'Этот запрос делался на портале, который больше не подключён. Подключите его снова или ищите на текущем.',
};

/** Why an entity may have no chat (lookup-service.ts's reasons). */
const REASONS: ReadonlyMap<string, string> = new Map([
  [OPENED_FROM_CARD, 'Чат появляется у сущности CRM, только когда кто-нибудь откроет его из карточки; до этого чата нет.'],
  [LEAD_CONVERTED, 'При конвертации лида его чат переходит к созданной из него сделке, контакту или компании, и у лида чата больше нет.'],
  [ENTITY_DELETED, 'Если сущность удалили, её чат удаляется вместе с ней.'],
  [NOTHING_BOUND, 'К ней не привязан чат: его не создавали, или сущность удалили.'],
]);

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

/** Why an entity may have no chat, in Russian. */
export function russianReason(reason: string): string {
  return REASONS.get(reason) ?? reason;
}

function scopesIn(message: string): string[] {
  const scopes = [.../lacks the (.+?) scope/.exec(message)?.[1]?.matchAll(/"([^"]+)"/g) ?? []].map((match) => match[1] ?? '');
  return scopes.length > 0 ? scopes : ['im'];
}
