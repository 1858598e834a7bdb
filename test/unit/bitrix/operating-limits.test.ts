import { describe, expect, test } from 'vitest';
import { OPERATING_RESET_MARGIN_MS, OperatingPauses, operatingResetOf, pauseWaitMs } from '../../../electron/core/bitrix/operating-limits.ts';

const NOW = 1_760_000_000_000;
const inSeconds = (ms: number): number => ms / 1000;

describe('operatingResetOf', () => {
  test('reads operating_reset_at in seconds, in milliseconds or as a numeric string', () => {
    expect(operatingResetOf({ operating_reset_at: 1_760_000_000 })).toBe(NOW);
    expect(operatingResetOf({ operating_reset_at: NOW })).toBe(NOW);
    expect(operatingResetOf({ operating_reset_at: ' 1760000000 ' })).toBe(NOW);
  });

  test('is null for an answer without a usable time', () => {
    expect(operatingResetOf(undefined)).toBeNull();
    expect(operatingResetOf({ operating: 0.5 })).toBeNull();
    expect(operatingResetOf({ operating_reset_at: 'soon' })).toBeNull();
    expect(operatingResetOf({ operating_reset_at: -1 })).toBeNull();
  });
});

test('pauseWaitMs waits to the reset and a second past it, and never less than that second', () => {
  expect(pauseWaitMs(NOW + 3000, NOW)).toBe(3000 + OPERATING_RESET_MARGIN_MS);
  expect(pauseWaitMs(NOW - 3000, NOW)).toBe(OPERATING_RESET_MARGIN_MS);
});

describe('OperatingPauses', () => {
  test('a method paused after an answer that named its reset is held back until then', () => {
    const pauses = new OperatingPauses();
    pauses.noteAnswer('im.chat.get', { operating_reset_at: inSeconds(NOW + 60_000) });
    expect(pauses.blockedUntil('im.chat.get')).toBe(0);
    expect(pauses.pausedUntil('im.chat.get', NOW)).toBe(NOW + 60_000);
    expect(pauses.blockedUntil('im.chat.get')).toBe(NOW + 60_000);
    // Other methods have limits of their own.
    expect(pauses.blockedUntil('im.dialog.get')).toBe(0);
  });

  test('without a reset still ahead the pause has no known end, and nothing is held back', () => {
    const pauses = new OperatingPauses();
    expect(pauses.pausedUntil('im.chat.get', NOW)).toBeNull();
    pauses.noteAnswer('im.chat.get', { operating_reset_at: inSeconds(NOW - 1000) });
    expect(pauses.pausedUntil('im.chat.get', NOW)).toBeNull();
    expect(pauses.blockedUntil('im.chat.get')).toBe(0);
  });

  test('a successful answer frees the method', () => {
    const pauses = new OperatingPauses();
    pauses.noteAnswer('im.chat.get', { operating_reset_at: inSeconds(NOW + 60_000) });
    pauses.pausedUntil('im.chat.get', NOW);
    pauses.noteAnswer('im.chat.get', {});
    expect(pauses.blockedUntil('im.chat.get')).toBe(0);
  });

  test('the batch call itself is not counted: only its commands are (limits.md:127)', () => {
    const pauses = new OperatingPauses();
    pauses.noteAnswer('batch', { operating_reset_at: inSeconds(NOW + 60_000) });
    expect(pauses.pausedUntil('batch', NOW)).toBeNull();
  });
});
