import { describe, expect, test } from 'vitest';
import type { Clock } from '../../../electron/core/clock.ts';
import { LeakyBucket, PortalRateLimits, RATE_PLANS, RequestSeries } from '../../../electron/core/bitrix/rate-limiter.ts';

/** A clock that only moves when told to; sleepers wake in time order. */
function manualClock(): Clock & { advance(ms: number): Promise<void>; sleeping: number } {
  let now = 1_000_000;
  const sleepers: { until: number; wake: () => void }[] = [];
  return {
    now: () => now,
    sleep(ms, signal) {
      return new Promise((resolve, reject) => {
        const entry = { until: now + ms, wake: resolve };
        sleepers.push(entry);
        signal?.addEventListener('abort', () => {
          sleepers.splice(sleepers.indexOf(entry), 1);
          reject(signal.reason);
        });
      });
    },
    get sleeping() {
      return sleepers.length;
    },
    async advance(ms) {
      now += ms;
      sleepers.sort((a, b) => a.until - b.until);
      while (sleepers[0] && sleepers[0].until <= now) sleepers.shift()?.wake();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

describe('LeakyBucket', () => {
  test('lets the burst through at once, less the arrival allowance, then one request per drain interval, in order', async () => {
    const clock = manualClock();
    const bucket = new LeakyBucket(RATE_PLANS.others, clock);
    // 50 burst, minus half a second of draining at 2 per second kept for requests that reach the portal late.
    expect(bucket.capacity).toBe(49);
    for (let i = 0; i < 49; i += 1) await bucket.acquire();
    expect(clock.sleeping).toBe(0);
    const order: number[] = [];
    const waiting = [1, 2, 3].map((n) => bucket.acquire().then(() => order.push(n)));
    await clock.advance(0);
    expect(order).toEqual([]);
    await clock.advance(499);
    expect(order).toEqual([]);
    await clock.advance(1);
    expect(order).toEqual([1]);
    await clock.advance(500);
    expect(order).toEqual([1, 2]);
    await clock.advance(500);
    await Promise.all(waiting);
    expect(order).toEqual([1, 2, 3]);
  });

  test('drains while idle: after 10 s at 2 per second, 20 more go through at once', async () => {
    const clock = manualClock();
    const bucket = new LeakyBucket(RATE_PLANS.others, clock);
    for (let i = 0; i < 49; i += 1) await bucket.acquire();
    await clock.advance(10_000);
    expect(bucket.level).toBeCloseTo(29);
    for (let i = 0; i < 20; i += 1) await bucket.acquire();
    expect(clock.sleeping).toBe(0);
  });

  test('a cancelled wait gives its slot back', async () => {
    const clock = manualClock();
    const bucket = new LeakyBucket({ burst: 1, perSecond: 1 }, clock);
    await bucket.acquire();
    const controller = new AbortController();
    const waiting = bucket.acquire(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toBeDefined();
    expect(bucket.level).toBeCloseTo(1);
  });

  test('markFull makes the next request wait as if the portal’s bucket were full', async () => {
    const clock = manualClock();
    const bucket = new LeakyBucket(RATE_PLANS.enterprise, clock);
    expect(bucket.capacity).toBe(247.5);
    bucket.markFull();
    let through = false;
    const next = bucket.acquire().then(() => (through = true));
    await clock.advance(199);
    expect(through).toBe(false);
    await clock.advance(1);
    await next;
    expect(through).toBe(true);
  });

  test('rejects a plan that could never let a request through', () => {
    expect(() => new LeakyBucket({ burst: 0, perSecond: 2 })).toThrow(RangeError);
    expect(() => new LeakyBucket({ burst: 50, perSecond: 0 })).toThrow(RangeError);
  });
});

describe('PortalRateLimits', () => {
  test('keeps one bucket per portal origin', () => {
    const limits = new PortalRateLimits();
    expect(limits.forPortal('https://a.bitrix24.ru')).toBe(limits.forPortal('https://a.bitrix24.ru'));
    expect(limits.forPortal('https://a.bitrix24.ru')).not.toBe(limits.forPortal('https://b.bitrix24.ru'));
  });

  test('a renamed portal keeps draining the bucket its old name filled, and keeps its one line', () => {
    const limits = new PortalRateLimits();
    const old = limits.forPortal('https://old.bitrix24.ru');
    limits.follow('https://old.bitrix24.ru', 'https://new.bitrix24.ru');
    expect(limits.forPortal('https://new.bitrix24.ru')).toBe(old);
  });

  test("sizes a portal's bucket by its plan, and a plan said later resizes it (limits.md:45-50)", () => {
    const limits = new PortalRateLimits();
    const lane = limits.forPortal('https://a.bitrix24.ru');
    expect(lane.bucket.plan).toEqual({ burst: 50, perSecond: 2 });
    expect(limits.forPortal('https://a.bitrix24.ru', 'enterprise').bucket.plan).toEqual({ burst: 250, perSecond: 5 });
    expect(lane.bucket.capacity).toBe(247.5);
    // A fixed plan (tests and benchmarks) wins over what a profile says.
    const fixed = new PortalRateLimits({ burst: 3, perSecond: 1 });
    expect(fixed.forPortal('https://a.bitrix24.ru', 'enterprise').bucket.plan).toEqual({ burst: 3, perSecond: 1 });
  });
});

describe('RequestSeries: one request at a time ("no parallel series", limits.md:123)', () => {
  test('lets each in when the one before is done, in arrival order; a cancelled wait leaves the line', async () => {
    const series = new RequestSeries();
    const order: string[] = [];
    const first = await series.enter();
    const second = series.enter().then((release) => (order.push('second'), release));
    const controller = new AbortController();
    const third = series.enter(controller.signal);
    const fourth = series.enter().then((release) => (order.push('fourth'), release));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual([]);
    controller.abort();
    await expect(third).rejects.toBeDefined();
    first();
    (await second)();
    (await fourth)();
    expect(order).toEqual(['second', 'fourth']);
  });
});
