import { describe, expect, test } from 'vitest';
import { systemClock } from '../../../electron/core/clock.ts';
import type { OAuthCredentials, OAuthTokens } from '../../../electron/core/bitrix/credentials.ts';
import { findEntityChat } from '../../../electron/core/bitrix/im.ts';
import { exchangeAuthorizationCode } from '../../../electron/core/bitrix/oauth.ts';
import { type FakePortal, REGISTERED_HANDLER } from '../../fake-portal/portal.ts';
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
    expect(error.message).toContain('Connect again: Settings → Reconnect.');
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

describe('OAuth refresh, the harder cases', () => {
  test('a refused application (invalid_client) is auth_invalid too', async () => {
    const portal = await portalFor();
    portal.oauth.accessExpired = true;
    const credentials = oauthOf(portal);
    credentials.application.clientSecret = 'a-secret-the-portal-does-not-know';
    const { client } = clientFor(credentials);
    const error = await failureOf(findEntityChat(client, LEAD_13));
    expect(error.failure).toMatchObject({ code: 'auth_invalid', portalError: 'invalid_client', method: 'oauth/token' });
  });

  test('a token answer naming a plain-HTTP endpoint is refused: the token is never sent there', async () => {
    const portal = await portalFor();
    portal.oauth.accessExpired = true;
    portal.oauth.clientEndpoint = 'http://portal.example.com/rest/';
    const { client } = clientFor(oauthOf(portal));
    const error = await failureOf(findEntityChat(client, LEAD_13));
    expect(error.failure).toMatchObject({ code: 'auth_invalid', method: 'oauth/token' });
    expect(error.message).toContain('not HTTPS');
    expect(client.credentials).toMatchObject({ tokens: { clientEndpoint: `${portal.origin}/rest/` } });
  });

  test('credentials whose endpoint is plain HTTP to another computer are refused up front', () => {
    expect(() => clientFor({ kind: 'oauth', tokens: { accessToken: 'a', refreshToken: 'r', clientEndpoint: 'http://portal.example.com/rest/', serverEndpoint: 'https://oauth.bitrix.info/rest/' }, application: { clientId: 'c', clientSecret: 's' } })).toThrow(RangeError);
  });

  test('when the new tokens cannot be stored, the call fails with auth_invalid, and the tokens keep working in memory', async () => {
    const portal = await portalFor();
    portal.oauth.accessExpired = true;
    const { client } = clientFor(oauthOf(portal), {
      onTokensRefreshed: (tokens) => {
        throw new Error(`keychain refused to store ${tokens.refreshToken}`);
      },
    });
    const error = await failureOf(findEntityChat(client, LEAD_13));
    expect(error.failure).toMatchObject({ code: 'auth_invalid' });
    expect(error.message).toContain('could not be saved');
    expect(`${error.message} ${error.stack ?? ''} ${JSON.stringify(error)}`).not.toContain(portal.oauth.refreshToken);
    await expect(findEntityChat(client, LEAD_13)).resolves.toEqual({ found: true, chatId: 1437 });
    expect(portal.oauth.refreshCount).toBe(1);
  });

  test('a call that gives up while a refresh is being stored is cancelled; the refresh still finishes for the rest', async () => {
    const portal = await portalFor();
    portal.oauth.accessExpired = true;
    const { client } = clientFor(oauthOf(portal), { onTokensRefreshed: () => new Promise((resolve) => setTimeout(resolve, 300)) });
    const controller = new AbortController();
    const patient = findEntityChat(client, LEAD_13);
    const impatient = findEntityChat(client, { entityType: 'CRM', entityId: 'DEAL|5' }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    expect((await failureOf(impatient)).code).toBe('cancelled');
    await expect(patient).resolves.toEqual({ found: true, chatId: 1437 });
    expect(portal.oauth.refreshCount).toBe(1);
  });

  test('a rename and a refresh at the same time: one of each, and the client ends on the new address with the new tokens', async () => {
    const renamed = await portalFor();
    const old = await portalFor({ renamedTo: renamed.origin, oauth: renamed.oauth });
    renamed.oauth.accessExpired = true;
    const credentials: OAuthCredentials = {
      kind: 'oauth',
      tokens: { ...renamed.oauthTokens(), clientEndpoint: `${old.origin}/rest/` },
      application: { clientId: renamed.oauth.clientId, clientSecret: renamed.oauth.clientSecret },
    };
    // What the app would keep: apply each report in the order it arrives.
    let stored: OAuthCredentials = credentials;
    const moves: string[] = [];
    const { client } = clientFor(credentials, {
      onPortalMoved: (move) => {
        moves.push(move.to);
        if (move.credentials.kind === 'oauth') stored = move.credentials;
      },
      onTokensRefreshed: (tokens) => {
        stored = { ...stored, tokens };
      },
    });
    const answers = await Promise.all([
      findEntityChat(client, LEAD_13),
      findEntityChat(client, { entityType: 'CRM', entityId: 'DEAL|5' }),
      findEntityChat(client, { entityType: 'CRM', entityId: 'COMPANY|7' }),
    ]);
    expect(answers.map((a) => a.found)).toEqual([true, true, true]);
    expect(renamed.oauth.refreshCount).toBe(1);
    expect(moves).toEqual([renamed.origin]);
    expect(client.credentials).toMatchObject({ tokens: { accessToken: renamed.oauth.accessToken, clientEndpoint: `${renamed.origin}/rest/` } });
    expect(stored.tokens).toMatchObject({ accessToken: renamed.oauth.accessToken, refreshToken: renamed.oauth.refreshToken, clientEndpoint: `${renamed.origin}/rest/` });
  });
});

test('a rename noticed by a call that left before a refresh does not bring back the retired tokens', async () => {
  const renamed = await portalFor();
  const old = await portalFor({ oauth: renamed.oauth });
  renamed.oauth.accessExpired = true;
  // The OAuth server still names the old address: the rename has not reached it yet.
  renamed.oauth.clientEndpoint = `${old.origin}/rest/`;
  const credentials: OAuthCredentials = {
    kind: 'oauth',
    tokens: { ...renamed.oauthTokens(), clientEndpoint: `${old.origin}/rest/` },
    application: { clientId: renamed.oauth.clientId, clientSecret: renamed.oauth.clientSecret },
  };
  // The first request to the old address is slow on the way (a congested network path): it reaches the portal
  // only after another call has refreshed the tokens and the portal has been renamed.
  let slowFirst = true;
  const slowFetch: typeof fetch = async (input, init) => {
    if (slowFirst && String(input).startsWith(old.origin)) {
      slowFirst = false;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    return fetch(input, init);
  };
  const { client } = clientFor(credentials, { fetch: slowFetch });

  const early = findEntityChat(client, LEAD_13);
  await new Promise((resolve) => setTimeout(resolve, 20));
  await expect(findEntityChat(client, { entityType: 'CRM', entityId: 'DEAL|5' })).resolves.toEqual({ found: true, chatId: 1501 });
  expect(renamed.oauth.refreshCount).toBe(1);
  old.set({ renamedTo: renamed.origin });

  await expect(early).resolves.toEqual({ found: true, chatId: 1437 });
  expect(client.credentials).toMatchObject({ tokens: { accessToken: renamed.oauth.accessToken, clientEndpoint: `${renamed.origin}/rest/` } });
  expect(renamed.oauth.refreshCount).toBe(1);
});

describe('the sign-in at the fake portal: its authorize page and the code exchange', () => {
  const STATE = 'Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg';
  const REDIRECT = 'http://127.0.0.1:49152/b24-chat-lookup/oauth';
  const ctx = { fetch, userAgent: 'B24ChatLookup/0.0.0-test', timeoutMs: 2_000, clock: systemClock, redact: (text: string) => text };

  /** The fake's authorize page for this application: where it sends the browser. */
  async function authorize(portal: FakePortal, query: Record<string, string>): Promise<{ status: number; location: URL | null }> {
    const response = await fetch(`${portal.origin}/oauth/authorize/?${new URLSearchParams(query).toString()}`, { redirect: 'manual' });
    const location = response.headers.get('location');
    return { status: response.status, location: location === null ? null : new URL(location) };
  }

  async function codeFrom(portal: FakePortal): Promise<{ code: string; serverDomain: string }> {
    const { location } = await authorize(portal, { client_id: portal.oauth.clientId, state: STATE, redirect_uri: REDIRECT });
    return { code: location?.searchParams.get('code') ?? '', serverDomain: location?.searchParams.get('server_domain') ?? '' };
  }

  const application = (portal: FakePortal) => ({ clientId: portal.oauth.clientId, clientSecret: portal.oauth.clientSecret });

  test('sends the browser back to the handler on the port asked for, with what Bitrix24 adds', async () => {
    const portal = await portalFor();
    const { status, location } = await authorize(portal, { client_id: portal.oauth.clientId, state: STATE, redirect_uri: REDIRECT });
    expect(status).toBe(302);
    expect(`${location?.origin}${location?.pathname}`).toBe('http://127.0.0.1:49152/b24-chat-lookup/oauth');
    expect([...(location?.searchParams.keys() ?? [])]).toEqual(['code', 'state', 'domain', 'member_id', 'scope', 'server_domain']);
    expect(location?.searchParams.get('state')).toBe(STATE);
    expect(location?.searchParams.get('server_domain')).toBe(new URL(portal.origin).host);
    expect(location?.searchParams.get('scope')).toBe('crm,im,user,task');
  });

  test.each([
    ['another application', { client_id: 'local.other.1', redirect_uri: REDIRECT }],
    ['another host', { redirect_uri: 'http://evil.example:49152/b24-chat-lookup/oauth' }],
    ['localhost rather than 127.0.0.1', { redirect_uri: 'http://localhost:49152/b24-chat-lookup/oauth' }],
    ['https', { redirect_uri: 'https://127.0.0.1:49152/b24-chat-lookup/oauth' }],
    ['another path', { redirect_uri: 'http://127.0.0.1:49152/b24-chat-lookup/other' }],
    ['a query of its own', { redirect_uri: 'http://127.0.0.1:49152/b24-chat-lookup/oauth?next=x' }],
  ])('refuses %s: no code is handed out', async (_name, query) => {
    const portal = await portalFor();
    const { status, location } = await authorize(portal, { client_id: portal.oauth.clientId, state: STATE, ...query });
    expect(status).toBe(400);
    expect(location).toBeNull();
  });

  test('without a redirect_uri sends the browser to the registered handler (port 80), and a denial answers access_denied', async () => {
    const portal = await portalFor();
    const registered = await authorize(portal, { client_id: portal.oauth.clientId, state: STATE });
    expect(`${registered.location?.origin}${registered.location?.pathname}`).toBe(REGISTERED_HANDLER);
    portal.set({ authorize: 'deny' });
    const denied = await authorize(portal, { client_id: portal.oauth.clientId, state: STATE, redirect_uri: REDIRECT });
    expect(denied.location?.searchParams.get('error')).toBe('access_denied');
    expect(denied.location?.searchParams.get('state')).toBe(STATE);
    expect(denied.location?.searchParams.has('code')).toBe(false);
  });

  test('a code is exchanged once for tokens that work for REST calls', async () => {
    const portal = await portalFor();
    const { code, serverDomain } = await codeFrom(portal);
    const tokens = await exchangeAuthorizationCode(ctx, application(portal), { portal: portal.origin, code, serverDomain, allowLocalPortals: true });
    expect(tokens).toMatchObject({ accessToken: portal.oauth.accessToken, refreshToken: portal.oauth.refreshToken, clientEndpoint: `${portal.origin}/rest/`, memberId: 'fake0member0id' });
    expect(portal.oauth.codeExchangeCount).toBe(1);
    expect(portal.requests.at(-1)).toMatchObject({ restMethod: 'oauth/token', httpMethod: 'GET', params: { grant_type: 'authorization_code', code } });
    const { client } = clientFor({ kind: 'oauth', tokens, application: application(portal) });
    await expect(findEntityChat(client, LEAD_13)).resolves.toEqual({ found: true, chatId: 1437 });

    // The same code again: used up.
    const again = await failureOf(exchangeAuthorizationCode(ctx, application(portal), { portal: portal.origin, code, serverDomain, allowLocalPortals: true }));
    expect(again.failure).toMatchObject({ code: 'auth_invalid', portalError: 'invalid_grant' });
    expect(portal.oauth.codeExchangeCount).toBe(1);
  });

  test('a code older than its lifetime, or one the portal never gave, is invalid_grant; a wrong secret invalid_client', async () => {
    const portal = await portalFor({ codeLifetimeMs: 50 });
    const { code, serverDomain } = await codeFrom(portal);
    await new Promise((resolve) => setTimeout(resolve, 120));
    const old = await failureOf(exchangeAuthorizationCode(ctx, application(portal), { portal: portal.origin, code, serverDomain, allowLocalPortals: true }));
    expect(old.failure).toMatchObject({ code: 'auth_invalid', portalError: 'invalid_grant' });
    expect(old.message).toMatch(/only for 30 seconds\. Sign in again, and finish in the browser quickly\./);

    const unknown = await failureOf(exchangeAuthorizationCode(ctx, application(portal), { portal: portal.origin, code: 'code0never0given0by0the0portal', serverDomain, allowLocalPortals: true }));
    expect(unknown.failure).toMatchObject({ portalError: 'invalid_grant' });

    portal.set({ codeLifetimeMs: 30_000 });
    const fresh = await codeFrom(portal);
    const wrongSecret = await failureOf(
      exchangeAuthorizationCode(ctx, { clientId: portal.oauth.clientId, clientSecret: 'not-the-application-secret' }, { portal: portal.origin, ...fresh, allowLocalPortals: true }),
    );
    expect(wrongSecret.failure).toMatchObject({ code: 'auth_invalid', portalError: 'invalid_client' });
    expect(portal.oauth.codeExchangeCount).toBe(0);
  });
});
