import { describe, expect, test } from 'vitest';
import type { OAuthCredentials, OAuthTokens } from '../../../electron/core/bitrix/credentials.ts';
import { findEntityChat } from '../../../electron/core/bitrix/im.ts';
import type { FakePortal } from '../../fake-portal/portal.ts';
import { clientFor, failureOf, portalFor } from './support.ts';

const LEAD_13 = { entityType: 'CRM', entityId: 'LEAD|13' };

function oauthOf(portal: FakePortal): OAuthCredentials {
  return {
    kind: 'oauth',
    tokens: portal.oauthTokens(),
    application: { clientId: portal.oauth.clientId, clientSecret: portal.oauth.clientSecret },
  };
}

describe('OAuth tokens', () => {
  test('calls go to the client endpoint with the access token', async () => {
    const portal = await portalFor();
    const { client } = clientFor(oauthOf(portal));
    await expect(findEntityChat(client, LEAD_13)).resolves.toEqual({ found: true, chatId: 1437 });
    expect(portal.requests[0]).toMatchObject({ path: '/rest/im.chat.get', httpMethod: 'POST' });
  });

  test('an expired token is refreshed once, stored through the callback before the call is repeated', async () => {
    const portal = await portalFor();
    portal.oauth.accessExpired = true;
    const stored: { tokens: OAuthTokens; requestsSoFar: number }[] = [];
    const { client } = clientFor(oauthOf(portal), {
      onTokensRefreshed: async (tokens) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        stored.push({ tokens, requestsSoFar: portal.requestCount });
      },
    });

    await expect(findEntityChat(client, LEAD_13)).resolves.toEqual({ found: true, chatId: 1437 });

    expect(portal.oauth.refreshCount).toBe(1);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.tokens).toMatchObject({ accessToken: portal.oauth.accessToken, refreshToken: portal.oauth.refreshToken, memberId: 'fake0member0id' });
    expect(stored[0]?.tokens.expiresAt).toBeGreaterThan(Date.now() + 3_500_000);
    // expired call, token request — and only then the repeated call.
    expect(stored[0]?.requestsSoFar).toBe(2);
    expect(portal.requests.map((r) => r.restMethod)).toEqual(['im.chat.get', 'oauth/token', 'im.chat.get']);
    expect(client.credentials).toMatchObject({ tokens: { accessToken: portal.oauth.accessToken } });
  });

  test('two concurrent lookups that both meet the expired token share one refresh', async () => {
    const portal = await portalFor();
    portal.oauth.accessExpired = true;
    let callbacks = 0;
    const { client } = clientFor(oauthOf(portal), { onTokensRefreshed: () => void (callbacks += 1) });
    const [a, b] = await Promise.all([findEntityChat(client, LEAD_13), findEntityChat(client, { entityType: 'CRM', entityId: 'DEAL|5' })]);
    expect(a).toEqual({ found: true, chatId: 1437 });
    expect(b).toEqual({ found: true, chatId: 1501 });
    expect(portal.oauth.refreshCount).toBe(1);
    expect(callbacks).toBe(1);
  });

  test('a refused refresh is auth_invalid and asks to connect again', async () => {
    const portal = await portalFor();
    portal.oauth.accessExpired = true;
    portal.oauth.refreshRejected = true;
    const { client } = clientFor(oauthOf(portal));
    const error = await failureOf(findEntityChat(client, LEAD_13));
    expect(error.failure).toMatchObject({ code: 'auth_invalid', portalError: 'invalid_grant', method: 'oauth/token' });
    expect(error.message).toContain('Connect again');
  });

  test('a token that stays expired after a refresh is auth_invalid, not an endless loop', async () => {
    const portal = await portalFor();
    const credentials = oauthOf(portal);
    credentials.tokens.accessToken = 'a-token-the-portal-never-issued';
    const { client } = clientFor(credentials);
    // invalid_token → one refresh → the fresh token works.
    await expect(findEntityChat(client, LEAD_13)).resolves.toEqual({ found: true, chatId: 1437 });
    expect(portal.oauth.refreshCount).toBe(1);

    portal.oauth.accessExpired = true;
    portal.oauth.refreshRejected = false;
    // The fake clears `accessExpired` on refresh; make the new token expire again at once.
    const stubborn = clientFor(oauthOf(portal), { onTokensRefreshed: () => void (portal.oauth.accessExpired = true) }).client;
    const error = await failureOf(findEntityChat(stubborn, LEAD_13));
    expect(error.failure).toMatchObject({ code: 'auth_invalid', portalError: 'expired_token' });
    expect(portal.oauth.refreshCount).toBe(2);
  });
});
