import { describe, expect, test } from 'vitest';
import { BitrixError } from '../../../electron/core/bitrix/errors.ts';
import { CallAttempts, DEFAULT_RETRY_POLICY, isGatewayFailure, rateLimitBackoff, type RetryPolicy } from '../../../electron/core/bitrix/retry-policy.ts';

const noJitter = (): number => 0.5;

describe('rateLimitBackoff', () => {
  test('grows by the factor from the first delay, with no jitter at the middle of the random range', () => {
    expect([0, 1, 2].map((retry) => rateLimitBackoff(DEFAULT_RETRY_POLICY, retry, noJitter))).toEqual([1000, 1500, 2250]);
  });

  test('the jitter scales a wait between 1 - jitter and 1 + jitter', () => {
    expect(rateLimitBackoff(DEFAULT_RETRY_POLICY, 0, () => 0)).toBe(750);
    expect(rateLimitBackoff(DEFAULT_RETRY_POLICY, 0, () => 0.999_999)).toBeCloseTo(1250, 2);
  });
});

describe('CallAttempts', () => {
  test('QUERY_LIMIT_EXCEEDED is retried rateLimitRetries times, each wait longer, then no more', () => {
    const attempts = new CallAttempts(DEFAULT_RETRY_POLICY, noJitter);
    const waits = [attempts.rateLimitRetry(), attempts.rateLimitRetry(), attempts.rateLimitRetry(), attempts.rateLimitRetry()];
    expect(waits).toEqual([1000, 1500, 2250, 3375]);
    expect(attempts.rateLimitRetry()).toBeNull();
    expect(attempts.rateLimitRetries).toBe(4);
  });

  test('a retry whose wait would pass rateLimitMaxWaitMs is not made, and not counted', () => {
    const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, rateLimitMaxWaitMs: 2600 };
    const attempts = new CallAttempts(policy, noJitter);
    expect(attempts.rateLimitRetry()).toBe(1000);
    expect(attempts.rateLimitRetry()).toBe(1500);
    expect(attempts.rateLimitRetry()).toBeNull();
    expect(attempts.rateLimitRetries).toBe(2);
  });

  test('server errors and gateway failures share serverErrorRetries', () => {
    const attempts = new CallAttempts({ ...DEFAULT_RETRY_POLICY, serverErrorRetries: 2 }, noJitter);
    expect([attempts.serverRetry(), attempts.serverRetry(), attempts.serverRetry()]).toEqual([true, true, false]);
    expect(attempts.serverRetries).toBe(2);
  });

  test('a pause is waited out once per call, and only within maxOperationWaitMs', () => {
    const attempts = new CallAttempts(DEFAULT_RETRY_POLICY, noJitter);
    expect(attempts.pauseWait(DEFAULT_RETRY_POLICY.maxOperationWaitMs + 1)).toBe(false);
    expect(attempts.pauseWait(DEFAULT_RETRY_POLICY.maxOperationWaitMs)).toBe(true);
    expect(attempts.pauseWait(10)).toBe(false);
  });

  test('a call is sent again with new tokens only once', () => {
    const attempts = new CallAttempts(DEFAULT_RETRY_POLICY, noJitter);
    expect(attempts.resendWithNewTokens()).toBe(true);
    expect(attempts.resendWithNewTokens()).toBe(false);
  });

  test('each kind of retry has its own budget', () => {
    const attempts = new CallAttempts({ ...DEFAULT_RETRY_POLICY, rateLimitRetries: 1, serverErrorRetries: 1 }, noJitter);
    expect(attempts.serverRetry()).toBe(true);
    expect(attempts.rateLimitRetry()).toBe(1000);
    expect(attempts.resendWithNewTokens()).toBe(true);
    expect(attempts.pauseWait(0)).toBe(true);
  });
});

describe('isGatewayFailure', () => {
  const badResponse = (httpStatus: number): BitrixError =>
    new BitrixError({
      code: 'bad_response',
      portal: 'example.bitrix24.com',
      method: 'im.chat.get',
      httpStatus,
      message: { code: 'bad_response', params: { portal: 'example.bitrix24.com', method: 'im.chat.get', httpStatus } },
    });

  test.each([502, 503, 504])('an HTML %i is a gateway failure', (status) => {
    expect(isGatewayFailure(badResponse(status))).toBe(true);
  });

  test('a 500 with HTML, a network failure or another error is not', () => {
    expect(isGatewayFailure(badResponse(500))).toBe(false);
    expect(isGatewayFailure(new BitrixError({ code: 'network', portal: 'p', method: 'm', message: { code: 'network', params: { portal: 'p' } } }))).toBe(false);
    expect(isGatewayFailure(new Error('502'))).toBe(false);
  });
});
