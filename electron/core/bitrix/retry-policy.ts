/**
 * How patient one call is with a portal that asks for patience: how often and how long QUERY_LIMIT_EXCEEDED, the
 * portal's internal errors and gateway failures are retried, and how long an OPERATION_TIME_LIMIT is waited out.
 */
import { BitrixError } from './errors.ts';

export interface RetryPolicy {
  /** How many times QUERY_LIMIT_EXCEEDED is retried before `rate_limited`. */
  rateLimitRetries: number;
  /** The first wait after QUERY_LIMIT_EXCEEDED; each next one is `rateLimitFactor` times longer. */
  rateLimitDelayMs: number;
  rateLimitFactor: number;
  /** The most time spent waiting out QUERY_LIMIT_EXCEEDED in one call. */
  rateLimitMaxWaitMs: number;
  /** Each wait is scaled by a random factor in [1 - jitter, 1 + jitter], so clients do not retry in step. */
  jitter: number;
  /** Retries of INTERNAL_SERVER_ERROR / ERROR_UNEXPECTED_ANSWER and gateway failures (never ERROR_CORE: errors.ts). */
  serverErrorRetries: number;
  serverErrorDelayMs: number;
  /** OPERATION_TIME_LIMIT is waited out only when the wait (to the portal's reset, and a second) is within this time. */
  maxOperationWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  rateLimitRetries: 4,
  rateLimitDelayMs: 1000,
  rateLimitFactor: 1.5,
  rateLimitMaxWaitMs: 15_000,
  jitter: 0.25,
  serverErrorRetries: 1,
  serverErrorDelayMs: 500,
  maxOperationWaitMs: 10_000,
};

/** The wait before retry number `retry` (0 for the first) of QUERY_LIMIT_EXCEEDED; `random` is in [0, 1). */
export function rateLimitBackoff(policy: RetryPolicy, retry: number, random: () => number): number {
  const base = policy.rateLimitDelayMs * policy.rateLimitFactor ** retry;
  return base * (1 - policy.jitter + 2 * policy.jitter * random());
}

/** A gateway's HTML 502/503/504 in front of the portal, which the portal's own internal errors are retried like. */
export function isGatewayFailure(error: unknown): error is BitrixError {
  return error instanceof BitrixError && error.code === 'bad_response' && [502, 503, 504].includes(error.failure.httpStatus ?? 0);
}

/** One call's retries so far, against the policy: each question says whether one more is allowed, and counts it when so. */
export class CallAttempts {
  readonly #policy: RetryPolicy;
  readonly #random: () => number;
  #rateLimit = 0;
  #rateLimitWaitedMs = 0;
  #server = 0;
  #pauseWaited = false;
  #resent = false;

  constructor(policy: RetryPolicy, random: () => number) {
    this.#policy = policy;
    this.#random = random;
  }

  /** How many QUERY_LIMIT_EXCEEDED retries this call has made. */
  get rateLimitRetries(): number {
    return this.#rateLimit;
  }

  /** How many server-error and gateway retries this call has made. */
  get serverRetries(): number {
    return this.#server;
  }

  /** The wait before retrying QUERY_LIMIT_EXCEEDED, or null once the retries or the time for them are spent. */
  rateLimitRetry(): number | null {
    const delay = rateLimitBackoff(this.#policy, this.#rateLimit, this.#random);
    if (this.#rateLimit >= this.#policy.rateLimitRetries || this.#rateLimitWaitedMs + delay > this.#policy.rateLimitMaxWaitMs) return null;
    this.#rateLimit += 1;
    this.#rateLimitWaitedMs += delay;
    return delay;
  }

  /** Whether a server error or gateway failure may be retried once more. */
  serverRetry(): boolean {
    if (this.#server >= this.#policy.serverErrorRetries) return false;
    this.#server += 1;
    return true;
  }

  /** Whether a paused method's wait of `waitMs` is waited out: once per call, and only within maxOperationWaitMs. */
  pauseWait(waitMs: number): boolean {
    if (this.#pauseWaited || waitMs > this.#policy.maxOperationWaitMs) return false;
    this.#pauseWaited = true;
    return true;
  }

  /** Whether the call may be sent once more with other tokens (renewed, by itself or another call): once per call. */
  resendWithNewTokens(): boolean {
    if (this.#resent) return false;
    this.#resent = true;
    return true;
  }
}
