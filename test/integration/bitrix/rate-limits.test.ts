import { describe, expect, test } from 'vitest';
import { findEntityChat } from '../../../electron/core/bitrix/im.ts';
import { PortalRateLimits, RATE_PLANS } from '../../../electron/core/bitrix/rate-limiter.ts';
import { FAULTS } from '../../fake-portal/portal.ts';
import { clientFor, failureOf, portalFor } from './support.ts';

const LEAD_13 = { entityType: 'CRM', entityId: 'LEAD|13' };
// A small, fast plan keeps the real-time tests short; the arithmetic is the same as 50 / 2 per second. With the
// client's half-second arrival allowance it paces at 4 at once, then 8 per second.
const SMALL_PLAN = { burst: 8, perSecond: 8 };

describe('the leaky bucket', () => {
  test('the fake portal really enforces it: unpaced calls past the burst get 503 QUERY_LIMIT_EXCEEDED', async () => {
    const portal = await portalFor({ rateLimit: SMALL_PLAN });
    const { client } = clientFor(portal, { retry: { rateLimitRetries: 0 } });
    const results = await Promise.allSettled(Array.from({ length: 16 }, () => findEntityChat(client, LEAD_13)));
    expect(portal.refusedCount).toBeGreaterThan(0);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused.length).toBe(portal.refusedCount);
    expect(refused[0]).toMatchObject({ reason: { failure: { code: 'rate_limited', portalError: 'QUERY_LIMIT_EXCEEDED', httpStatus: 503 } } });
  });

  test('the client’s bucket, shared by two clients of one portal, paces them so the portal refuses nothing', async () => {
    const portal = await portalFor({ rateLimit: SMALL_PLAN });
    const limits = new PortalRateLimits(SMALL_PLAN);
    const first = clientFor(portal, { rateLimits: limits, retry: { rateLimitRetries: 0 } }).client;
    const second = clientFor(portal, { rateLimits: limits, retry: { rateLimitRetries: 0 } }).client;
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => findEntityChat(i % 2 ? first : second, LEAD_13)));
    expect(results.every((r) => r.found)).toBe(true);
    expect(portal.refusedCount).toBe(0);
    expect(portal.requestCount).toBe(12);
    // 8 calls past the 4 sent at once, at 8 per second: the last waited about a second.
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
  });
});

describe('QUERY_LIMIT_EXCEEDED', () => {
  test('is retried with growing waits until the portal lets the call through', async () => {
    const portal = await portalFor();
    portal.failNext(FAULTS.queryLimit, 3);
    const { client, lines } = clientFor(portal, { random: () => 0.5, retry: { rateLimitDelayMs: 20, rateLimitFactor: 2 } });
    await expect(findEntityChat(client, LEAD_13)).resolves.toEqual({ found: true, chatId: 1437 });
    expect(portal.requestCount).toBe(4);
    const waits = lines.filter((l) => l.includes('QUERY_LIMIT_EXCEEDED')).map((l) => Number(/in (\d+) ms/.exec(l)?.[1]));
    expect(waits).toEqual([20, 40, 80]);
  });

  test('gives up after the retry budget with rate_limited, counting the tries', async () => {
    const portal = await portalFor();
    portal.failNext(FAULTS.queryLimit, 10);
    const { client } = clientFor(portal, { retry: { rateLimitRetries: 2 } });
    const error = await failureOf(findEntityChat(client, LEAD_13));
    expect(error.failure).toMatchObject({ code: 'rate_limited', portalError: 'QUERY_LIMIT_EXCEEDED' });
    expect(error.message).toContain('after 3 tries');
    expect(portal.requestCount).toBe(3);
  });

  test('stops early when the next wait would exceed the total waiting budget', async () => {
    const portal = await portalFor();
    portal.failNext(FAULTS.queryLimit, 10);
    const { client } = clientFor(portal, { random: () => 0.5, retry: { rateLimitRetries: 10, rateLimitDelayMs: 40, rateLimitFactor: 2, rateLimitMaxWaitMs: 150 } });
    const error = await failureOf(findEntityChat(client, LEAD_13));
    expect(error.code).toBe('rate_limited');
    // Waits of 40 + 80 fit in 150 ms; the next (160) would not.
    expect(portal.requestCount).toBe(3);
  });

  test('OVERLOAD_LIMIT is never retried', async () => {
    const portal = await portalFor();
    portal.failNext(FAULTS.overload, 5);
    const { client } = clientFor(portal);
    const error = await failureOf(findEntityChat(client, LEAD_13));
    expect(error.failure).toMatchObject({ code: 'portal_blocked', portalError: 'OVERLOAD_LIMIT', httpStatus: 503 });
    expect(portal.requestCount).toBe(1);
  });
});

