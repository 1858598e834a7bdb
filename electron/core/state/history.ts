/**
 * What one history entry is, as stored and as the window sees it, and how an entry is made safe to store: every text
 * masked and cut. Inputs arrive with secrets already masked by the parser; they are masked once more here, so no path
 * into the file can carry one. The store itself (files, search, cap) is history-store.ts; this module stays free of
 * Node so the preload's contract can use its schema.
 */
import * as v from 'valibot';
import { maskSecrets } from '../../common/references/secrets.ts';
import { storedParamsSchema } from './stored-message.ts';
import type { DocumentSpec } from './document.ts';

export const OUTCOMES = ['found', 'not_found', 'invalid', 'error'] as const;

const MAX_TEXT = 2_000;
/** The latest time a JavaScript Date can hold. */
export const MAX_TIME = 8.64e15;
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

export function historySpec(): DocumentSpec<HistoryEntry[]> {
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
export function sanitised(item: NewHistoryEntry): Omit<HistoryEntry, 'id' | 'at'> {
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
