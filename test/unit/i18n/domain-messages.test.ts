/**
 * The REST client's, the parser's and the lookup's messages as a person reads them: each built message has every
 * parameter its sentence names, in English and in Russian, and its kind is the failure the app acts on.
 */
import { describe, expect, it } from 'vitest';
import { placeholdersOf } from '../../../electron/common/i18n/format.ts';
import { PORTAL_FAILURE_KINDS, portalFailureKind } from '../../../electron/common/messages/portal.ts';
import { failureFromPortalError } from '../../../electron/core/bitrix/errors.ts';
import { abortFailure, timeoutFailure } from '../../../electron/core/bitrix/transport.ts';
import { CATALOGS, LANGUAGES, say } from '../../../electron/common/i18n/catalogs.ts';
import { parseEntityReferences } from '../../../electron/common/references/parse-reference.ts';

const PORTAL_ERRORS = [
  'NO_AUTH_FOUND',
  'INVALID_CREDENTIALS',
  'USER_ACCESS_ERROR',
  'AUTHORIZATION_ERROR',
  'EXPIRED_TOKEN',
  'INVALID_REQUEST',
  'INSUFFICIENT_SCOPE',
  'ACCESS_DENIED',
  'ACCESS_ERROR',
  'QUERY_LIMIT_EXCEEDED',
  'OPERATION_TIME_LIMIT',
  'OVERLOAD_LIMIT',
  'PORTAL_DELETED',
  'PAYMENT_REQUIRED',
  'WRONG_AUTH_TYPE',
  'METHOD_NOT_FOUND',
  'INTERNAL_SERVER_ERROR',
  'ERROR_CORE',
];

const failure = (portalError: string, oauth: boolean, retryAt: number | null = null) =>
  failureFromPortalError({
    portal: 'acme.bitrix24.ru',
    method: 'im.chat.get',
    portalError,
    portalErrorDescription: oauth ? 'described' : '',
    httpStatus: 400,
    retryAt,
    now: 0,
    attempts: 2,
    oauth,
  });

/** The parameters a message's English sentence names that it does not give. */
function missingParams(message: { code: string; params?: Readonly<Record<string, unknown>> }): string[] {
  const entry = CATALOGS.en[message.code as keyof typeof CATALOGS.en];
  return placeholdersOf(entry.message)
    .map((placeholder) => placeholder.split(',')[0] ?? '')
    .filter((name) => message.params?.[name] === undefined);
}

describe("the REST client's failures", () => {
  const failures = [
    ...PORTAL_ERRORS.flatMap((code) => [failure(code, false), failure(code, true)]),
    failure('OPERATION_TIME_LIMIT', false, Date.UTC(2026, 10, 25, 11, 5)),
    timeoutFailure('acme.bitrix24.ru', 'batch', 1500).failure,
    timeoutFailure('acme.bitrix24.ru', 'batch', null).failure,
    abortFailure(undefined, 'acme.bitrix24.ru', 'batch').failure,
  ];

  it('give every parameter their sentence names, in every language', () => {
    for (const { message } of failures) {
      expect(missingParams(message), message.code).toEqual([]);
      for (const language of LANGUAGES) expect(say(message, language), `${message.code} in ${language}`).not.toMatch(/\{\w+(?:, \w+)?\}/);
    }
  });

  it('report the kind of failure the client acts on', () => {
    for (const { code, message } of failures) expect(portalFailureKind(message.code), message.code).toBe(code);
    expect(portalFailureKind('missing_id')).toBeNull();
    expect(Object.keys(PORTAL_FAILURE_KINDS).every((key) => key in CATALOGS.ru)).toBe(true);
  });

  it('say the specifics in Russian: the host, the scope, the time', () => {
    expect(say(failure('INSUFFICIENT_SCOPE', false).message, 'ru')).toBe(
      'У вебхука для acme.bitrix24.ru нет права im, нужного методу im.chat.get. В Битрикс24 откройте входящий вебхук, отметьте im и сохраните.',
    );
    expect(say(failure('QUERY_LIMIT_EXCEEDED', false).message, 'ru')).toContain('после 2 попыток');
    expect(say(timeoutFailure('acme.bitrix24.ru', 'batch', 1500).failure.message, 'en')).toBe(
      'acme.bitrix24.ru did not answer within 1.5 s. The portal or the network may be slow; try again.',
    );
  });
});

describe("the parser's refusals", () => {
  it('give every parameter their sentence names', () => {
    const texts = [
      '',
      'LEAD|',
      'LEAD|0',
      'LEAD|-3',
      '1,234',
      'LEAD|99999999999999999999',
      '13',
      'FOO|3',
      'DYNAMIC_5|3',
      'T7f_3',
      'invoice 9',
      'ftp://x/',
      'hello there',
      '|13',
      'TASKS_TASK:',
    ];
    for (const text of texts) {
      for (const reference of parseEntityReferences(text)) if (!reference.ok) expect(missingParams(reference.error), text).toEqual([]);
    }
  });
});
