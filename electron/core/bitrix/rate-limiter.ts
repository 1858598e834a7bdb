/**
 * The client's side of the portal's leaky bucket, and its one-at-a-time line. Bitrix24 counts every HTTP request per
 * portal and source address: above the burst it answers 503 QUERY_LIMIT_EXCEEDED, and the count drains at a fixed rate
 * ([en] limits.md:30-57). Keeping the same bucket here means a burst of lookups waits a little instead of being
 * refused; sending one request at a time is what the same page asks of a client (:123).
 */
import { type Clock, systemClock, untilAborted } from '../clock.ts';

export interface RatePlan {
  /** Requests allowed at once before the portal starts refusing. */
  burst: number;
  /** Requests the bucket drains per second. */
  perSecond: number;
}

/**
 * Bitrix24's limits by plan ([en] limits.md:45-50: "Enterprise: 5 per sec, 250"; "Others: 2 per sec, 50"). The portal
 * counts per portal and per source address, whatever app sends (:55-57), so every client in this process shares them.
 */
export const RATE_PLANS = {
  others: { burst: 50, perSecond: 2 },
  enterprise: { burst: 250, perSecond: 5 },
} as const satisfies Record<string, RatePlan>;

/** The plan a profile says its portal is on (`others` unless the person or app.info said Enterprise). */
export type RatePlanName = keyof typeof RATE_PLANS;
export const RATE_PLAN_NAMES = Object.keys(RATE_PLANS) as RatePlanName[];

/**
 * How much later than it leaves a request may reach the portal. The portal drains its bucket by arrival time, so
 * a request that was slow on the way finds the bucket fuller than the client reckoned; keeping this much drain in
 * reserve means the portal still has room for it.
 */
export const ARRIVAL_ALLOWANCE_MS = 500;

/** One portal's bucket; `acquire` waits until one more request fits. Waiters are served in arrival order. */
export class LeakyBucket {
  #plan: RatePlan;
  /** The burst minus the arrival allowance: the level the client fills the bucket to. */
  #capacity: number;
  readonly #arrivalAllowanceMs: number;
  readonly #clock: Clock;
  #level = 0;
  #updatedAt: number;

  constructor(plan: RatePlan, clock: Clock = systemClock, arrivalAllowanceMs = ARRIVAL_ALLOWANCE_MS) {
    this.#arrivalAllowanceMs = arrivalAllowanceMs;
    this.#clock = clock;
    this.#updatedAt = clock.now();
    this.#plan = plan;
    this.#capacity = 1;
    this.plan = plan;
  }

  get plan(): RatePlan {
    return this.#plan;
  }

  /** The person said the portal is on another plan: the bucket holds that much from now on. */
  set plan(plan: RatePlan) {
    if (!(plan.burst >= 1) || !(plan.perSecond > 0)) throw new RangeError('A rate plan needs burst >= 1 and perSecond > 0');
    this.#drain();
    this.#plan = plan;
    this.#capacity = Math.max(1, plan.burst - (plan.perSecond * this.#arrivalAllowanceMs) / 1000);
  }

  get capacity(): number {
    return this.#capacity;
  }

  #drain(): void {
    const now = this.#clock.now();
    this.#level = Math.max(0, this.#level - ((now - this.#updatedAt) / 1000) * this.#plan.perSecond);
    this.#updatedAt = now;
  }

  /** How full the bucket is now (reserved requests included). */
  get level(): number {
    this.#drain();
    return this.#level;
  }

  /** Takes one slot, waiting as long as the bucket needs to drain; the wait is cancelled with the signal. */
  async acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.#drain();
    // The slot is reserved now, so requests queued behind this one wait for it too (first come, first served).
    const waitMs = ((this.#level + 1 - this.#capacity) / this.#plan.perSecond) * 1000;
    this.#level += 1;
    if (waitMs <= 0) return;
    try {
      await this.#clock.sleep(waitMs, signal);
    } catch (error) {
      this.#level = Math.max(0, this.#level - 1);
      throw error;
    }
  }

  /** The portal said the bucket is full (other apps share it): behave as if it were. */
  markFull(): void {
    this.#drain();
    this.#level = Math.max(this.#level, this.#capacity);
  }
}

/**
 * One request at a time to a portal: "Do not run multiple parallel series of requests from a single IP address"
 * ([en] limits.md:123). Calls wait their turn in arrival order; a cancelled wait leaves the line.
 */
export class RequestSeries {
  #tail: Promise<void> = Promise.resolve();

  /** Waits for the requests before this one; call the answer once this request is done. */
  async enter(signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted();
    let release = (): void => {};
    const turn = new Promise<void>((resolve) => {
      release = resolve;
    });
    const before = this.#tail;
    this.#tail = before.then(() => turn);
    try {
      await (signal ? untilAborted(before, signal) : before);
    } catch (error) {
      // Out of the line: the next one goes as soon as those before this one are done.
      release();
      throw error;
    }
    return release;
  }
}

/** What one portal's requests go through: its bucket, then its one-at-a-time line. */
export interface PortalLane {
  bucket: LeakyBucket;
  series: RequestSeries;
}

/** One bucket and one line per portal origin, shared by every client that talks to that portal. */
export class PortalRateLimits {
  /** A plan every portal gets whatever its profile says (tests, benchmarks); otherwise each client's own. */
  readonly #fixedPlan: RatePlan | undefined;
  readonly #clock: Clock;
  readonly #lanes = new Map<string, PortalLane>();

  constructor(fixedPlan?: RatePlan, clock: Clock = systemClock) {
    this.#fixedPlan = fixedPlan;
    this.#clock = clock;
  }

  /** The lane of the portal at `origin` (`https://host[:port]`), its bucket sized for `plan`. */
  forPortal(origin: string, plan: RatePlanName = 'others'): PortalLane {
    const wanted = this.#fixedPlan ?? RATE_PLANS[plan];
    let lane = this.#lanes.get(origin);
    if (!lane) {
      lane = { bucket: new LeakyBucket(wanted, this.#clock), series: new RequestSeries() };
      this.#lanes.set(origin, lane);
    } else if (lane.bucket.plan !== wanted) {
      lane.bucket.plan = wanted;
    }
    return lane;
  }

  /**
   * A renamed portal is the same portal: its new origin drains the bucket its old one filled, so requests
   * reserved under the old name still count, and its requests still go one at a time.
   */
  follow(from: string, to: string): void {
    const lane = this.#lanes.get(from);
    if (lane && !this.#lanes.has(to)) this.#lanes.set(to, lane);
  }
}

/** The limits every client shares unless it is handed its own: all calls to one portal drain one bucket. */
export const sharedRateLimits = new PortalRateLimits();
