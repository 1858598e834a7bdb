import { describe, expect, test } from 'vitest';
import { findEntityChat } from '../../../electron/core/bitrix/im.ts';
import { PortalRateLimits, RATE_PLANS } from '../../../electron/core/bitrix/rate-limiter.ts';
import { FAULTS } from '../../fake-portal/portal.ts';
import { clientFor, failureOf, movableClock, portalFor } from './support.ts';
import { sentence } from '../../support/sentence.ts';

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
    expect(sentence(error)).toContain('after 3 tries');
    expect(portal.requestCount).toBe(3);
  });

  test('stops early when the next wait would exceed the total waiting budget', async () => {
    const portal = await portalFor();
    portal.failNext(FAULTS.queryLimit, 10);
    const { client } = clientFor(portal, {
      random: () => 0.5,
      retry: { rateLimitRetries: 10, rateLimitDelayMs: 40, rateLimitFactor: 2, rateLimitMaxWaitMs: 150 },
    });
    const error = await failureOf(findEntityChat(client, LEAD_13));
    expect(error.code).toBe('rate_limited');
    // Waits of 40 + 80 fit in 150 ms; the next (160) would not.
    expect(portal.requestCount).toBe(3);
  });

  test('OVERLOAD_LIMIT is never retried: a block by hand, which only Bitrix24 support lifts', async () => {
    // "This is a manual individual block; please contact Bitrix24 technical support" ([en] _includes/system-errors.md:25).
    const portal = await portalFor();
    portal.failNext(FAULTS.overload, 5);
    const { client } = clientFor(portal);
    const error = await failureOf(findEntityChat(client, LEAD_13));
    expect(error.failure).toMatchObject({ code: 'rest_blocked', portalError: 'OVERLOAD_LIMIT', httpStatus: 503 });
    expect(sentence(error)).toMatch(/Bitrix24 support/);
    expect(portal.requestCount).toBe(1);
  });
});

describe('OPERATION_TIME_LIMIT, as limits.md describes it', () => {
  // The docs' own example: a limit, calls that cost more than it ([en] limits.md:129-134). The portal's baskets last
  // ten minutes, so both sides read one clock that the test moves on.
  const HEAVY = { limitSeconds: 1, cost: { 'im.chat.get': 2 } };

  test('the reset comes from the last successful answer: near, it is waited out and the call repeated once', async () => {
    const clock = movableClock();
    const portal = await portalFor({ operating: HEAVY, now: clock.now });
    const { client, lines } = clientFor(portal, { clock });
    // At the start of a second: a basket counts from its whole second (limits.md:113), so 599 s on is always inside it.
    clock.advance(1000 - (clock.now() % 1000));
    await expect(findEntityChat(client, LEAD_13)).resolves.toEqual({ found: true, chatId: 1437 });
    clock.advance(599_000);
    // The portal refuses the next call (its basket is over the limit) and says nothing of when: the client knows it.
    await expect(findEntityChat(client, LEAD_13)).resolves.toEqual({ found: true, chatId: 1437 });
    expect(portal.requests.map((r) => r.status)).toEqual([200, 429, 200]);
    expect(lines.some((l) => /OPERATION_TIME_LIMIT, waiting \d+ ms/.test(l))).toBe(true);
  });

  test('far off, the call fails saying when to retry, and the method is not asked again before then', async () => {
    const clock = movableClock();
    const portal = await portalFor({ operating: HEAVY, now: clock.now });
    const { client } = clientFor(portal, { clock });
    const first = await findEntityChat(client, LEAD_13);
    expect(first.found).toBe(true);
    const freeAt = Math.floor(clock.now() / 1000) * 1000 + 600_000;
    clock.advance(60_000);
    const error = await failureOf(findEntityChat(client, LEAD_13));
    expect(error.failure).toMatchObject({ code: 'operation_limited', portalError: 'OPERATION_TIME_LIMIT', httpStatus: 429 });
    const retryAt = error.failure.code === 'operation_limited' ? error.failure.retryAt : null;
    expect(Math.abs((retryAt ?? 0) - freeAt)).toBeLessThanOrEqual(1000);
    // The moment goes as data; the sentence says it as a time of day in the person's zone.
    expect(error.failure.message).toMatchObject({ code: 'operation_limited', params: { retryAt } });
    expect(sentence(error)).toMatch(/Try again after \d\d:\d\d(?: [AP]M)?\./);
    // "Suspend calls to the blocked method" (limits.md:124): a second try before then sends nothing.
    const again = await failureOf(findEntityChat(client, LEAD_13));
    expect(again.failure.code).toBe('operation_limited');
    expect(portal.requestCount).toBe(2);
    // Another method is not paused (the limit is per method, limits.md:109).
    await expect(client.call('scope')).resolves.toMatchObject({ result: expect.arrayContaining(['im']) });
  });

  test('without a successful answer to go by, the client says "within ten minutes" and does not guess a time', async () => {
    const portal = await portalFor();
    portal.failNext(FAULTS.operationLimit);
    const { client } = clientFor(portal);
    const error = await failureOf(findEntityChat(client, LEAD_13));
    expect(error.failure).toMatchObject({ code: 'operation_limited', retryAt: null, httpStatus: 429 });
    expect(sentence(error)).toMatch(/at most 10/);
    expect(portal.requestCount).toBe(1);
  });

  test('inside a batch each command counts against its own method: the reset comes from result_time', async () => {
    // "Nested calls are executed as separate methods, so the execution time of each is accounted for" (limits.md:127).
    const clock = movableClock();
    const portal = await portalFor({ operating: HEAVY, now: clock.now });
    const { client } = clientFor(portal, { clock });
    const keys = [LEAD_13, { entityType: 'CRM', entityId: 'DEAL|5' }];
    const first = await client.batch(keys.map((key) => ({ method: 'im.chat.get', params: { ENTITY_TYPE: key.entityType, ENTITY_ID: key.entityId } })));
    // The first command crossed the limit and still completed; the second found it over the limit.
    expect(first.map((outcome) => outcome.ok)).toEqual([true, false]);
    expect(first[1]).toMatchObject({ ok: false, error: { code: 'operation_limited', retryAt: expect.any(Number) } });
  });
});

