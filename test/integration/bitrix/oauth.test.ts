import { describe, expect, test } from 'vitest';
import { systemClock } from '../../../electron/core/clock.ts';
import type { OAuthCredentials, OAuthTokens } from '../../../electron/core/bitrix/credentials.ts';
import { findEntityChat } from '../../../electron/core/bitrix/im.ts';
import { exchangeAuthorizationCode } from '../../../electron/core/bitrix/oauth.ts';
import { DEFAULT_HANDLER, type FakePortal } from '../../fake-portal/portal.ts';
import { clientFor, failureOf, portalFor } from './support.ts';
import { sentence } from '../../support/sentence.ts';

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
    expect(stored[0]?.tokens).toMatchObject({ accessToken: portal.oauth.accessToken, refreshToken: portal.oauth.refreshToken, memberId: portal.memberId });
    expect(stored[0]?.tokens.expiresAt).toBeGreaterThan(Date.now() + 3_500_000);
    expect(stored[0]?.tokens.refreshIssuedAt).toBeGreaterThan(Date.now() - 60_000);
    // The expired call — and only once the new tokens are stored, the repeated call; the renewal went to the
    // authorization server, with the client secret (auto-renewal.md:13-21), not to the portal.
    expect(stored[0]?.requestsSoFar).toBe(1);
    expect(portal.requests.map((r) => r.restMethod)).toEqual(['im.chat.get', 'im.chat.get']);
    expect(portal.oauthServer.requests).toMatchObject([
      { httpMethod: 'GET', params: { grant_type: 'refresh_token', client_secret: portal.oauth.clientSecret } },
    ]);
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
    expect(sentence(error)).toContain('Connect again: Settings → Reconnect.');
  });

  test('a token the portal does not know is NO_AUTH_FOUND: auth_invalid at once, no renewal (system-errors.md:20)', async () => {
    const portal = await portalFor();
    const credentials = oauthOf(portal);
    credentials.tokens.accessToken = 'a-token-the-portal-never-issued';
    const { client } = clientFor(credentials);
    const unknown = await failureOf(findEntityChat(client, LEAD_13));
    expect(unknown.failure).toMatchObject({ code: 'auth_invalid', portalError: 'NO_AUTH_FOUND', httpStatus: 401 });
    expect(sentence(unknown)).toContain('Settings → Reconnect');
    expect(portal.oauth.refreshCount).toBe(0);
  });

  test('a token that stays expired after a refresh is auth_invalid, not an endless loop', async () => {
    const portal = await portalFor();
    portal.oauth.accessExpired = true;
    // The fake clears `accessExpired` on refresh; make the new token expire again at once.
    const stubborn = clientFor(oauthOf(portal), { onTokensRefreshed: () => void (portal.oauth.accessExpired = true) }).client;
    const error = await failureOf(findEntityChat(stubborn, LEAD_13));
    expect(error.failure).toMatchObject({ code: 'auth_invalid', portalError: 'expired_token' });
    expect(portal.oauth.refreshCount).toBe(1);
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

  test("a token answer naming an authorization server that is not Bitrix24's is refused: no secret is ever sent there", async () => {
    const portal = await portalFor();
    portal.oauth.accessExpired = true;
    const credentials = oauthOf(portal);
    credentials.tokens.serverEndpoint = 'https://oauth.example.com/rest/';
    const { client } = clientFor(credentials, { allowLocalHosts: true });
    const error = await failureOf(findEntityChat(client, LEAD_13));
    expect(error.failure).toMatchObject({ code: 'auth_invalid', method: 'oauth/token' });
    expect(sentence(error)).toContain("oauth.example.com as its authorization server, which is not one of Bitrix24's");
    expect(portal.oauthServer.requests).toEqual([]);
  });

  test('an application whose payment lapsed: payment_required, and the renewal is not retried', async () => {
    const portal = await portalFor({ application: { paymentRequired: true } });
    portal.oauth.accessExpired = true;
    const { client } = clientFor(oauthOf(portal));
    const error = await failureOf(findEntityChat(client, LEAD_13));
    expect(error.failure).toMatchObject({ code: 'payment_required', portalError: 'PAYMENT_REQUIRED', method: 'oauth/token' });
    expect(portal.oauthServer.requests).toHaveLength(1);
  });

  test('a refresh token past its 180 days is refused (invalid_grant), asking to connect again', async () => {
    const portal = await portalFor();
    portal.oauth.accessExpired = true;
    portal.oauth.refreshIssuedAt = Date.now() - 181 * 24 * 3600 * 1000;
    const { client } = clientFor(oauthOf(portal));
    const error = await failureOf(findEntityChat(client, LEAD_13));
    expect(error.failure).toMatchObject({ code: 'auth_invalid', portalError: 'invalid_grant' });
  });

  test('a token answer naming a plain-HTTP endpoint is refused: the token is never sent there', async () => {
    const portal = await portalFor();
    portal.oauth.accessExpired = true;
    portal.oauth.clientEndpoint = 'http://portal.example.com/rest/';
    const { client } = clientFor(oauthOf(portal));
    const error = await failureOf(findEntityChat(client, LEAD_13));
    expect(error.failure).toMatchObject({ code: 'auth_invalid', method: 'oauth/token' });
    expect(sentence(error)).toContain('not HTTPS');
    expect(client.credentials).toMatchObject({ tokens: { clientEndpoint: `${portal.origin}/rest/` } });
  });

  test('credentials whose endpoint is plain HTTP to another computer are refused up front', () => {
    expect(() =>
      clientFor({
        kind: 'oauth',
        tokens: { accessToken: 'a', refreshToken: 'r', clientEndpoint: 'http://portal.example.com/rest/', serverEndpoint: 'https://oauth.bitrix.info/rest/' },
        application: { clientId: 'c', clientSecret: 's' },
      }),
    ).toThrow(RangeError);
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
    expect(sentence(error)).toContain('could not be saved');
    expect(`${sentence(error)} ${error.stack ?? ''} ${JSON.stringify(error)}`).not.toContain(portal.oauth.refreshToken);
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
    expect(stored.tokens).toMatchObject({
      accessToken: renamed.oauth.accessToken,
      refreshToken: renamed.oauth.refreshToken,
      clientEndpoint: `${renamed.origin}/rest/`,
    });
  });
});

