/**
 * The OAuth protocol pieces of bitrix/oauth.ts that need no portal: the authorize page's address, where the client
 * secret may go (tokenServerFor, isTokenServer), and the code exchange over a fetch that records instead of sending
 * (the same exchange against the fake portal and authorization server is in test/integration/bitrix/oauth.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../electron/core/clock.ts';
import { authorizeUrl, exchangeAuthorizationCode, OAUTH_HANDLER, OAUTH_LOOPBACK_HANDLER, tokenServerFor } from '../../../electron/core/bitrix/oauth.ts';
import type { FetchLike } from '../../../electron/core/bitrix/transport.ts';
import { sentence } from '../../support/sentence.ts';

const STATE = 'Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg';
const APPLICATION = { clientId: 'local.5f1a2b3c4d5e6f.12345678', clientSecret: 'LJSl0lNB76B5YY6u0YVQ3AW0DrVADcRTwVr4y99PXU1BWQybWK' };

describe('the authorize page and the handler address', () => {
  it('asks the portal for exactly client_id and state, the two parameters the docs give ([en] settings/oauth/index.md:86-102)', () => {
    expect(authorizeUrl('https://acme.bitrix24.ru', { clientId: APPLICATION.clientId, state: STATE })).toBe(
      `https://acme.bitrix24.ru/oauth/authorize/?client_id=local.5f1a2b3c4d5e6f.12345678&state=${STATE}`,
    );
  });

  it("has one fixed handler address, since the portal takes it from the application's settings (index.md:70): an HTTPS page that hands on to the app", () => {
    expect(OAUTH_HANDLER).toBe('https://b24-chat-lookup.github.io/b24-chat-lookup/sign-in/');
    expect(OAUTH_LOOPBACK_HANDLER).toBe('http://127.0.0.1:31024/b24-chat-lookup/oauth');
  });
});

describe('where the client secret may go (tokenServerFor)', () => {
  const installed = { allowLocalPortals: false };
  const development = { allowLocalPortals: true };

  it.each([
    // Bitrix24's authorization servers, for any portal: the one the portal names.
    ['https://acme.bitrix24.com', 'oauth.bitrix.info', installed, 'https://oauth.bitrix.info'],
    ['https://acme.bitrix24.ru', 'oauth.bitrix24.tech', installed, 'https://oauth.bitrix24.tech'],
    ['https://acme.bitrix24.ru', 'OAUTH.bitrix.info', installed, 'https://oauth.bitrix.info'],
    // A self-hosted portal uses the same servers ([en] settings/cloud-and-on-premise/on-premise/index.md:41).
    ['https://crm.example.com:8443', 'oauth.bitrix.info', installed, 'https://oauth.bitrix.info'],
    // No server named (a code pasted alone): a cloud portal's address says its region.
    ['https://acme.bitrix24.ru', undefined, installed, 'https://oauth.bitrix24.tech'],
    ['https://acme.bitrix24.by', undefined, installed, 'https://oauth.bitrix24.tech'],
    ['https://acme.bitrix24.kz', undefined, installed, 'https://oauth.bitrix24.tech'],
    ['https://acme.bitrix24.com', undefined, installed, 'https://oauth.bitrix.info'],
    ['https://acme.bitrix24.de', undefined, installed, 'https://oauth.bitrix.info'],
    // The fake authorization server on this computer, only in a development build.
    ['http://127.0.0.1:24024', '127.0.0.1:24025', development, 'http://127.0.0.1:24025'],
    ['https://acme.bitrix24.ru', '127.0.0.1:9000', development, 'http://127.0.0.1:9000'],
  ] as const)('%s naming %s: %s', (portal, server, options, expected) => {
    expect(tokenServerFor(portal, server, options)?.origin).toBe(expected);
  });

  it.each([
    ['https://acme.bitrix24.ru', 'evil.example', installed],
    ['https://acme.bitrix24.ru', 'oauth.bitrix.info.evil.example', installed],
    ['https://acme.bitrix24.ru', 'evil-oauth.bitrix.info', installed],
    ['https://acme.bitrix24.ru', 'bitrix24.ru', installed],
    // The portal itself: "passing the secret to Bitrix24 itself is unsafe" (index.md:76), for cloud and self-hosted alike.
    ['https://acme.bitrix24.ru', 'acme.bitrix24.ru', installed],
    ['https://crm.example.com:8443', 'crm.example.com:8443', installed],
    ['https://acme.bitrix24.ru', 'other.bitrix24.ru', installed],
    // Only a host (and port): no scheme, user, path or query slipped in.
    ['https://acme.bitrix24.ru', 'https://oauth.bitrix.info', installed],
    ['https://acme.bitrix24.ru', 'oauth.bitrix.info/oauth', installed],
    ['https://acme.bitrix24.ru', 'oauth.bitrix.info?x=evil.example', installed],
    ['https://acme.bitrix24.ru', 'evil.example@oauth.bitrix.info', installed],
    ['https://acme.bitrix24.ru', 'oauth.bitrix.info:8443', installed],
    ['https://acme.bitrix24.ru', 'oauth.bitrix.info:99999', installed],
    ['https://acme.bitrix24.ru', '', installed],
    // A code pasted alone for a portal whose address names no region: no guess.
    ['https://crm.example.com', undefined, installed],
    ['http://127.0.0.1:24024', undefined, development],
    // This computer, in an installed app.
    ['https://acme.bitrix24.ru', '127.0.0.1:9000', installed],
    ['https://acme.bitrix24.ru', 'localhost:9000', installed],
    ['http://127.0.0.1:24024', '127.0.0.1:24024', installed],
  ] as const)('%s naming %s: refused', (portal, server, options) => {
    expect(tokenServerFor(portal, server, options)).toBeNull();
  });
});

/** A fetch that answers `body` and records what it was asked; nothing leaves the process. */
function recordingFetch(status: number, body: unknown): { fetch: FetchLike; urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    fetch: async (url) => {
      urls.push(url);
      return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
    },
  };
}

