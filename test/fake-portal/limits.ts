/**
 * The two limits a portal keeps, as [en] limits.md describes them:
 *
 * - the request rate, a leaky bucket per portal and source address (limits.md:30-57): every HTTP request adds 1 (a
 *   `batch` too, once: :65, :69); above X the request is refused with 503 QUERY_LIMIT_EXCEEDED (:35); the count drains
 *   by Y a second (:36). X and Y by plan (:45-50): Enterprise 250 and 5, every other plan 50 and 2.
 * - the execution time per method and per application or webhook (:83-117), kept in ten one-minute baskets: a basket
 *   starts with the first call of its minute and drops out ten minutes later (`operating_reset_at`, :113); `operating`
 *   is what the baskets hold (:85, :115). The sum is checked before each call: a call that finds it over the limit is
 *   refused with 429 OPERATION_TIME_LIMIT (:109, :117); the call that crossed the limit still completes (:117, and the
 *   example at :129-134). An outer `batch` is not counted, its commands are, each against its own method (:127).
 *
 * How long a call "takes" on the fake is what a test says it costs (`cost`); the docs' own example (480 s limit, 20 s a
 * call) is how tests drive it. The cloud's real limit is not published (:136).
 */

export interface RatePlan {
  burst: number;
  perSecond: number;
}

/** [en] limits.md:45-50 ("Tariff", "Limit before blocking X", "Counter reduction rate Y"). */
export const RATE_PLANS = {
  enterprise: { burst: 250, perSecond: 5 },
  others: { burst: 50, perSecond: 2 },
} as const satisfies Record<string, RatePlan>;

/** The portal's request counter for one source address. */
export class RequestCounter {
  #level = 0;
  #updatedAt: number;
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
    this.#updatedAt = now();
  }

  /** Counts one request; false when it is over the limit (refused, and then not counted). */
  admit(plan: RatePlan): boolean {
    const now = this.#now();
    this.#level = Math.max(0, this.#level - ((now - this.#updatedAt) / 1000) * plan.perSecond);
    this.#updatedAt = now;
    // "When the counter value exceeds the threshold X, the following request is blocked" (limits.md:35).
    if (this.#level + 1 > plan.burst + 1e-9) return false;
    this.#level += 1;
    return true;
  }
}

const MINUTE_MS = 60_000;
const WINDOW_MS = 10 * MINUTE_MS;

interface Basket {
  /** When the first call of this basket started (epoch ms). */
  startedAt: number;
  seconds: number;
}

/** `time.operating` and `time.operating_reset_at` of one method for one application or webhook. */
export interface OperatingTime {
  operating: number;
  /** Unix seconds, an integer as the docs' examples give it ([en] api-reference/data-types.md:155). */
  operatingResetAt: number;
}

/** The execution-time baskets of every method, per credential (an application or a webhook). */
export class OperatingBaskets {
  readonly #baskets = new Map<string, Basket[]>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  #live(key: string): Basket[] {
    const now = this.#now();
    const baskets = (this.#baskets.get(key) ?? []).filter((basket) => basket.startedAt + WINDOW_MS > now);
    this.#baskets.set(key, baskets);
    return baskets;
  }

  /** Whether the method may run now: not while what its baskets hold is over the limit. */
  allows(credential: string, method: string, limitSeconds: number): boolean {
    return this.#sum(this.#live(`${credential}\u0000${method}`)) <= limitSeconds;
  }

  /** Books a call's time into the basket of its minute and answers the method's `time` fields after it. */
  record(credential: string, method: string, seconds: number): OperatingTime {
    const key = `${credential}\u0000${method}`;
    const baskets = this.#live(key);
    const now = this.#now();
    const current = baskets.at(-1);
    if (seconds > 0) {
      // A basket's minute starts with its first call, counted in whole seconds as the reset time is written.
      if (current && now - current.startedAt < MINUTE_MS) current.seconds += seconds;
      else baskets.push({ startedAt: Math.floor(now / 1000) * 1000, seconds });
    }
    const oldest = baskets[0];
    // With nothing booked the docs' own examples show `operating: 0` and a reset ten minutes on (im-chat-get.md:264-272).
    const resetAt = (oldest?.startedAt ?? now) + WINDOW_MS;
    return { operating: this.#sum(baskets), operatingResetAt: Math.floor(resetAt / 1000) };
  }

  #sum(baskets: Basket[]): number {
    return baskets.reduce((total, basket) => total + basket.seconds, 0);
  }
}
