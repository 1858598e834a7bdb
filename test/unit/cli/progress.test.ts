/** The progress line of a long lookup: only on a terminal, only after the delay, gone before results print. */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { PROGRESS_DELAY_MS, startProgress } from '../../../electron/cli/progress.ts';

function terminal(isTTY: boolean): { isTTY: boolean; written: string[]; write(text: string): void } {
  return {
    isTTY,
    written: [],
    write(text) {
      this.written.push(text);
    },
  };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('startProgress', () => {
  test('a quick lookup draws nothing', () => {
    const stream = terminal(true);
    const progress = startProgress(stream, { now: Date.now });
    progress.update(0, 500);
    vi.advanceTimersByTime(PROGRESS_DELAY_MS - 1);
    progress.update(500, 500);
    progress.finish();
    vi.advanceTimersByTime(10_000);
    expect(stream.written).toEqual([]);
  });

  test('a long one shows how far it is after the delay, redraws at most every 100 ms, and erases the line at the end', () => {
    const stream = terminal(true);
    const progress = startProgress(stream, { now: Date.now });
    progress.update(0, 500);
    vi.advanceTimersByTime(PROGRESS_DELAY_MS);
    expect(stream.written).toEqual(['\r\x1b[KLooking up 0 of 500…']);
    progress.update(50, 500);
    expect(stream.written).toHaveLength(1);
    vi.advanceTimersByTime(100);
    progress.update(100, 500);
    expect(stream.written.at(-1)).toBe('\r\x1b[KLooking up 100 of 500…');
    progress.finish();
    expect(stream.written.at(-1)).toBe('\r\x1b[K');
  });

  test('when the first answer comes after the delay, it is drawn at once', () => {
    const stream = terminal(true);
    const progress = startProgress(stream, { now: Date.now });
    vi.advanceTimersByTime(PROGRESS_DELAY_MS + 500);
    expect(stream.written).toEqual([]);
    progress.update(50, 500);
    expect(stream.written).toEqual(['\r\x1b[KLooking up 50 of 500…']);
  });

  test('standard error that is a file or a pipe never sees a progress line', () => {
    const stream = terminal(false);
    const progress = startProgress(stream, { now: Date.now });
    progress.update(0, 500);
    vi.advanceTimersByTime(PROGRESS_DELAY_MS * 5);
    progress.update(250, 500);
    progress.finish();
    expect(stream.written).toEqual([]);
  });
});