describe('plans and portals', () => {
  test('configured for Enterprise (250 burst, 5 per second), 250 calls go through with none refused', async () => {
    const portal = await portalFor({ rateLimit: RATE_PLANS.enterprise });
    const { client } = clientFor(portal, { rateLimits: new PortalRateLimits(), ratePlan: 'enterprise', retry: { rateLimitRetries: 0 } });
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 250 }, () => findEntityChat(client, LEAD_13)));
    expect(results.every((r) => r.found)).toBe(true);
    expect(portal.refusedCount).toBe(0);
    // 247 at once, the last three spaced by the 5-per-second drain.
    expect(performance.now() - started).toBeGreaterThanOrEqual(400);
  });

  test('on the plan of every other portal, calls past the first 49 wait for the 2-per-second drain instead of being refused', async () => {
    const portal = await portalFor({ rateLimit: RATE_PLANS.others });
    const { client } = clientFor(portal, { rateLimits: new PortalRateLimits(), ratePlan: 'others', retry: { rateLimitRetries: 0 } });
    // 55 calls: 49 at once (the burst less half a second of drain), then six at two a second.
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: 55 }, () => findEntityChat(client, LEAD_13)));
    expect(results.every((r) => r.found)).toBe(true);
    expect(portal.refusedCount).toBe(0);
    expect(performance.now() - started).toBeGreaterThanOrEqual(2_500);
  });

  test('requests to one portal go one at a time, never in parallel series (limits.md:123)', async () => {
    const portal = await portalFor({ latencyMs: 30 });
    let inFlight = 0;
    let most = 0;
    const counting = clientFor(portal, {
      fetch: async (url, init) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        try {
          return await fetch(url, init);
        } finally {
          inFlight -= 1;
        }
      },
    }).client;
    const keys = Array.from({ length: 120 }, (_, i) => ({ entityType: 'CRM', entityId: `LEAD|${i + 1}` }));
    await Promise.all([
      counting.batch(keys.map((key) => ({ method: 'im.chat.get', params: { ENTITY_TYPE: key.entityType, ENTITY_ID: key.entityId } }))),
      findEntityChat(counting, LEAD_13),
      findEntityChat(counting, LEAD_13),
    ]);
    expect(portal.requestCount).toBe(5);
    expect(most).toBe(1);
  });
});
