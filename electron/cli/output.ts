/**
 * What `b24-chat-lookup` prints: the JSON objects its `--json` output promises (fields that do not apply are left
 * out, keys in a fixed order), and aligned lines for people: columns measured in terminal cells (CJK, emoji and
 * accents line up), control characters from the input shown escaped rather than sent to the terminal.
 */
import stringWidth from 'string-width';
import type { Message } from '../common/i18n/format.ts';
import { portalFailureKind } from '../common/messages/portal.ts';
import type { ConnectionCheck } from '../core/bitrix/connection.ts';
import { type Language, say } from '../common/i18n/catalogs.ts';
import type { LookupResult, OpenLineChatView } from '../core/lookup/portal-chat-lookup.ts';
import type { ParsedReference } from '../common/references/parse-reference.ts';

type JsonObject = Record<string, unknown>;

/** A message as `--json` gives it: its code and parameters for scripts, its sentence in the language for people. */
export function messageJson(message: Message, language: Language): JsonObject {
  return { code: message.code, ...(message.params ? { params: message.params } : {}), message: say(message, language) };
}

/** `parse --json`: one object per reference. */
export function parseJson(reference: ParsedReference, language: Language): JsonObject {
  if (!reference.ok) return { input: reference.input, ok: false, error: messageJson(reference.error, language) };
  if (reference.kind === 'chat') return { input: reference.input, ok: true, kind: 'chat', chatId: reference.chatId };
  return { input: reference.input, ok: true, kind: 'entity', entityType: reference.entityType, entityId: reference.entityId };
}

/** The open-line chats of a result as `--json` lists them (when they were asked for). */
function openLinesJson(lines: readonly OpenLineChatView[] | undefined): { openLines?: JsonObject[] } {
  if (!lines) return {};
  return {
    openLines: lines.map((chat) => ({
      chatId: chat.chatId,
      dialogId: chat.dialogId,
      connectorId: chat.connectorId,
      channel: chat.channel,
      active: chat.active,
      webUrl: chat.webUrl,
      desktopUrl: chat.desktopUrl,
    })),
  };
}

/** `lookup --json`: one object per reference; `openLines` after the fields it always had, where the portal said. */
export function lookupJson(result: LookupResult, language: Language): JsonObject {
  const { input, status } = result;
  switch (result.status) {
    case 'invalid':
      return { input, status, error: messageJson(result.error, language) };
    case 'error':
      return { input, status, entityType: result.entityType, entityId: result.entityId, error: messageJson(result.error, language) };
    case 'not_found':
      return { input, status, entityType: result.entityType, entityId: result.entityId, chatId: null, ...openLinesJson(result.openLines) };
    case 'found':
      return {
        input,
        status,
        entityType: result.entityType,
        entityId: result.entityId,
        chatId: result.chatId,
        dialogId: result.dialogId,
        webUrl: result.webUrl,
        desktopUrl: result.desktopUrl,
        ...openLinesJson(result.openLines),
      };
  }
}

/** `check --json`; `error` only when the check failed. */
export function checkJson(check: ConnectionCheck, language: Language): JsonObject {
  const { ok, portal, userId, name, scopes, missing } = check;
  const error = check.ok ? undefined : messageJson(check.error.message, language);
  return { ok, portal, userId, name, scopes, missing, error };
}

/** The array, one object per line, so a long answer stays readable and diffable. JSON drops undefined fields. */
export function jsonArray(objects: readonly JsonObject[]): string {
  if (objects.length === 0) return '[]\n';
  return `[\n${objects.map((object) => `  ${JSON.stringify(object)}`).join(',\n')}\n]\n`;
}

// C0/C1 controls and the bidirectional overrides that could reorder what a terminal shows.
const UNPRINTABLE = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu;
const segmenter = new Intl.Segmenter();

/** One line of text safe to print: whitespace runs as one space, control characters as `\x1b`-style escapes. */
export function printable(text: string): string {
  return text.replace(/[ \t\r\n]+/g, ' ').replace(UNPRINTABLE, (c) => {
    const code = c.codePointAt(0) ?? 0;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** At most `width` terminal cells, cut between characters (never inside one) with `…`. */
function fit(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  let out = '';
  for (const { segment } of segmenter.segment(text)) {
    if (stringWidth(out + segment) > width - 1) break;
    out += segment;
  }
  return `${out}…`;
}

/** Rows of cells as lines, every column but a row's last padded to the widest cell in it. */
export function alignedLines(rows: readonly string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.slice(0, -1).forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, stringWidth(cell))));
  return rows
    .map(
      (row) =>
        `${row
          .map((cell, i) => (i < row.length - 1 ? cell + ' '.repeat((widths[i] ?? 0) - stringWidth(cell)) : cell))
          .join('  ')
          .trimEnd()}\n`,
    )
    .join('');
}

