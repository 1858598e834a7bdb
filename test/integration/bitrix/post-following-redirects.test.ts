/**
 * redirects.ts on its own: one POST, and the redirects a renamed portal answers with, against fake portals on loopback
 * (no client, no rate limit, no retries).
 */
import { describe, expect, test } from 'vitest';
import { systemClock } from '../../../electron/core/clock.ts';
import { type Credentials, type OAuthCredentials, restBase } from '../../../electron/core/bitrix/credentials.ts';
import { redactorFor } from '../../../electron/core/bitrix/errors.ts';
import { credentialsAfterMove, MAX_REDIRECTS, type PostContext, postFollowingRedirects } from '../../../electron/core/bitrix/redirects.ts';
import { failureOf, portalFor, webhookOf } from './support.ts';

const PARAMS = { ENTITY_TYPE: 'CRM', ENTITY_ID: 'LEAD|13' };

function contextFor(credentials: Credentials, options: Partial<PostContext> = {}): { ctx: PostContext; lines: string[] } {
  const lines: string[] = [];
  const redact = redactorFor(credentials.kind === 'webhook' ? [credentials.secret] : [credentials.tokens.accessToken]);
  const ctx: PostContext = {
    fetch,
    userAgent: 'B24ChatLookup/0.0.0-test',
    timeoutMs: 2000,
    clock: systemClock,
    redact,
    log: (line) => lines.push(redact(line)),
    allowLocalHosts: true,
    portalHost: () => new URL(restBase(credentials)).host,
    ...options,
  };
  return { ctx, lines };
}

describe('postFollowingRedirects', () => {
  test('a portal that answers says so, with no move', async () => {
    const portal = await portalFor();
    const credentials = webhookOf(portal);
    const { ctx, lines } = contextFor(credentials);
    const reply = await postFollowingRedirects(ctx, credentials, 'im.chat.get', PARAMS);
    expect(reply).toMatchObject({ status: 200, envelope: { result: { ID: 1437 } }, movedTo: null });
    expect(portal.requests[0]).toMatchObject({ httpMethod: 'POST', params: PARAMS });
    expect(lines).toEqual([expect.stringMatching(/^POST http:\/\/127\.0\.0\.1:\d+\/rest\/1\/•••\/im\.chat\.get → 200 \(\d+ ms\)$/)]);
  });

  test('a renamed portal: the same body is re-posted to the new address, which is reported', async () => {
    const renamed = await portalFor();
    const old = await portalFor({ secret: renamed.secret, renamedTo: renamed.origin });
    const credentials = webhookOf(old);
    const { ctx } = contextFor(credentials);
    const reply = await postFollowingRedirects(ctx, credentials, 'im.chat.get', PARAMS);
    expect(reply).toMatchObject({ envelope: { result: { ID: 1437 } }, movedTo: { origin: renamed.origin, prefix: '' } });
    expect(renamed.requests[0]).toMatchObject({ httpMethod: 'POST', params: PARAMS });
  });

  test('an OAuth call carries its access token in the body, to the new address too', async () => {
    const renamed = await portalFor();
    const old = await portalFor({ renamedTo: renamed.origin });
    const credentials: OAuthCredentials = {
      kind: 'oauth',
      tokens: { ...renamed.oauthTokens(), clientEndpoint: `${old.origin}/rest/` },
      application: { clientId: renamed.oauth.clientId, clientSecret: renamed.oauth.clientSecret },
    };
    const { ctx } = contextFor(credentials);
    const reply = await postFollowingRedirects(ctx, credentials, 'im.chat.get', PARAMS);
    expect(reply.movedTo).toEqual({ origin: renamed.origin, prefix: '' });
    // The new address knew the token (the fake portal keeps `auth` out of what it records).
    expect(reply.envelope).toMatchObject({ result: { ID: 1437 } });
    expect(renamed.requests[0]).toMatchObject({ path: '/rest/im.chat.get', params: PARAMS });
  });

  test(`more than ${MAX_REDIRECTS} hops is too_many_redirects, named by the portal the caller knows`, async () => {
    const last = await portalFor();
    let next = last.origin;
    for (let i = 0; i <= MAX_REDIRECTS; i += 1) next = (await portalFor({ secret: last.secret, renamedTo: next })).origin;
    const credentials: Credentials = { kind: 'webhook', origin: next, pathPrefix: '', userId: last.userId, secret: last.secret };
    const { ctx } = contextFor(credentials, { portalHost: () => 'known.bitrix24.com' });
    const error = await failureOf(postFollowingRedirects(ctx, credentials, 'im.chat.get', PARAMS));
    expect(error.failure).toMatchObject({ code: 'too_many_redirects', portal: 'known.bitrix24.com', httpStatus: 302 });
    expect(last.requestCount).toBe(0);
  });

  test('where local hosts are not allowed, a redirect to this computer is refused unsent', async () => {
    const renamed = await portalFor();
    const old = await portalFor({ secret: renamed.secret, renamedTo: renamed.origin });
    const credentials = webhookOf(old);
    const { ctx } = contextFor(credentials, { allowLocalHosts: false });
    const error = await failureOf(postFollowingRedirects(ctx, credentials, 'im.chat.get', PARAMS));
    expect(error.failure).toMatchObject({ code: 'bad_response', httpStatus: 302 });
    expect(error.message).toContain('which is this computer, so it was not sent there');
    expect(renamed.requestCount).toBe(0);
  });

  test('a redirect that names no address, or a path outside the REST API, is refused', async () => {
    const portal = await portalFor();
    const credentials = webhookOf(portal);
    const { ctx } = contextFor(credentials);
    portal.failNext({ kind: 'redirect', status: 302, location: '' });
    expect((await failureOf(postFollowingRedirects(ctx, credentials, 'im.chat.get', PARAMS))).message).toContain('without saying where');
    portal.failNext({ kind: 'redirect', status: 307, location: `${portal.origin}/auth/` });
    expect((await failureOf(postFollowingRedirects(ctx, credentials, 'im.chat.get', PARAMS))).message).toContain('outside the REST API');
  });

  test('a 303 (fetch the answer with a GET) is not followed: it is no REST answer', async () => {
    const portal = await portalFor();
    const moved = await portalFor({ secret: portal.secret });
    const credentials = webhookOf(portal);
    portal.failNext({ kind: 'redirect', status: 303, location: `${moved.webhookUrl}im.chat.get` });
    const error = await failureOf(postFollowingRedirects(contextFor(credentials).ctx, credentials, 'im.chat.get', PARAMS));
    expect(error.failure).toMatchObject({ code: 'bad_response', httpStatus: 303 });
    expect(moved.requestCount).toBe(0);
  });

  test('a self-hosted prefix in the new address is kept', async () => {
    const portal = await portalFor();
    const moved = await portalFor({ secret: portal.secret });
    const credentials = webhookOf(portal);
    portal.failNext({ kind: 'redirect', status: 301, location: `${moved.origin}/b24/rest/1/${portal.secret}/im.chat.get` });
    const reply = postFollowingRedirects(contextFor(credentials).ctx, credentials, 'im.chat.get', PARAMS);
    // The fake portal serves no prefix; what matters is where the POST went.
    await reply.catch(() => undefined);
    expect(moved.requests[0]).toMatchObject({ httpMethod: 'POST', path: `/b24/rest/1/${portal.secret}/im.chat.get` });
  });
});

