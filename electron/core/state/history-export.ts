/**
 * The history as a file to keep or open elsewhere: CSV for spreadsheets, JSON for scripts. Entries hold no
 * secrets (see history.ts), so an export holds none either.
 */
import type { Message } from '../../common/i18n/format.ts';
import type { HistoryEntry } from './history.ts';

export const EXPORT_FORMATS = ['csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A failed lookup's message, as stored (code and parameters); null for one that did not fail. */
export function messageOfEntry(entry: HistoryEntry): Message | null {
  return entry.code === null ? null : { code: entry.code, ...(entry.params ? { params: entry.params } : {}) };
}

/** Says a message in the person's language (the IPC layer hands in catalogs.ts's `say`). */
export type SayMessage = (message: Message) => string;

type Column = readonly [string, (entry: HistoryEntry, say: SayMessage) => string | number | null];

const COLUMNS: readonly Column[] = [
  ['time', (entry) => new Date(entry.at).toISOString()],
  ['input', (entry) => entry.input],
  ['outcome', (entry) => entry.outcome],
  ['entity_type', (entry) => entry.entityType],
  ['entity_id', (entry) => entry.entityId],
  ['label', (entry) => entry.label],
  ['chat_id', (entry) => entry.chatId],
  ['portal', (entry) => entry.portal],
  ['error_code', (entry) => entry.code],
  // The sentence in the person's language: a spreadsheet is read by people (the JSON export keeps code and params).
  [
    'message',
    (entry, say) => {
      const message = messageOfEntry(entry);
      return message && say(message);
    },
  ],
  // `1764 Telegram (active); 1763 Live Chat`: the entity's open-line chats, active first.
  ['open_line_chats', (entry) => entry.openLines.map((chat) => `${chat.chatId} ${chat.channel}${chat.active ? ' (active)' : ''}`).join('; ') || null],
];

/**
 * One CSV field (RFC 4180). Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR at the
 * start) gets a leading apostrophe, so a pasted `=HYPERLINK(...)` stays text when the file is opened.
 */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  // Semicolons and tabs too: a spreadsheet set to split on them would otherwise start a new cell, and a formula, there.
  return /[",;\t\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** CSV with a header row, CRLF line ends and a byte-order mark, so Excel reads Cyrillic inputs right. */
export function historyToCsv(entries: readonly HistoryEntry[], say: SayMessage = (message) => message.code): string {
  const lines = [COLUMNS.map(([name]) => name).join(',')];
  for (const entry of entries) lines.push(COLUMNS.map(([, read]) => csvField(read(entry, say))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** JSON: when it was exported, by which app version, and the entries newest first. */
export function historyToJson(entries: readonly HistoryEntry[], { exportedAt, appVersion }: { exportedAt: number; appVersion: string }): string {
  return `${JSON.stringify({ exportedAt: new Date(exportedAt).toISOString(), app: `B24 Chat Lookup ${appVersion}`, entries }, null, 2)}\n`;
}

/** The file name offered in the save dialog: `b24-chat-lookup-history-2026-11-25.csv`. */
export function exportFileName(format: ExportFormat, at: number): string {
  return `b24-chat-lookup-history-${new Date(at).toISOString().slice(0, 10)}.${format}`;
}
