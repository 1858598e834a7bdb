/**
 * The portal's, the parser's and the lookup's sentences in Russian (electron/core/i18n/russian.ts), until those domains
 * send messages; every other domain's sentences are messages said from the catalogs (test/unit/i18n/main-messages.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { russianProblem, russianReason } from '../../../electron/core/i18n/russian.ts';
import type { BitrixClient } from '../../../electron/core/bitrix/client.ts';
import { checkConnection } from '../../../electron/core/bitrix/connection.ts';
import { exchangeAuthorizationCode, refreshOAuthTokens } from '../../../electron/core/bitrix/oauth.ts';
import type { FetchLike } from '../../../electron/core/bitrix/transport.ts';
import { systemClock } from '../../../electron/core/clock.ts';
import { LEAD_CONVERTED } from '../../../electron/core/lookup/lookup-service.ts';

describe('warnings, reasons and the rest', () => {
  it('says why an entity may have no chat, until when to wait, and keeps a sentence it does not know in English', () => {
    expect(russianReason(LEAD_CONVERTED)).toMatch(/конвертации лида/);
    expect(russianReason('A reason added later.')).toBe('A reason added later.');
    const at = new Date(2026, 10, 25, 14, 5).getTime();
    expect(russianProblem({ code: 'operation_limited', message: 'wait', retryAt: at })).toContain('14:05');
    expect(russianProblem({ code: 'scope_missing', message: 'lacks "im"', missingScopes: ['im'] })).toMatch(/права im/);
    expect(russianProblem({ code: 'too_many', message: 'That is 900 references; look up at most 500 at once.' })).toContain('500');
    expect(russianProblem({ code: 'brand_new_code', message: 'Something specific.' })).toBe('Something specific.');
  });
});

describe('connecting through a local application (OAuth)', () => {
  /** What checkConnection says for credentials of this kind, scopes and user (no portal needed). */
  function checked(kind: 'webhook' | 'oauth', scopes: string[], user: Record<string, string> = { ID: '1', NAME: 'Irina', LAST_NAME: 'Volkova' }) {
    const client = {
      batch: async () => [
        { ok: true, result: scopes },
        { ok: true, result: user },
      ],
      credentials: { kind },
      portal: 'https://acme.bitrix24.ru',
      portalHost: 'acme.bitrix24.ru',
    } as unknown as BitrixClient;
    return checkConnection(client);
  }

  /** A fetch that answers the OAuth server's refusal. */
  const refusing = (error: string): FetchLike => async () => new Response(JSON.stringify({ error, error_description: 'no' }), { status: 400 });
  const context = (fetch: FetchLike) => ({ fetch, userAgent: 'test', timeoutMs: 1_000, clock: systemClock, redact: (text: string) => text });
  /** The error a call that must fail throws. */
  async function thrownBy<E extends Error>(promise: Promise<unknown>): Promise<E> {
    const thrown = await promise.then(
      () => null,
      (error: unknown) => error,
    );
    if (!(thrown instanceof Error)) throw new Error('expected the call to fail');
    return thrown as E;
  }

  it('names the local application, not a webhook, when it lacks the scope', async () => {
    const check = await checked('oauth', ['crm']);
    expect(check.message).toBe(
      'Signed in to acme.bitrix24.ru as Irina Volkova via the local application, but the local application lacks the "im" scope. In Bitrix24 edit the local application, add "im", and save.',
    );
    expect(russianProblem({ code: 'scope_missing', message: check.message, missingScopes: ['im'] })).toBe(
      'У локального приложения нет права im. В Битрикс24 откройте локальное приложение, отметьте «im» и сохраните.',
    );
  });

  it('a renewal the OAuth server refused: the profile\'s sentence asks to reconnect', async () => {
    const tokens = { accessToken: 'acc0123456789', refreshToken: 'ref0123456789', clientEndpoint: 'https://acme.bitrix24.ru/rest/', serverEndpoint: 'https://oauth.bitrix.info/rest/' };
    const error = await thrownBy(refreshOAuthTokens(context(refusing('invalid_grant')), tokens, { clientId: 'local.1.2', clientSecret: 'secret0123' }, { allowLocalPortals: false }));
    expect(error.message).toBe('The sign-in to acme.bitrix24.ru could not be renewed (invalid_grant). Connect again: Settings → Reconnect.');
    expect(russianProblem({ code: 'auth_invalid', message: error.message })).toBe(
      'Вход через локальное приложение истёк, и портал его не продлил. Подключитесь заново: Настройки → «Переподключить».',
    );
  });

  it('a code the OAuth server refused says what happened to the code', async () => {
    const error = await thrownBy(
      exchangeAuthorizationCode(context(refusing('invalid_grant')), { clientId: 'local.1.2', clientSecret: 'secret0123' }, {
        portal: 'https://acme.bitrix24.ru',
        code: 'avmocpghblyi01m3h42bljvqtyd19sw1',
        serverDomain: 'oauth.bitrix.info',
        allowLocalPortals: false,
      }),
    );
    expect(russianProblem({ code: 'auth_invalid', message: error.message })).toBe(
      'Портал не принял код входа: код действует один раз и только 30 секунд. Войдите снова и завершите вход в браузере быстрее.',
    );
  });

});