const context = (fetch: FetchLike) => ({ fetch, userAgent: 'test', timeoutMs: 1_000, clock: systemClock, redact: (text: string) => text });

describe('exchanging a sign-in code', () => {
  it('goes to the server the callback named, with the grant the documentation gives, and reads the answer', async () => {
    const server = recordingFetch(200, {
      access_token: 'acc0123456789',
      refresh_token: 'ref0123456789',
      expires_in: 3600,
      client_endpoint: 'https://acme.bitrix24.ru/rest/',
      server_endpoint: 'https://oauth.bitrix.info/rest/',
      member_id: 'a223c6b3710f85df22e9377d6c4f7553',
    });
    const before = Date.now();
    const tokens = await exchangeAuthorizationCode(context(server.fetch), APPLICATION, {
      portal: 'https://acme.bitrix24.ru',
      code: 'avmocpghblyi01m3h42bljvqtyd19sw1',
      serverDomain: 'oauth.bitrix.info',
      allowLocalPortals: false,
    });
    expect(server.urls).toEqual([
      `https://oauth.bitrix.info/oauth/token/?grant_type=authorization_code&client_id=${APPLICATION.clientId}` +
        `&client_secret=${APPLICATION.clientSecret}&code=avmocpghblyi01m3h42bljvqtyd19sw1`,
    ]);
    expect(tokens).toMatchObject({
      accessToken: 'acc0123456789',
      refreshToken: 'ref0123456789',
      clientEndpoint: 'https://acme.bitrix24.ru/rest/',
      serverEndpoint: 'https://oauth.bitrix.info/rest/',
      memberId: 'a223c6b3710f85df22e9377d6c4f7553',
    });
    expect(tokens.expiresAt).toBeGreaterThanOrEqual(before + 3_600_000);
  });

  it('sends nothing to a server the secret must not go to', async () => {
    const server = recordingFetch(200, {});
    await expect(
      exchangeAuthorizationCode(context(server.fetch), APPLICATION, {
        portal: 'https://acme.bitrix24.ru',
        code: 'avmocpghblyi01m3h42bljvqtyd19sw1',
        serverDomain: 'evil.example',
        allowLocalPortals: false,
      }),
    ).rejects.toThrow(RangeError);
    expect(server.urls).toEqual([]);
  });

  it('refuses an answer that would move later refreshes (and the secret) to another server', async () => {
    const server = recordingFetch(200, { access_token: 'acc0123456789', refresh_token: 'ref0123456789', server_endpoint: 'https://evil.example/rest/' });
    const error = await exchangeAuthorizationCode(context(server.fetch), APPLICATION, {
      portal: 'https://acme.bitrix24.ru',
      code: 'avmocpghblyi01m3h42bljvqtyd19sw1',
      serverDomain: 'oauth.bitrix.info',
      allowLocalPortals: false,
    }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'auth_invalid' });
    expect(sentence(error)).toContain('evil.example');
  });

  it.each([
    ['invalid_grant', 'auth_invalid', /did not accept the sign-in code \(invalid_grant\).*30 seconds\. Sign in again, and finish in the browser quickly\./],
    ['invalid_client', 'auth_invalid', /did not accept the application \(invalid_client\)/],
    ['invalid_request', 'auth_invalid', /was refused \(invalid_request\)\. Sign in again\./],
    // "The trial or paid period of the application has expired" ([en] settings/oauth/error-codes.md:24).
    ['PAYMENT_REQUIRED', 'payment_required', /trial or paid period is over \(PAYMENT_REQUIRED\)\. Renew its payment in Bitrix24, then Reconnect\./],
  ])('a refusal (%s) is %s with what to do, and never repeats the secret or the code', async (portalError, code, message) => {
    const signInCode = 'avmocpghblyi01m3h42bljvqtyd19sw1';
    const server = recordingFetch(400, { error: portalError, error_description: `rejected ${signInCode} for ${APPLICATION.clientSecret}` });
    const error = await exchangeAuthorizationCode(context(server.fetch), APPLICATION, {
      portal: 'https://acme.bitrix24.ru',
      code: signInCode,
      serverDomain: undefined,
      allowLocalPortals: false,
    }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code, failure: { portalError, method: 'oauth/token', httpStatus: 400 } });
    expect(sentence(error)).toMatch(message);
    const everything = JSON.stringify({ message: sentence(error), failure: (error as { failure: unknown }).failure });
    expect(everything).not.toContain(signInCode);
    expect(everything).not.toContain(APPLICATION.clientSecret);
  });
});