const INPUT_WIDTH = 40;
const LABEL_WIDTH = 32;

const inputCell = (input: string): string => fit(printable(input) || '(empty)', INPUT_WIDTH);
const labelCell = (label: string): string => fit(printable(label), LABEL_WIDTH);

/** `parse`: input, what it reads as, and the `im.chat.get` key (or why it is not a reference). */
export function parseRow(reference: ParsedReference, language: Language): string[] {
  const input = inputCell(reference.input);
  if (!reference.ok) return [input, 'invalid', printable(say(reference.error, language))];
  if (reference.kind === 'chat') return [input, labelCell(reference.label), `(a chat already: dialog chat${reference.chatId})`];
  return [input, labelCell(reference.label), printable(`${reference.entityType} ${reference.entityId}`)];
}

const STATUS_WORDS: Record<LookupResult['status'], string> = { found: 'found', not_found: 'no chat', invalid: 'invalid', error: 'failed' };

/** The rows under a result for its open-line chats: `  open line  Telegram (active)  chat 1764  <link>`. */
export function openLineRows(result: LookupResult): string[][] {
  if ((result.status !== 'found' && result.status !== 'not_found') || !result.openLines) return [];
  return result.openLines.map((chat) => ['', 'open line', labelCell(`${chat.channel}${chat.active ? ' (active)' : ''}`), `chat ${chat.chatId}`, chat.webUrl]);
}

/**
 * `lookup`: input, outcome, the entity, and the chat with its link, or what went wrong. A failure message that
 * several rows share is left to the summary (`shared`), and the row shows the kind of failure it was.
 */
export function lookupRow(result: LookupResult, language: Language, shared: ReadonlySet<string> = new Set()): string[] {
  const input = inputCell(result.input);
  const status = STATUS_WORDS[result.status];
  switch (result.status) {
    case 'found':
      return [input, status, labelCell(result.label), `chat ${result.chatId}`, result.webUrl];
    case 'not_found':
      // No chat of its own; an open-line chat listed under it still is one to open.
      return [input, result.openLines?.length ? 'no own chat' : status, labelCell(result.label)];
    case 'invalid':
      return [input, status, printable(say(result.error, language))];
    case 'error': {
      const sentence = say(result.error, language);
      return [
        input,
        status,
        labelCell(result.label),
        shared.has(sentence) ? `(${portalFailureKind(result.error.code) ?? result.error.code})` : printable(sentence),
      ];
    }
  }
}

/** Failure messages that more than one row would repeat. */
export function repeatedFailures(results: readonly LookupResult[], language: Language): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of results) {
    if (r.status !== 'error') continue;
    const sentence = say(r.error, language);
    counts.set(sentence, (counts.get(sentence) ?? 0) + 1);
  }
  return new Map([...counts].filter(([, n]) => n > 1));
}

/** "3 found, 1 without a chat, 1 invalid.": for standard error after the lines. */
export function lookupSummary(results: readonly LookupResult[]): string {
  const count = (status: LookupResult['status']): number => results.filter((r) => r.status === status).length;
  const onlyOpenLines = results.filter((r) => r.status === 'not_found' && (r.openLines?.length ?? 0) > 0).length;
  const lines = results.reduce((sum, r) => sum + (r.status === 'found' || r.status === 'not_found' ? (r.openLines?.length ?? 0) : 0), 0);
  const parts = [
    [count('found'), 'found'],
    [count('not_found') - onlyOpenLines, 'without a chat'],
    [onlyOpenLines, 'with open-line chats only'],
    [lines, lines === 1 ? 'open-line chat' : 'open-line chats'],
    [count('invalid'), 'invalid'],
    [count('error'), 'failed'],
  ]
    .filter(([n]) => n !== 0)
    .map(([n, what]) => `${n} ${what}`);
  return parts.length === 0 ? 'Nothing to look up.' : `${parts.join(', ')}.`;
}
