/**
 * Every lookup the person made, newest first: searched by what they typed, the entity or the chat id, re-run,
 * deleted one by one or all at once, and capped (oldest go first). Inputs arrive with secrets already masked by the
 * parser; they are masked once more here, so no path into the file can carry one.
 */
import * as v from 'valibot';
import { maskSecrets } from '../../common/references/secrets.ts';
import { storedParamsSchema } from './stored-message.ts';
import { type DocumentSpec, StateDocument } from './document.ts';
import { Listeners } from './listeners.ts';
import type { NoticeBoard } from './notices.ts';
import { DEFAULT_HISTORY_LIMIT } from './settings.ts';
import type { StateFile } from './state-file.ts';

export const OUTCOMES = ['found', 'not_found', 'invalid', 'error'] as const;

const MAX_TEXT = 2_000;
/** The latest time a JavaScript Date can hold. */
const MAX_TIME = 8.64e15;
const text = v.pipe(v.string(), v.maxLength(MAX_TEXT));
const positiveId = v.pipe(v.number(), v.safeInteger(), v.minValue(1));

/** An open-line chat the lookup found beside the entity's own (its id, its channel, whether it was still open). */
const openLineSchema = v.object({
  chatId: positiveId,
  connectorId: v.pipe(v.string(), v.maxLength(100)),
  channel: v.pipe(v.string(), v.maxLength(200)),
  active: v.boolean(),
});
/** More open-line chats than this on one entity are not kept in its entry (the lookup itself shows them all). */
const MAX_OPEN_LINES = 20;

/** One entry as it is stored and as the window sees it. */
export const historyEntrySchema = v.object({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  /** Milliseconds since the epoch (within what a Date can show). */
  at: v.pipe(v.number(), v.safeInteger(), v.minValue(0), v.maxValue(MAX_TIME)),
  /** What was looked up, as typed or pasted (one reference of it), secrets masked. */
  input: text,
  outcome: v.picklist(OUTCOMES),
  /** The `im.chat.get` key: `CRM` + `LEAD|13`; null for a chat link or an input that was not a reference. */
  entityType: v.nullable(text),
  entityId: v.nullable(text),
  /** `lead 13`, `chat 1437`. */
  label: v.nullable(text),
  chatId: v.nullable(positiveId),
  /** The portal's origin; null when nothing was asked. */
  portal: v.nullable(text),
  /**
   * Why it failed: the parser's or the portal's message code and its parameters (never a sentence, so the window says
   * it in the person's language of the day). A file from before keeps its code; its English `message` is dropped.
   */
  code: v.nullable(text),
  params: v.optional(v.nullable(storedParamsSchema), null),
  /** The entity's open-line chats (customers' messengers), active first; entries from before they were asked have none. */
  openLines: v.optional(v.pipe(v.array(openLineSchema), v.maxLength(MAX_OPEN_LINES)), []),
});
export type HistoryEntry = v.InferOutput<typeof historyEntrySchema>;
/** A lookup to record: an entry without its id and time (and without open-line chats, where it had none). */
export type NewHistoryEntry = Omit<HistoryEntry, 'id' | 'at' | 'openLines' | 'params'> & {
  openLines?: HistoryEntry['openLines'];
  params?: HistoryEntry['params'];
};

export interface HistoryQuery {
  /** Words that must all appear in the input, the entity, the chat id or the portal (any case). */
  query?: string | undefined;
  offset?: number | undefined;
  limit?: number | undefined;
}

export interface HistoryPage {
  entries: HistoryEntry[];
  /** How many entries match the query (all of them without one). */
  total: number;
}

export const HISTORY_PAGE_MAX = 500;

function historySpec(): DocumentSpec<HistoryEntry[]> {
  return {
    label: 'history',
    version: 1,
    migrations: {
      // Version 0: a bare list of entries under `entries`, which is what version 1 keeps; only the version is new.
      0: (document) => ({ entries: document.entries ?? [] }),
    },
    read: (document) => {
      if (!Array.isArray(document.entries)) return { value: [], dropped: document.entries === undefined ? 0 : 1 };
      const value: HistoryEntry[] = [];
      for (const raw of document.entries) {
        const parsed = v.safeParse(historyEntrySchema, raw);
        // Inputs were masked when recorded; masking 10,000 again would double the start-up time for nothing.
        if (parsed.success) value.push(parsed.output);
      }
      // The file's order is the order they were made in (newest first), whatever the clock said at the time.
      return { value, dropped: document.entries.length - value.length };
    },
    empty: () => [],
    write: (entries) => ({ entries }),
  };
}

const clip = (text: string | null): string | null => (text === null ? null : maskSecrets(text).slice(0, MAX_TEXT));
const clipParam = (value: string | number | readonly string[]): string | number | string[] =>
  typeof value === 'number' ? value : typeof value === 'string' ? (clip(value) ?? '') : value.slice(0, 100).map((one) => clip(one) ?? '');

/** An entry as it may be stored: every text masked and cut to what the file's schema reads back. */
function sanitised(item: NewHistoryEntry): Omit<HistoryEntry, 'id' | 'at'> {
  return {
    input: clip(item.input) ?? '',
    outcome: item.outcome,
    entityType: clip(item.entityType),
    entityId: clip(item.entityId),
    label: clip(item.label),
    chatId: item.chatId !== null && Number.isSafeInteger(item.chatId) && item.chatId > 0 ? item.chatId : null,
    portal: clip(item.portal),
    code: clip(item.code),
    params: item.params ? Object.fromEntries(Object.entries(item.params).map(([name, value]) => [name, clipParam(value)])) : null,
    openLines: (item.openLines ?? []).slice(0, MAX_OPEN_LINES).map(({ chatId, connectorId, channel, active }) => ({
      chatId,
      connectorId: connectorId.slice(0, 100),
      channel: maskSecrets(channel).slice(0, 200),
      active,
    })),
  };
}

