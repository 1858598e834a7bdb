/**
 * Things the person must hear about once: a damaged file kept aside, a file from a newer version, a save that
 * failed, a portal that moved. The window takes them (and they are gone); listeners hear that one was added, so
 * an open window can come and take it.
 */
import type { AppMessage } from '../../common/messages/index.ts';
import { Listeners } from './listeners.ts';

export interface Notice {
  id: string;
  level: 'info' | 'warning' | 'error';
  message: AppMessage;
  /** Milliseconds since the epoch. */
  at: number;
}

/** The notices not yet read, and who to tell when one is added. */
export class NoticeBoard {
  #pending: Notice[] = [];
  readonly #listeners = new Listeners<[notice: Notice]>();
  #sequence = 0;
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Queues a notice (the same message twice while still unread is kept once). */
  add(level: Notice['level'], message: AppMessage): void {
    const same = JSON.stringify(message);
    if (this.#pending.some((notice) => JSON.stringify(notice.message) === same)) return;
    this.#sequence += 1;
    const notice: Notice = { id: `notice-${this.#sequence}`, level, message, at: this.#now() };
    this.#pending.push(notice);
    this.#listeners.emit(notice);
  }

  /** Every unread notice, oldest first; after this call they are read. */
  take(): Notice[] {
    const taken = this.#pending;
    this.#pending = [];
    return taken;
  }

  /** Calls `listener` for every notice added from now on; returns the unsubscribe function. */
  onAdded(listener: (notice: Notice) => void): () => void {
    return this.#listeners.add(listener);
  }
}
