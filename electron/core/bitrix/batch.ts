/**
 * The wire format of Bitrix24's `batch` method: commands written as `method?query` strings under keys `c0…`,
 * and an answer whose sub-results and sub-errors are mapped back to those keys. Pure functions; the client
 * sends the chunks.
 */

import { isRecord } from './json.ts';

/**
 * The most commands one `batch` call may carry: "A single batch contains no more than 50 subqueries"; the ones past it
 * "will end with an error ERROR_BATCH_LENGTH_EXCEEDED" ([en] settings/how-to-call-rest-api/batch.md:24, :44).
 */
export const BATCH_LIMIT = 50;

export type RestValue = string | number | boolean | null | undefined | readonly RestValue[] | { readonly [key: string]: RestValue };
export type RestParams = Readonly<Record<string, RestValue>>;

export interface RestCommand {
  method: string;
  params?: RestParams;
}

/** A sub-call's outcome as the portal reported it, before the client turns errors into failures. */
export type RawBatchOutcome =
  /** `time`: the command's own `time` block from `result_time`, when the portal gave one. */
  | { kind: 'result'; value: unknown; time?: unknown }
  | { kind: 'error'; error: string; description: string }
  | { kind: 'missing' };

/**
 * Encodes parameters the way PHP's `http_build_query` does, because the portal reads each command with
 * `parse_str`: nested keys as `FILTER[ID]`, every reserved character percent-encoded (so `|` becomes `%7C`).
 */
export function encodeQuery(params: RestParams): string {
  const pairs: string[] = [];
  const add = (key: string, value: RestValue): void => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      value.forEach((item: RestValue, index) => add(`${key}[${index}]`, item));
    } else if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, RestValue>)) add(`${key}[${k}]`, v);
    } else {
      const text = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
      pairs.push(`${encodeURIComponent(key).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${encodeURIComponent(text)}`);
    }
  };
  for (const [key, value] of Object.entries(params)) add(key, value);
  return pairs.join('&');
}

/** `im.chat.get?ENTITY_TYPE=CRM&ENTITY_ID=LEAD%7C13` */
export function commandString(command: RestCommand): string {
  const query = command.params ? encodeQuery(command.params) : '';
  return query === '' ? command.method : `${command.method}?${query}`;
}

/** Splits commands into chunks the portal accepts. */
export function chunkCommands<T>(items: readonly T[], size = BATCH_LIMIT): T[][] {
  if (!Number.isInteger(size) || size < 1 || size > BATCH_LIMIT) throw new RangeError(`A batch holds 1 to ${BATCH_LIMIT} commands`);
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** The body of one `batch` call. Keys are `c<index>`: numeric keys would turn the answer into a list. */
export function batchBody(commands: readonly RestCommand[]): { halt: 0; cmd: Record<string, string> } {
  if (commands.length > BATCH_LIMIT) throw new RangeError(`A batch holds at most ${BATCH_LIMIT} commands`);
  const cmd: Record<string, string> = {};
  commands.forEach((command, index) => {
    cmd[`c${index}`] = commandString(command);
  });
  // `halt` 0: every command runs and each error stays with its own command (batch.md:37, :434), as the docs' examples
  // send it (batch.md:76).
  return { halt: 0, cmd };
}

/** An empty section arrives as `[]` (PHP's empty array); a non-empty one as an object keyed `c0…`. */
function section(value: unknown): Record<string, unknown> | null {
  if (value === undefined || value === null) return {};
  if (Array.isArray(value)) return value.length === 0 ? {} : null;
  return isRecord(value) ? value : null;
}

/**
 * Maps a `batch` answer's `result` back to the commands, in order. Returns null when the answer does not have the
 * shape of a batch answer at all.
 */
export function readBatchResult(result: unknown, count: number): RawBatchOutcome[] | null {
  if (!isRecord(result)) return null;
  const results = section(result.result);
  const errors = section(result.result_error);
  if (results === null || errors === null) return null;
  // `result_time`: "Information about the execution time of each subquery" ([en] settings/how-to-call-rest-api/batch.md:424).
  const times = section(result.result_time) ?? {};
  const outcomes: RawBatchOutcome[] = [];
  for (let index = 0; index < count; index += 1) {
    const key = `c${index}`;
    const error = errors[key];
    if (error !== undefined && error !== null) {
      const e = isRecord(error) ? error : {};
      outcomes.push({
        kind: 'error',
        error: typeof e.error === 'string' ? e.error : 'UNKNOWN_ERROR',
        description: typeof e.error_description === 'string' ? e.error_description : '',
      });
    } else if (Object.hasOwn(results, key)) {
      outcomes.push(Object.hasOwn(times, key) ? { kind: 'result', value: results[key], time: times[key] } : { kind: 'result', value: results[key] });
    } else {
      outcomes.push({ kind: 'missing' });
    }
  }
  return outcomes;
}