test('a call waiting its turn behind a renewal and a rename goes out with the new tokens to the new address', async () => {
  const renamed = await portalFor();
  const old = await portalFor({ renamedTo: renamed.origin, oauth: renamed.oauth, oauthServer: renamed.oauthServer });
  renamed.oauth.accessExpired = true;
  const credentials: OAuthCredentials = {
    kind: 'oauth',
    tokens: { ...renamed.oauthTokens(), clientEndpoint: `${old.origin}/rest/` },
    application: { clientId: renamed.oauth.clientId, clientSecret: renamed.oauth.clientSecret },
  };
  const { client } = clientFor(credentials);
  // Both leave at once; one request at a time goes to the portal, so the second waits for the first's rename and renewal.
  const [first, second] = await Promise.all([findEntityChat(client, LEAD_13), findEntityChat(client, { entityType: 'CRM', entityId: 'DEAL|5' })]);
  expect([first.found, second.found]).toEqual([true, true]);
  expect(renamed.oauth.refreshCount).toBe(1);
  // The old address was asked once (the rename's redirect); every later request went to the new one.
  expect(old.requestCount).toBe(1);
  expect(renamed.requests.map((r) => r.status)).toEqual([401, 200, 200]);
  expect(client.credentials).toMatchObject({ tokens: { accessToken: renamed.oauth.accessToken, clientEndpoint: `${renamed.origin}/rest/` } });
});

