/**
 * token-renewal.ts on its own: renewals at the fake portal's OAuth server on loopback, writing into held credentials,
 * with no client around them.
 */
import { describe, expect, test } from 'vitest';
import { systemClock } from '../../../electron/core/clock.ts';
import type { OAuthCredentials, OAuthTokens } from '../../../electron/core/bitrix/credentials.ts';
import type { BitrixFailure } from '../../../electron/core/bitrix/errors.ts';
import { HeldCredentials } from '../../../electron/core/bitrix/held-credentials.ts';
import { TokenRenewal, type TokenRenewalOptions } from '../../../electron/core/bitrix/token-renewal.ts';
import type { FakePortal } from '../../fake-portal/portal.ts';
import { failureOf, portalFor } from './support.ts';

function oauthOf(portal: FakePortal): OAuthCredentials {
  return { kind: 'oauth', tokens: portal.oauthTokens(), application: { clientId: portal.oauth.clientId, clientSecret: portal.oauth.clientSecret } };
}

function renewalFor(portal: FakePortal, options: Partial<TokenRenewalOptions> = {}) {
  const lines: string[] = [];
  const held = new HeldCredentials(oauthOf(portal));
  const renewal = new TokenRenewal(held, {
    fetch,
    userAgent: 'B24ChatLookup/0.0.0-test',
    timeoutMs: 2000,
    clock: systemClock,
    allowLocalHosts: true,
    log: (line) => lines.push(held.redact(line)),
    ...options,
  });
  return { held, renewal, lines };
}

const accessTokenOf = (held: HeldCredentials): string => (held.current.kind === 'oauth' ? held.current.tokens.accessToken : '');

describe('TokenRenewal', () => {
  test('renews at the OAuth server, stores the new pair through the callback, then uses it', async () => {
    const portal = await portalFor();
    const stored: OAuthTokens[] = [];
    const { held, renewal, lines } = renewalFor(portal, { onTokensRefreshed: (tokens) => void stored.push(tokens) });
    const stale = accessTokenOf(held);

    await renewal.renewAfter(stale, 'im.chat.get', undefined);

    expect(portal.oauth.refreshCount).toBe(1);
    expect(stored).toMatchObject([{ accessToken: portal.oauth.accessToken, refreshToken: portal.oauth.refreshToken }]);
    expect(accessTokenOf(held)).toBe(portal.oauth.accessToken);
    expect(accessTokenOf(held)).not.toBe(stale);
    // The retired token is still kept out of what is logged.
    expect(held.redact(stale)).toBe('•••');
    expect(lines).toEqual(['access token refreshed']);
    expect(renewal.inProgress).toBe(false);
  });

  test('calls that saw the same expired token share one renewal; a token already replaced renews nothing', async () => {
    const portal = await portalFor();
    const { held, renewal } = renewalFor(portal, {
      onTokensRefreshed: () => new Promise((resolve) => setTimeout(resolve, 20)),
    });
    const stale = accessTokenOf(held);
    const first = renewal.renewAfter(stale, 'im.chat.get', undefined);
    expect(renewal.inProgress).toBe(true);
    // A call waiting before it sends waits for the same renewal, including the caller's storing of it.
    await Promise.all([first, renewal.renewAfter(stale, 'im.dialog.get', undefined), renewal.wait('profile', undefined)]);
    expect(portal.oauth.refreshCount).toBe(1);

    await renewal.renewAfter(stale, 'im.chat.get', undefined);
    expect(portal.oauth.refreshCount).toBe(1);
  });

  test('a refusal (invalid_grant) is auth_invalid, reported once to whoever keeps the sign-in', async () => {
    const portal = await portalFor();
    portal.oauth.refreshRejected = true;
    const refused: BitrixFailure[] = [];
    const { held, renewal, lines } = renewalFor(portal, { onRefreshRefused: (failure) => void refused.push(failure) });
    const stale = accessTokenOf(held);

    const error = await failureOf(renewal.renewAfter(stale, 'im.chat.get', undefined));

    expect(error.failure).toMatchObject({ code: 'auth_invalid', portalError: 'invalid_grant', method: 'oauth/token' });
    expect(refused).toMatchObject([{ code: 'auth_invalid', portalError: 'invalid_grant' }]);
    expect(lines).toEqual(['oauth/token: the OAuth server refused to renew the sign-in (invalid_grant)']);
    expect(accessTokenOf(held)).toBe(stale);
    expect(renewal.inProgress).toBe(false);
  });

  test('new tokens that cannot be saved are still used, and the caller hears that they were not saved', async () => {
    const portal = await portalFor();
    const { held, renewal } = renewalFor(portal, {
      onTokensRefreshed: () => Promise.reject(new Error('disk full')),
    });
    const error = await failureOf(renewal.renewAfter(accessTokenOf(held), 'im.chat.get', undefined));
    expect(error.failure).toMatchObject({ code: 'auth_invalid', method: 'oauth/token' });
    expect(error.message).toContain('the new tokens could not be saved');
    expect(accessTokenOf(held)).toBe(portal.oauth.accessToken);
  });

  test('a portal that moved while the renewal ran keeps its new address', async () => {
    const portal = await portalFor();
    const { held, renewal } = renewalFor(portal);
    const start = oauthOf(portal);
    const moved = 'https://renamed.bitrix24.com/rest/';
    const renewing = renewal.renewAfter(start.tokens.accessToken, 'im.chat.get', undefined);
    held.replace({ ...start, tokens: { ...start.tokens, clientEndpoint: moved } });
    await renewing;
    expect(held.current).toMatchObject({ tokens: { accessToken: portal.oauth.accessToken, clientEndpoint: moved } });
  });

  test('a caller that gives up stops waiting; the renewal goes on and its tokens are kept', async () => {
    const portal = await portalFor();
    const saving = Promise.withResolvers<void>();
    const reached = Promise.withResolvers<void>();
    const { held, renewal } = renewalFor(portal, {
      onTokensRefreshed: () => {
        reached.resolve();
        return saving.promise;
      },
    });
    const controller = new AbortController();
    const waiting = renewal.renewAfter(accessTokenOf(held), 'im.chat.get', controller.signal);
    controller.abort();
    expect((await failureOf(waiting)).failure).toMatchObject({ code: 'cancelled', method: 'im.chat.get' });
    expect(renewal.inProgress).toBe(true);
    await reached.promise;
    saving.resolve();
    await renewal.wait('im.chat.get', undefined);
    expect(renewal.inProgress).toBe(false);
    expect(accessTokenOf(held)).toBe(portal.oauth.accessToken);
  });
});