describe('credentialsAfterMove', () => {
  const webhook: Credentials = { kind: 'webhook', origin: 'https://old.bitrix24.com', pathPrefix: '', userId: 1, secret: 'webhook-secret' };

  test('the webhook at the new address, prefix and all', () => {
    expect(credentialsAfterMove(webhook, webhook, { origin: 'https://new.example.com', prefix: '/b24' })).toEqual({
      ...webhook,
      origin: 'https://new.example.com',
      pathPrefix: '/b24',
    });
  });

  test('OAuth: the client endpoint moves, and tokens renewed meanwhile are kept', () => {
    const sent: OAuthCredentials = {
      kind: 'oauth',
      tokens: { accessToken: 'old', refreshToken: 'r', clientEndpoint: 'https://old.bitrix24.com/rest/', serverEndpoint: 'https://oauth.bitrix.info/rest/' },
      application: { clientId: 'local.1', clientSecret: 's' },
    };
    const renewed: OAuthCredentials = { ...sent, tokens: { ...sent.tokens, accessToken: 'new' } };
    expect(credentialsAfterMove(sent, renewed, { origin: 'https://new.bitrix24.com', prefix: '' })).toMatchObject({
      tokens: { accessToken: 'new', clientEndpoint: 'https://new.bitrix24.com/rest/' },
    });
  });

  test('nothing to change when another call already moved the client, or the address is the same', () => {
    const movedAlready: Credentials = { ...webhook, origin: 'https://new.bitrix24.com' };
    expect(credentialsAfterMove(webhook, movedAlready, { origin: 'https://new.bitrix24.com', prefix: '' })).toBeNull();
    expect(credentialsAfterMove(webhook, webhook, { origin: webhook.origin, prefix: '' })).toBeNull();
  });
});