describe('the sign-in at the fake portal: its authorize page and the code exchange at the authorization server', () => {
  const STATE = 'Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg';
  const HANDLER = 'http://127.0.0.1:49152/b24-chat-lookup/oauth';
  const ctx = { fetch, userAgent: 'B24ChatLookup/0.0.0-test', timeoutMs: 2_000, clock: systemClock, redact: (text: string) => text };

  /** The fake's authorize page for this application: where it sends the browser. */
  async function authorize(portal: FakePortal, query: Record<string, string>): Promise<{ status: number; location: URL | null; page: string }> {
    const response = await fetch(`${portal.origin}/oauth/authorize/?${new URLSearchParams(query).toString()}`, { redirect: 'manual' });
    const location = response.headers.get('location');
    return { status: response.status, location: location === null ? null : new URL(location), page: await response.text() };
  }

  async function codeFrom(portal: FakePortal): Promise<{ code: string; serverDomain: string }> {
    const { location } = await authorize(portal, { client_id: portal.application.clientId, state: STATE });
    return { code: location?.searchParams.get('code') ?? '', serverDomain: location?.searchParams.get('server_domain') ?? '' };
  }

  const application = (portal: FakePortal) => ({ clientId: portal.application.clientId, clientSecret: portal.application.clientSecret });

  test("sends the browser to the handler address of the application's settings, with what the docs say Bitrix24 adds", async () => {
    const portal = await portalFor({ application: { handler: HANDLER } });
    const { status, location } = await authorize(portal, { client_id: portal.application.clientId, state: STATE });
    expect(status).toBe(302);
    expect(`${location?.origin}${location?.pathname}`).toBe(HANDLER);
    // [en] settings/oauth/index.md:110-130.
    expect([...(location?.searchParams.keys() ?? [])]).toEqual(['code', 'state', 'domain', 'member_id', 'scope', 'server_domain']);
    expect(location?.searchParams.get('state')).toBe(STATE);
    expect(location?.searchParams.get('domain')).toBe(new URL(portal.origin).host);
    expect(location?.searchParams.get('member_id')).toBe(portal.memberId);
    // The server is another host than the portal.
    expect(location?.searchParams.get('server_domain')).toBe(new URL(portal.oauthServer.origin).host);
    expect(location?.searchParams.get('server_domain')).not.toBe(new URL(portal.origin).host);
    expect(location?.searchParams.get('scope')).toBe('crm,im,user,task');
  });

  test("a redirect_uri in the request changes nothing: the handler comes from the application's settings (index.md:70)", async () => {
    const portal = await portalFor();
    const { location } = await authorize(portal, { client_id: portal.application.clientId, state: STATE, redirect_uri: 'http://evil.example/steal' });
    expect(`${location?.origin}${location?.pathname}`).toBe(DEFAULT_HANDLER);
  });

  test.each([
    ['another application', { client_id: 'local.other.1' }, {}],
    ['an application that is not installed', {}, { installed: false }],
  ])("refuses %s on the portal's own page, sending the browser nowhere (index.md:68, :106)", async (_name, query, app) => {
    const portal = await portalFor({ application: app });
    const { status, location, page } = await authorize(portal, { client_id: portal.application.clientId, state: STATE, ...query });
    expect(status).toBe(400);
    expect(location).toBeNull();
    expect(page).toContain('not installed');
  });

  test('a sign-in that cannot be completed is an error page of the portal, with no error sent back', async () => {
    const portal = await portalFor({ signIn: 'fails' });
    const { status, location } = await authorize(portal, { client_id: portal.application.clientId, state: STATE });
    expect(status).toBe(403);
    expect(location).toBeNull();
  });

  test('a code is exchanged once, at the authorization server, for tokens that work for REST calls', async () => {
    const portal = await portalFor();
    const { code, serverDomain } = await codeFrom(portal);
    const tokens = await exchangeAuthorizationCode(ctx, application(portal), { portal: portal.origin, code, serverDomain, allowLocalPortals: true });
    expect(tokens).toMatchObject({
      accessToken: portal.oauth.accessToken,
      refreshToken: portal.oauth.refreshToken,
      clientEndpoint: `${portal.origin}/rest/`,
      serverEndpoint: `${portal.oauthServer.origin}/rest/`,
      memberId: portal.memberId,
    });
    expect(portal.oauth.codeExchangeCount).toBe(1);
    expect(portal.oauthServer.requests.at(-1)).toMatchObject({ httpMethod: 'GET', path: '/oauth/token/', params: { grant_type: 'authorization_code', code } });
    expect(portal.requests.map((r) => r.restMethod)).toEqual(['oauth/authorize']);
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
    expect(sentence(old)).toMatch(/only for 30 seconds\. Sign in again, and finish in the browser quickly\./);

    const unknown = await failureOf(
      exchangeAuthorizationCode(ctx, application(portal), {
        portal: portal.origin,
        code: 'code0never0given0by0the0portal',
        serverDomain,
        allowLocalPortals: true,
      }),
    );
    expect(unknown.failure).toMatchObject({ portalError: 'invalid_grant' });

    portal.set({ codeLifetimeMs: 30_000 });
    const fresh = await codeFrom(portal);
    const wrongSecret = await failureOf(
      exchangeAuthorizationCode(
        ctx,
        { clientId: portal.application.clientId, clientSecret: 'not-the-application-secret' },
        { portal: portal.origin, ...fresh, allowLocalPortals: true },
      ),
    );
    expect(wrongSecret.failure).toMatchObject({ code: 'auth_invalid', portalError: 'invalid_client' });
    expect(portal.oauth.codeExchangeCount).toBe(0);
  });
});
