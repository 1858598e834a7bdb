/**
 * The history as a file to keep or open elsewhere: CSV for spreadsheets, JSON for scripts. Entries hold no
 * secrets (see history.ts), so an export holds none either.
 */
import type { HistoryEntry } from './history.ts';

export const EXPORT_FORMATS = ['csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const COLUMNS: readonly [string, (entry: HistoryEntry) => string | number | null][] = [
  ['time', (entry) => new Date(entry.at).toISOString()],
  ['input', (entry) => entry.input],
  ['outcome', (entry) => entry.outcome],
  ['entity_type', (entry) => entry.entityType],
  ['entity_id', (entry) => entry.entityId],
  ['label', (entry) => entry.label],
  ['chat_id', (entry) => entry.chatId],
  ['portal', (entry) => entry.portal],
  ['error_code', (entry) => entry.code],
  ['message', (entry) => entry.message],
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
export function historyToCsv(entries: readonly HistoryEntry[]): string {
  const lines = [COLUMNS.map(([name]) => name).join(',')];
  for (const entry of entries) lines.push(COLUMNS.map(([, read]) => csvField(read(entry))).join(','));
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
