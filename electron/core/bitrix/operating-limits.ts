/**
 * Bitrix24's operating limit as one client sees it: per method, when its oldest minute of use stops counting (from its
 * last successful answer), and until when the portal has paused it for these credentials, so a paused method waits or
 * fails here, unsent.
 */
import { isRecord } from './json.ts';

/** How long after a method's reset time it is asked again. */
export const OPERATING_RESET_MARGIN_MS = 1000;

/** Epoch ms from a unix timestamp in seconds (or ms), as portals write `operating_reset_at`. */
function readTimestamp(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value < 1e12 ? value * 1000 : value;
  if (typeof value === 'string' && /^\d+(?:\.\d+)?$/.test(value.trim())) return readTimestamp(Number(value));
  return null;
}

/**
 * When the method's oldest minute of use stops counting, from a successful answer's `time` ([en] limits.md:113), or
 * null when the answer has none (`scope` and `profile` leave it out: [en] api-reference/common/system/scope.md:206-214).
 */
export function operatingResetOf(time: unknown): number | null {
  return isRecord(time) ? readTimestamp(time.operating_reset_at) : null;
}

/**
 * How long to wait for a paused method: to its reset, and a second past it, as the JS SDK waits
 * (b24jssdk src/core/http/limiters/operating-limiter.ts:103-114): the reset is written in whole seconds.
 */
export function pauseWaitMs(until: number, now: number): number {
  return Math.max(0, until - now) + OPERATING_RESET_MARGIN_MS;
}

/** One client's memory of the portal's operating limit, per method. */
export class OperatingPauses {
  /**
   * Per method, when its oldest minute of use stops counting, from its last successful answer: "For the first retry,
   * refer to operating_reset_at from the last successful response" ([en] limits.md:124). The OPERATION_TIME_LIMIT error
   * itself carries no time (the docs show no body for it; the JS SDK notes the same, b24jssdk
   * src/core/http/limiters/manager.ts:183).
   */
  readonly #operatingResets = new Map<string, number>();
  /** Per method, until when the portal has refused it for these credentials: calls wait or fail here, unsent. */
  readonly #blockedUntil = new Map<string, number>();

  /** Until when the method is held back (epoch ms), 0 when it is not. */
  blockedUntil(method: string): number {
    return this.#blockedUntil.get(method) ?? 0;
  }

  /**
   * Keeps when a method's use starts to count less, from a successful answer's `time`. Not for `batch` itself: "An
   * external call to batch is not accounted for in operating" (limits.md:127); its commands' times come in result_time.
   */
  noteAnswer(method: string, time: unknown): void {
    if (method === 'batch') return;
    const resetAt = operatingResetOf(time);
    if (resetAt !== null) this.#operatingResets.set(method, resetAt);
    this.#blockedUntil.delete(method);
  }

  /**
   * When a method the portal just paused may be asked again: the reset its last successful answer named, while that is
   * still ahead; unknown (null) otherwise, as when the error persists past it ("wait for the next bucket reset",
   * limits.md:124). The method is then not asked again before that moment.
   */
  pausedUntil(method: string, now: number): number | null {
    const resetAt = this.#operatingResets.get(method);
    if (resetAt === undefined || resetAt <= now) return null;
    this.#blockedUntil.set(method, resetAt);
    return resetAt;
  }
}