/** What a search looks through, lower-cased once per entry. */
function haystackOf(entry: HistoryEntry): string {
  const chats = [entry.chatId, ...entry.openLines.map((chat) => chat.chatId)].filter((id) => id !== null).map((id) => `chat${id} ${id}`);
  const channels = entry.openLines.map((chat) => chat.channel);
  return [entry.input, entry.entityType, entry.entityId, entry.label, ...chats, ...channels, entry.portal].filter(Boolean).join('\n').toLowerCase();
}

/** The lookup history over its state file: record, search, re-run's source, delete, clear, cap. */
export class HistoryStore {
  readonly #document: StateDocument<HistoryEntry[]>;
  readonly #haystacks = new WeakMap<HistoryEntry, string>();
  readonly #now: () => number;
  #limit: number;
  readonly #listeners = new Listeners<[total: number]>();
  readonly #writeLater: ((write: () => void) => void) | undefined;
  /** A recorded lookup is in memory but not yet in the file (writeLater). */
  #unwritten = false;

  /**
   * `writeLater`: where lookups are recorded on a person's path (the app), the file is written just after the answer
   * is on its way rather than before: `writeLater` runs the write soon (the app: setImmediate), several lookups share
   * one write, and flush() writes what waits (the app calls it when it quits). Without it every change is written at
   * once. Deleting, clearing and a new cap are always written at once.
   */
  constructor(
    file: StateFile,
    notices: NoticeBoard,
    { limit = DEFAULT_HISTORY_LIMIT, now = Date.now, writeLater }: { limit?: number; now?: () => number; writeLater?: (write: () => void) => void } = {},
  ) {
    this.#document = new StateDocument(file, historySpec(), notices);
    this.#now = now;
    this.#writeLater = writeLater;
    // More entries than the cap only when the cap was not the person's choice this time (settings reset after
    // damage, or a newer version allowed more): they are kept until the person sets a cap.
    this.#limit = Math.max(limit, this.#document.value.length);
  }

  /** How many entries there are. */
  get size(): number {
    return this.#document.value.length;
  }

  /** Adds lookups (in the order they were made) as the newest entries, trims to the cap and saves. */
  record(items: readonly NewHistoryEntry[]): HistoryEntry[] {
    if (this.#limit === 0 || items.length === 0) return [];
    const at = Math.min(Math.max(0, Math.trunc(this.#now())), MAX_TIME);
    const added = items.map((item): HistoryEntry => ({ ...sanitised(item), id: crypto.randomUUID(), at }));
    this.#document.value = [...added].reverse().concat(this.#document.value).slice(0, this.#limit);
    if (this.#writeLater) {
      if (!this.#unwritten) this.#writeLater(() => this.flush());
      this.#unwritten = true;
      this.#listeners.emit(this.#document.value.length);
    } else {
      this.#saved();
    }
    return added;
  }

  /** The entries matching a query, newest first, one page of them. */
  list({ query = '', offset = 0, limit = 100 }: HistoryQuery = {}): HistoryPage {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const entries = this.#document.value;
    const matching = words.length === 0 ? entries : entries.filter((entry) => this.#matches(entry, words));
    return { entries: matching.slice(offset, offset + Math.min(limit, HISTORY_PAGE_MAX)), total: matching.length };
  }

  /** Every entry, newest first (for export). */
  all(): readonly HistoryEntry[] {
    return this.#document.value;
  }

  /** One entry by its id. */
  get(id: string): HistoryEntry | undefined {
    return this.#document.value.find((entry) => entry.id === id);
  }

  /** Deletes one entry; false when there was none with that id. */
  delete(id: string): boolean {
    const before = this.#document.value.length;
    this.#document.value = this.#document.value.filter((entry) => entry.id !== id);
    if (this.#document.value.length === before) return false;
    this.#saved();
    return true;
  }

  /** Deletes every entry. */
  clear(): void {
    this.#document.value = [];
    this.#saved();
  }

  /** Changes the cap; entries over it go now, oldest first. */
  setLimit(limit: number): void {
    this.#limit = limit;
    if (this.#document.value.length > limit) this.#trim();
  }

  /** Calls `listener` with the number of entries after every change; returns the unsubscribe function. */
  onChange(listener: (total: number) => void): () => void {
    return this.#listeners.add(listener);
  }

  #trim(): void {
    this.#document.value = this.#document.value.slice(0, this.#limit);
    this.#saved();
  }

  /** Writes the lookups recorded but not yet written (writeLater); nothing when none wait. */
  flush(): void {
    if (!this.#unwritten) return;
    this.#unwritten = false;
    this.#document.save();
  }

  #saved(): void {
    this.#unwritten = false;
    this.#document.save();
    this.#listeners.emit(this.#document.value.length);
  }

  #matches(entry: HistoryEntry, words: readonly string[]): boolean {
    let haystack = this.#haystacks.get(entry);
    if (haystack === undefined) {
      haystack = haystackOf(entry);
      this.#haystacks.set(entry, haystack);
    }
    return words.every((word) => haystack.includes(word));
  }
}
