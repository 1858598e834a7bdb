import { describe, expect, test } from 'vitest';
import { findEntityChat } from '../../../electron/core/bitrix/im.ts';
import { PortalRateLimits } from '../../../electron/core/bitrix/rate-limiter.ts';
import { type DocumentedError, FAULTS, type FakeFault, METHOD_ERRORS, SYSTEM_ERRORS } from '../../fake-portal/portal.ts';
import { clientFor, failureOf, portalFor } from './support.ts';
import { sentence } from '../../support/sentence.ts';

const LEAD_13 = { entityType: 'CRM', entityId: 'LEAD|13' };

describe('portal errors become stable codes with the portal’s own words kept', () => {
  // Each row is a system error as [en] _includes/system-errors.md lists it (status and description from there, through
  // the fake's table), and what the person is told to do.
  const documented = (refusal: DocumentedError): FakeFault => ({ kind: 'documented', refusal });
  const cases: { name: string; fault: FakeFault; code: string; says: RegExp }[] = [
    {
      name: 'NO_AUTH_FOUND (401): a wrong or deleted webhook code',
      fault: documented(SYSTEM_ERRORS.noAuthFound),
      code: 'auth_invalid',
      says: /Paste the incoming webhook address again/,
    },
    {
      name: 'INVALID_CREDENTIALS (403): the user lacks the rights',
      fault: documented(SYSTEM_ERRORS.invalidCredentials),
      code: 'access_denied',
      says: /lacks the rights/,
    },
    {
      name: 'user_access_error (403): the application is limited to other users',
      fault: documented(SYSTEM_ERRORS.userAccessError),
      code: 'user_restricted',
      says: /administrator to give you access/,
    },
    { name: 'authorization_error (an on-premise sample)', fault: FAULTS.authorizationError, code: 'auth_invalid', says: /could not be authorised/ },
    { name: 'INVALID_REQUEST (400): HTTPS required', fault: documented(SYSTEM_ERRORS.invalidRequest), code: 'auth_invalid', says: /requires HTTPS/ },
    { name: 'insufficient_scope (403)', fault: documented(SYSTEM_ERRORS.insufficientScope), code: 'scope_missing', says: /add im, save/ },
    { name: 'ACCESS_DENIED (403): REST only on commercial plans', fault: FAULTS.accessDenied, code: 'access_denied', says: /plan may not include REST/ },
    { name: 'OVERLOAD_LIMIT (503): blocked by hand', fault: FAULTS.overload, code: 'rest_blocked', says: /ask Bitrix24 support to lift the block/ },
    {
      name: 'PORTAL_DELETED (500): deleted, or its public part closed',
      fault: FAULTS.portalDeleted,
      code: 'portal_blocked',
      says: /Temporary closure of the public part/,
    },
    { name: 'ERROR_METHOD_NOT_FOUND (404)', fault: documented(SYSTEM_ERRORS.methodNotFound), code: 'method_unavailable', says: /does not offer im\.chat\.get/ },
    {
      name: 'ERROR_CORE (400): the method’s own refusal, not retried',
      fault: documented(METHOD_ERRORS.errorCore),
      code: 'portal_error',
      says: /ERROR_CORE \(Parameter `TRACE` required\)/,
    },
    {
      name: 'an error no page lists',
      fault: { kind: 'error', status: 400, error: 'SOMETHING_NEW', description: 'A reason' },
      code: 'portal_error',
      says: /SOMETHING_NEW \(A reason\)/,
    },
  ];

  test.each(cases)('$name → $code', async ({ fault, code, says }) => {
    const portal = await portalFor();
    portal.failNext(fault);
    const { client } = clientFor(portal);
    const error = await failureOf(findEntityChat(client, LEAD_13));
    expect(error.failure.code).toBe(code);
    const sent = fault.kind === 'documented' ? fault.refusal : fault.kind === 'error' ? { ...fault, description: fault.description ?? '' } : undefined;
    expect(error.failure).toMatchObject({
      method: 'im.chat.get',
      portal: new URL(portal.origin).host,
      portalError: sent?.error,
      portalErrorDescription: sent?.description,
      httpStatus: sent?.status,
    });
    expect(sentence(error)).toMatch(says);
    expect(sentence(error)).toContain(new URL(portal.origin).host);
    // None of these is worth repeating: one request only.
    expect(portal.requestCount).toBe(1);
  });

  test('a wrong webhook code on a real path is NO_AUTH_FOUND → auth_invalid', async () => {
    const portal = await portalFor();
    const { client } = clientFor(portal);
    const other = clientFor({ kind: 'webhook', origin: portal.origin, pathPrefix: '', userId: portal.userId, secret: 'wrongcode123' }).client;
    await expect(findEntityChat(client, LEAD_13)).resolves.toEqual({ found: true, chatId: 1437 });
    const error = await failureOf(findEntityChat(other, LEAD_13));
    expect(error.failure).toMatchObject({ code: 'auth_invalid', portalError: 'NO_AUTH_FOUND', httpStatus: 401 });
  });

  test('REST 3.0’s error object keeps its code (api-reference/rest-v3.md:259-272)', async () => {
    const portal = await portalFor();
    const { client } = clientFor(portal, {
      // The fake speaks REST 2; this answer is REST 3.0's shape, written by hand.
      fetch: async () =>
        new Response(JSON.stringify({ error: { code: 'BITRIX_REST_V3_EXCEPTION_ACCESSDENIEDEXCEPTION', message: 'Access denied' } }), {
          status: 403,
          headers: { 'Content-Type': 'application/json' },
        }),
    });
    const error = await failureOf(findEntityChat(client, LEAD_13));
    expect(error.failure).toMatchObject({
      code: 'portal_error',
      portalError: 'BITRIX_REST_V3_EXCEPTION_ACCESSDENIEDEXCEPTION',
      portalErrorDescription: 'Access denied',
    });
  });

  test('an internal server error is retried once, then reported as server_error', async () => {
    const portal = await portalFor();
    const { client } = clientFor(portal);
    portal.failNext(FAULTS.internalError);
    await expect(findEntityChat(client, LEAD_13)).resolves.toEqual({ found: true, chatId: 1437 });
    expect(portal.requestCount).toBe(2);

    portal.failNext(FAULTS.internalError, 2);
    const error = await failureOf(findEntityChat(client, LEAD_13));
    expect(error.failure).toMatchObject({ code: 'server_error', portalError: 'INTERNAL_SERVER_ERROR', httpStatus: 500 });
    expect(sentence(error)).toContain('2 times in a row');
    expect(portal.requestCount).toBe(4);
  });
});

