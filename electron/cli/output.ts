/**
 * What `b24-chat-lookup` prints: the JSON objects its `--json` output promises (fields that do not apply are left
 * out, keys in a fixed order), and aligned lines for people.
 */
import type { ConnectionCheck } from '../core/bitrix/connection.ts';
import type { LookupResult } from '../core/lookup/lookup-service.ts';
import type { ParsedReference } from '../core/references/parse-reference.ts';

type JsonObject = Record<string, unknown>;

/** `parse --json`: one object per reference. */
export function parseJson(reference: ParsedReference): JsonObject {
  if (!reference.ok) return { input: reference.input, ok: false, error: reference.error };
  if (reference.kind === 'chat') return { input: reference.input, ok: true, kind: 'chat', chatId: reference.chatId };
  return { input: reference.input, ok: true, kind: 'entity', entityType: reference.entityType, entityId: reference.entityId };
}

/** `lookup --json`: one object per reference. */
export function lookupJson(result: LookupResult): JsonObject {
  const { input, status } = result;
  switch (result.status) {
    case 'invalid':
      return { input, status, error: result.error };
    case 'error':
      return { input, status, entityType: result.entityType, entityId: result.entityId, error: result.error };
    case 'not_found':
      return { input, status, entityType: result.entityType, entityId: result.entityId, chatId: null };
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
      };
  }
}

/** `check --json`. */
export function checkJson(check: ConnectionCheck): JsonObject {
  const { ok, portal, userId, name, scopes, missing } = check;
  const error = check.ok ? undefined : { code: check.error.code, message: check.error.message };
  return { ok, portal, userId, name, scopes, missing, error };
}

/** The array, one object per line, so a long answer stays readable and diffable. JSON drops undefined fields. */
export function jsonArray(objects: readonly JsonObject[]): string {
  if (objects.length === 0) return '[]\n';
  return `[\n${objects.map((object) => `  ${JSON.stringify(object)}`).join(',\n')}\n]\n`;
}

const MAX_INPUT_COLUMN = 40;

function shorten(text: string, width: number): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > width ? `${oneLine.slice(0, width - 1)}…` : oneLine;
}

/** Rows of cells as lines, every column but the last padded to its widest cell. */
export function alignedLines(rows: readonly string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.slice(0, -1).forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i < row.length - 1 ? cell.padEnd(widths[i] ?? 0) : cell)).join('  ').trimEnd() + '\n').join('');
}

const inputCell = (input: string): string => shorten(input === '' ? '(empty)' : input, MAX_INPUT_COLUMN);

/** `parse`: input, what it reads as, and the `im.chat.get` key (or why it is not a reference). */
export function parseRow(reference: ParsedReference): string[] {
  const input = inputCell(reference.input);
  if (!reference.ok) return [input, 'invalid', reference.error.message];
  if (reference.kind === 'chat') return [input, reference.label, `(a chat already: dialog chat${reference.chatId})`];
  return [input, reference.label, `${reference.entityType} ${reference.entityId}`];
}

const STATUS_WORDS: Record<LookupResult['status'], string> = { found: 'found', not_found: 'no chat', invalid: 'invalid', error: 'failed' };

/** `lookup`: input, outcome, and the chat with its link, or what went wrong. */
export function lookupRow(result: LookupResult): string[] {
  const input = inputCell(result.input);
  const status = STATUS_WORDS[result.status];
  switch (result.status) {
    case 'found':
      return [input, status, `chat ${result.chatId}`, result.webUrl];
    case 'not_found':
      return [input, status, result.label, ''];
    case 'invalid':
      return [input, status, result.error.message];
    case 'error':
      return [input, status, `${result.label}: ${result.error.message}`];
  }
}

/** "3 found, 1 without a chat, 1 invalid": for standard error after the lines. */
export function lookupSummary(results: readonly LookupResult[]): string {
  const count = (status: LookupResult['status']): number => results.filter((r) => r.status === status).length;
  const parts = [
    [count('found'), 'found'],
    [count('not_found'), 'without a chat'],
    [count('invalid'), 'invalid'],
    [count('error'), 'failed'],
  ]
    .filter(([n]) => n !== 0)
    .map(([n, what]) => `${n} ${what}`);
  return parts.length === 0 ? 'Nothing to look up.' : `${parts.join(', ')}.`;
}
