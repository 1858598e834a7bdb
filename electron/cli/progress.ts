/**
 * "Looking up 150 of 500…" on the terminal during a long lookup. Silent for quick ones (most finish well under
 * the delay), and silent when standard error is not a terminal, so scripts and logs never see carriage returns.
 */

/** The part of a stream the reporter needs; `process.stderr` is one. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** A lookup shorter than this shows no progress at all. */
export const PROGRESS_DELAY_MS = 2000;
/** Redraw at most this often; a terminal need not repaint for every batch request. */
const REDRAW_INTERVAL_MS = 100;

export interface Progress {
  update(done: number, total: number): void;
  /** Removes the line, if one was drawn. Call before printing results. */
  finish(): void;
}

/** Starts the reporter for one lookup: silent unless the stream is a terminal and the lookup outlasts the delay. */
export function startProgress(stream: ProgressStream, options: { delayMs?: number; now?: () => number } = {}): Progress {
  if (!stream.isTTY) return { update: () => {}, finish: () => {} };
  const now = options.now ?? Date.now;
  let state = { done: 0, total: 0 };
  let due = false;
  let shown = false;
  let drawnAt = 0;
  const draw = (): void => {
    if (state.total === 0) return;
    shown = true;
    drawnAt = now();
    stream.write(`\r\x1b[KLooking up ${state.done} of ${state.total}…`);
  };
  const timer = setTimeout(() => {
    due = true;
    draw();
  }, options.delayMs ?? PROGRESS_DELAY_MS);
  // The timer alone never keeps the process running.
  timer.unref();
  return {
    update(done, total) {
      state = { done, total };
      if (due && (!shown || now() - drawnAt >= REDRAW_INTERVAL_MS)) draw();
    },
    finish() {
      clearTimeout(timer);
      if (shown) stream.write('\r\x1b[K');
      due = false;
      shown = false;
    },
  };
}