describe('transport failures', () => {
  test('an HTML 502 from a gateway is retried once; twice in a row it is bad_response with the status kept', async () => {
    const portal = await portalFor();
    const { client } = clientFor(portal);
    portal.failNext(FAULTS.html502);
    await expect(findEntityChat(client, LEAD_13)).resolves.toEqual({ found: true, chatId: 1437 });

    portal.failNext(FAULTS.html502, 2);
    const error = await failureOf(findEntityChat(client, LEAD_13));
    expect(error.failure).toMatchObject({ code: 'bad_response', httpStatus: 502 });
    expect(sentence(error)).toMatch(/HTTP 502 without a REST answer: a gateway or the portal is failing/);
    expect(portal.requestCount).toBe(4);
  });

  test('an address that is not a REST endpoint is bad_response, not retried', async () => {
    const portal = await portalFor();
    const { client } = clientFor({ kind: 'webhook', origin: portal.origin, pathPrefix: '/not-bitrix', userId: 1, secret: 'whatever12' });
    const error = await failureOf(findEntityChat(client, LEAD_13));
    expect(error.failure).toMatchObject({ code: 'bad_response', httpStatus: 404 });
    expect(sentence(error)).toContain('Check that the address belongs to a Bitrix24 portal');
    expect(portal.requestCount).toBe(1);
  });

  test('a portal that stalls past the timeout is a timeout', async () => {
    const portal = await portalFor();
    portal.failNext(FAULTS.stall);
    const { client } = clientFor(portal, { timeoutMs: 150 });
    const started = performance.now();
    const error = await failureOf(findEntityChat(client, LEAD_13));
    expect(error.failure).toMatchObject({ code: 'timeout', timeoutMs: 150 });
    expect(error.failure.message).toEqual({ code: 'timeout', params: { portal: expect.any(String), seconds: 0.15 } });
    expect(sentence(error)).toContain('did not answer within 0.15 s');
    expect(performance.now() - started).toBeLessThan(1500);
  });

  test('a portal that sends half an answer and then stalls is a timeout too', async () => {
    const portal = await portalFor();
    portal.failNext(FAULTS.stallBody);
    const { client } = clientFor(portal, { timeoutMs: 150 });
    const error = await failureOf(findEntityChat(client, LEAD_13));
    expect(error.failure).toMatchObject({ code: 'timeout', timeoutMs: 150 });
  });

  test('a per-call timeout overrides the client’s', async () => {
    const portal = await portalFor();
    portal.failNext(FAULTS.stall);
    const { client } = clientFor(portal, { timeoutMs: 60_000 });
    const error = await failureOf(findEntityChat(client, LEAD_13, { timeoutMs: 100 }));
    expect(error.failure).toMatchObject({ code: 'timeout', timeoutMs: 100 });
  });

  test('a dropped connection is a network failure', async () => {
    const portal = await portalFor();
    portal.failNext(FAULTS.drop);
    const { client } = clientFor(portal);
    const error = await failureOf(findEntityChat(client, LEAD_13));
    expect(error.failure.code).toBe('network');
    expect(sentence(error)).toContain('the connection was dropped before an answer arrived');
  });

  test('a portal that is not running is a network failure saying the connection was refused', async () => {
    const portal = await portalFor();
    const { client } = clientFor(portal);
    await portal.close();
    const error = await failureOf(findEntityChat(client, LEAD_13));
    expect(error.failure.code).toBe('network');
    expect(sentence(error)).toMatch(/^Could not reach 127\.0\.0\.1:\d+: the connection was refused\./);
  });

  test('the caller’s AbortSignal cancels a call in flight', async () => {
    const portal = await portalFor();
    portal.failNext(FAULTS.stall);
    const { client } = clientFor(portal, { timeoutMs: 60_000 });
    const controller = new AbortController();
    const call = findEntityChat(client, LEAD_13, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await failureOf(call);
    expect(error.failure.code).toBe('cancelled');
  });

  test('an already aborted signal sends nothing', async () => {
    const portal = await portalFor();
    const { client } = clientFor(portal);
    const error = await failureOf(findEntityChat(client, LEAD_13, { signal: AbortSignal.abort() }));
    expect(error.failure.code).toBe('cancelled');
    expect(sentence(error)).toBe(`The request to ${new URL(portal.origin).host} was cancelled.`);
    expect(portal.requestCount).toBe(0);
  });
});

describe('giving up on purpose', () => {
  test('a caller’s AbortSignal.timeout deadline reads as timeout, not cancelled', async () => {
    const portal = await portalFor();
    portal.failNext(FAULTS.stall);
    const { client } = clientFor(portal, { timeoutMs: 60_000 });
    const error = await failureOf(findEntityChat(client, LEAD_13, { signal: AbortSignal.timeout(100) }));
    expect(error.failure).toMatchObject({ code: 'timeout', timeoutMs: null });
    expect(sentence(error)).toContain('did not answer in the time allowed');
  });

  test('aborting during a rate-limit backoff stops at once, without another request', async () => {
    const portal = await portalFor();
    portal.failNext(FAULTS.queryLimit, 5);
    const { client } = clientFor(portal, { retry: { rateLimitDelayMs: 10_000, rateLimitMaxWaitMs: 60_000 } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    const error = await failureOf(findEntityChat(client, LEAD_13, { signal: controller.signal }));
    expect(error.code).toBe('cancelled');
    expect(performance.now() - started).toBeLessThan(2000);
    expect(portal.requestCount).toBe(1);
  });

  test('aborting while queued behind the client’s rate limit sends nothing more', async () => {
    const portal = await portalFor();
    const { client } = clientFor(portal, { rateLimits: new PortalRateLimits({ burst: 1, perSecond: 0.1 }) });
    await findEntityChat(client, LEAD_13);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await failureOf(findEntityChat(client, LEAD_13, { signal: controller.signal }));
    expect(error.code).toBe('cancelled');
    expect(portal.requestCount).toBe(1);
  });
});

test('a 303 ("fetch it with GET") is not a rename: bad_response, nothing re-posted', async () => {
  const portal = await portalFor();
  const elsewhere = await portalFor({ secret: portal.secret });
  portal.failNext({ kind: 'redirect', status: 303, location: `${elsewhere.webhookUrl}im.chat.get` });
  const { client } = clientFor(portal);
  const error = await failureOf(findEntityChat(client, LEAD_13));
  expect(error.failure).toMatchObject({ code: 'bad_response', httpStatus: 303 });
  expect(elsewhere.requestCount).toBe(0);
});