describe('OPERATION_TIME_LIMIT', () => {
  test('waits for operating_reset_at when it is near, then repeats the call once', async () => {
    const portal = await portalFor();
    portal.failNext({ kind: 'operation_limit', resetInSeconds: 1 });
    const { client, lines } = clientFor(portal);
    await expect(findEntityChat(client, LEAD_13)).resolves.toEqual({ found: true, chatId: 1437 });
    expect(portal.requestCount).toBe(2);
    expect(lines.some((l) => l.includes('OPERATION_TIME_LIMIT, waiting'))).toBe(true);
  });

  test('fails with operation_limited saying when to retry when the reset is far away, without hammering', async () => {
    const portal = await portalFor();
    portal.failNext({ kind: 'operation_limit', resetInSeconds: 300 });
    const { client } = clientFor(portal);
    const before = Date.now();
    const error = await failureOf(findEntityChat(client, LEAD_13));
    expect(error.failure).toMatchObject({ code: 'operation_limited', portalError: 'OPERATION_TIME_LIMIT', httpStatus: 429 });
    const retryAt = error.failure.code === 'operation_limited' ? error.failure.retryAt : null;
    expect(retryAt).not.toBeNull();
    expect((retryAt ?? 0) - before).toBeGreaterThan(298_000);
    expect((retryAt ?? 0) - before).toBeLessThan(302_000);
    expect(error.message).toMatch(/Try again in about 5 min \(at \d\d:\d\d:\d\d UTC\)/);
    expect(portal.requestCount).toBe(1);
  });
});

describe('plans and portals', () => {
  test('configured for Enterprise (250 burst, 5 per second), 250 calls at once go through with none refused', async () => {
    const portal = await portalFor({ rateLimit: RATE_PLANS.enterprise });
    const { client } = clientFor(portal, { rateLimits: new PortalRateLimits(RATE_PLANS.enterprise), retry: { rateLimitRetries: 0 } });
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 250 }, () => findEntityChat(client, LEAD_13)));
    expect(results.every((r) => r.found)).toBe(true);
    expect(portal.refusedCount).toBe(0);
    // 247 at once, the last three spaced by the 5-per-second drain.
    expect(performance.now() - started).toBeGreaterThanOrEqual(400);
  });

  test('OPERATION_TIME_LIMIT with only a Retry-After header is waited out the same way', async () => {
    const portal = await portalFor();
    portal.failNext({ kind: 'operation_limit', resetInSeconds: 1, via: 'retry-after' });
    const { client } = clientFor(portal);
    await expect(findEntityChat(client, LEAD_13)).resolves.toEqual({ found: true, chatId: 1437 });
    expect(portal.requestCount).toBe(2);

    portal.failNext({ kind: 'operation_limit', resetInSeconds: 600, via: 'retry-after' });
    const error = await failureOf(findEntityChat(client, LEAD_13));
    expect(error.failure).toMatchObject({ code: 'operation_limited' });
    expect(error.message).toMatch(/Try again in about 10 min/);
  });
});
