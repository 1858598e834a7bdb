/**
 * The client's side of the portal's leaky bucket. Bitrix24 counts every HTTP request per portal: above the
 * burst it answers 503 QUERY_LIMIT_EXCEEDED, and the count drains at a fixed rate. Keeping the same bucket here
 * means a burst of lookups waits a little instead of being refused.
 */
import { type Clock, systemClock } from '../clock.ts';

export interface RatePlan {
  /** Requests allowed at once before the portal starts refusing. */
  burst: number;
  /** Requests the bucket drains per second. */
  perSecond: number;
}

/** Bitrix24 cloud limits by plan (../shared/BITRIX24.md, "Limits and batch"). */
export const RATE_PLANS = {
  standard: { burst: 50, perSecond: 2 },
  enterprise: { burst: 250, perSecond: 5 },
} as const satisfies Record<string, RatePlan>;

/**
 * How much later than it leaves a request may reach the portal. The portal drains its bucket by arrival time, so
 * a request that was slow on the way finds the bucket fuller than the client reckoned; keeping this much drain in
 * reserve means the portal still has room for it.
 */
export const ARRIVAL_ALLOWANCE_MS = 500;

/** One portal's bucket; `acquire` waits until one more request fits. Waiters are served in arrival order. */
export class LeakyBucket {
  readonly plan: RatePlan;
  /** The burst minus the arrival allowance: the level the client fills the bucket to. */
  readonly capacity: number;
  readonly #clock: Clock;
  #level = 0;
  #updatedAt: number;

  constructor(plan: RatePlan, clock: Clock = systemClock, arrivalAllowanceMs = ARRIVAL_ALLOWANCE_MS) {
    if (!(plan.burst >= 1) || !(plan.perSecond > 0)) throw new RangeError('A rate plan needs burst >= 1 and perSecond > 0');
    this.plan = plan;
    this.capacity = Math.max(1, plan.burst - (plan.perSecond * arrivalAllowanceMs) / 1000);
    this.#clock = clock;
    this.#updatedAt = clock.now();
  }

  #drain(): void {
    const now = this.#clock.now();
    this.#level = Math.max(0, this.#level - ((now - this.#updatedAt) / 1000) * this.plan.perSecond);
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
    const waitMs = ((this.#level + 1 - this.capacity) / this.plan.perSecond) * 1000;
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
    this.#level = Math.max(this.#level, this.capacity);
  }
}

/** One bucket per portal origin, shared by every client that talks to that portal. */
export class PortalRateLimits {
  readonly #plan: RatePlan;
  readonly #clock: Clock;
  readonly #buckets = new Map<string, LeakyBucket>();

  constructor(plan: RatePlan = RATE_PLANS.standard, clock: Clock = systemClock) {
    this.#plan = plan;
    this.#clock = clock;
  }

  /** The bucket of the portal at `origin` (`https://host[:port]`). */
  forPortal(origin: string): LeakyBucket {
    let bucket = this.#buckets.get(origin);
    if (!bucket) {
      bucket = new LeakyBucket(this.#plan, this.#clock);
      this.#buckets.set(origin, bucket);
    }
    return bucket;
  }

  /**
   * A renamed portal is the same portal: its new origin drains the bucket its old one filled, so requests
   * reserved under the old name still count.
   */
  follow(from: string, to: string): void {
    if (!this.#buckets.has(to)) this.#buckets.set(to, this.forPortal(from));
  }
}

/** The limits every client shares unless it is handed its own: all calls to one portal drain one bucket. */
export const sharedRateLimits = new PortalRateLimits();
