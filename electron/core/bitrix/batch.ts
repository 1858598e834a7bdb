/**
 * Bitrix24's `batch` method: its wire format (commands written as `method?query` strings under keys `c0…`, and an
 * answer whose sub-results and sub-errors are mapped back to those keys), and many commands run as chunks of it, one
 * after another, each chunk sent by the client as one call.
 */

import { BitrixError, type BitrixFailure, failsEveryRequest, unexpectedAnswer } from './errors.ts';
import { isRecord } from './json.ts';
import type { CallOptions, RestAnswer } from './transport.ts';

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
  /**
   * A parameter the portal fills from the answer of an earlier command of the same `batch` request: "the parameters of
   * each subsequent request can use data from previous requests as `$result[request_key][response_field]`"
   * ([ru] rest_help/general/batch.php). `back`: how many commands before this one; `path`: the fields in its answer;
   * `prefix`: text before the value (`chat` for a dialog id). The chunker keeps the two in one request.
   */
  reads?: ResultReference;
}

/** See RestCommand.reads. */
export interface ResultReference {
  param: string;
  back: number;
  path: readonly string[];
  prefix?: string;
}

/** A sub-call's outcome as the portal reported it, before the client turns errors into failures. */
export type RawBatchOutcome =
  /** `time`: the command's own `time` block from `result_time`, when the portal gave one. */
  { kind: 'result'; value: unknown; time?: unknown } | { kind: 'error'; error: string; description: string } | { kind: 'missing' };

/**
 * Encodes parameters the way PHP's `http_build_query` does, because the portal reads each command with
 * `parse_str`: nested keys as `FILTER[ID]`, every reserved character percent-encoded (so `|` becomes `%7C`).
 */
export function encodeQuery(params: RestParams): string {
  let query = '';
  for (const key of Object.keys(params)) query = withPairs(query, encodeKey(key), params[key]);
  return query;
}

/** `query` with the pairs of one parameter after it; `key` is encoded already, a nested key's brackets as they are. */
function withPairs(query: string, key: string, value: RestValue): string {
  if (value === null || value === undefined) return query;
  let more = query;
  if (Array.isArray(value)) {
    value.forEach((item: RestValue, index) => (more = withPairs(more, `${key}[${index}]`, item)));
  } else if (typeof value === 'object') {
    const fields = value as Readonly<Record<string, RestValue>>;
    for (const field of Object.keys(fields)) more = withPairs(more, `${key}[${encodeKey(field)}]`, fields[field]);
  } else {
    const pair = `${key}=${encodeURIComponent(typeof value === 'boolean' ? (value ? '1' : '0') : String(value))}`;
    more = more === '' ? pair : `${more}&${pair}`;
  }
  return more;
}

/** A key as http_build_query leaves it in this query: percent-encoded, but with any `[` and `]` as they are. */
function encodeKey(key: string): string {
  const encoded = encodeURIComponent(key);
  return encoded.includes('%5') ? encoded.replaceAll('%5B', '[').replaceAll('%5D', ']') : encoded;
}

/**
 * `im.chat.get?ENTITY_TYPE=CRM&ENTITY_ID=LEAD%7C13`. A command that reads an earlier one's answer is written only in a
 * batch, where `index` (its place in the request) names the key it reads.
 */
export function commandString(command: RestCommand, index?: number): string {
  let query = command.params ? encodeQuery(command.params) : '';
  const { reads } = command;
  if (reads) {
    const key = index === undefined ? -1 : index - reads.back;
    if (key < 0 || reads.back < 1) throw new RangeError(`${command.method} reads a command that is not before it in its batch`);
    const reference = `${reads.prefix ?? ''}$result[c${key}]${reads.path.map((field) => `[${field}]`).join('')}`;
    query = withPairs(query, encodeKey(reads.param), reference);
  }
  return query === '' ? command.method : `${command.method}?${query}`;
}

/**
 * Splits commands into chunks the portal accepts. `back` says, for an item, how many items before it must share its
 * chunk (a command that reads an earlier one's answer); a chunk then ends early rather than part them.
 */
export function chunkCommands<T>(items: readonly T[], size = BATCH_LIMIT, back: (item: T) => number = () => 0): T[][] {
  if (!Number.isInteger(size) || size < 1 || size > BATCH_LIMIT) throw new RangeError(`A batch holds 1 to ${BATCH_LIMIT} commands`);
  const parts = (boundary: number): boolean => items.slice(boundary, boundary + size).some((item, offset) => boundary + offset - back(item) < boundary);
  const chunks: T[][] = [];
  for (let start = 0; start < items.length;) {
    let end = Math.min(start + size, items.length);
    while (end > start && end < items.length && parts(end)) end -= 1;
    if (end === start) throw new RangeError(`A command reads one more than ${size - 1} commands before it`);
    chunks.push(items.slice(start, end));
    start = end;
  }
  return chunks;
}

/** The body of one `batch` call. Keys are `c<index>`: numeric keys would turn the answer into a list. */
export function batchBody(commands: readonly RestCommand[]): { halt: 0; cmd: Record<string, string> } {
  if (commands.length > BATCH_LIMIT) throw new RangeError(`A batch holds at most ${BATCH_LIMIT} commands`);
  const cmd: Record<string, string> = {};
  commands.forEach((command, index) => {
    cmd[`c${index}`] = commandString(command, index);
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

export interface BatchOptions extends CallOptions {
  /** Called after each request of the batch with how many commands have their answer so far. */
  onProgress?: (done: number, total: number) => void;
}

/** A sub-call of a batch: its result, or why it failed. */
export type BatchOutcome<T = unknown> = { ok: true; result: T } | { ok: false; error: BitrixFailure };

/** What running a batch needs from the client. */
export interface BatchContext {
  /** Sends one chunk as a `batch` call, paced and retried as any call. */
  call: (body: ReturnType<typeof batchBody>, options: CallOptions) => Promise<RestAnswer>;
  /** Host of the portal, as messages name it. */
  portalHost: () => string;
  now: () => number;
  /** A command's own `time`, which counts against its method's operating limit. */
  noteAnswer: (method: string, time: unknown) => void;
  /** The failure of a command the portal refused inside the batch. */
  failureOf: (method: string, error: { code: string; description: string }, now: number) => BitrixFailure;
}

/**
 * Runs many commands through `batch`, 50 to a request, one request after another, and returns one outcome per
 * command in input order. A sub-call that found nothing keeps its `null` result. When a whole chunk fails (network,
 * credentials), each of its commands carries that failure; after a failure every request would meet
 * (`failsEveryRequest`: the webhook refused, the portal blocked) no further chunk is sent, and their commands carry it
 * too. Cancelling the call throws.
 */
export async function runBatch<T = unknown>(commands: readonly RestCommand[], options: BatchOptions, ctx: BatchContext): Promise<BatchOutcome<T>[]> {
  const outcomes: BatchOutcome<T>[] = [];
  // Once a request fails the way every other would (the webhook was refused), the rest are not sent.
  let stopped: BitrixFailure | null = null;
  // One chunk after another: "Do not run multiple parallel series of requests" ([en] limits.md:123).
  for (const chunk of chunkCommands(commands, BATCH_LIMIT, (command) => command.reads?.back ?? 0)) {
    if (stopped) {
      const failure: BitrixFailure = stopped;
      outcomes.push(...chunk.map((): BatchOutcome<T> => ({ ok: false, error: { ...failure } })));
    } else {
      const answered = await runChunk<T>(chunk, options, ctx);
      stopped = answered.stopped;
      outcomes.push(...answered.outcomes);
    }
    options.onProgress?.(outcomes.length, commands.length);
  }
  return outcomes;
}

/** One chunk's outcomes, and the failure that stops the chunks after it (when every request would meet it). */
interface ChunkAnswer<T> {
  outcomes: BatchOutcome<T>[];
  stopped: BitrixFailure | null;
}

async function runChunk<T>(commands: RestCommand[], options: CallOptions, ctx: BatchContext): Promise<ChunkAnswer<T>> {
  let answer: RestAnswer;
  try {
    answer = await ctx.call(batchBody(commands), options);
  } catch (error) {
    if (error instanceof BitrixError && error.code !== 'cancelled') {
      return { outcomes: commands.map(() => ({ ok: false, error: { ...error.failure } })), stopped: failsEveryRequest(error.failure) ? error.failure : null };
    }
    throw error;
  }
  const raw = readBatchResult(answer.result, commands.length);
  if (raw === null) {
    const failure = unexpectedAnswer(ctx.portalHost(), 'batch');
    return { outcomes: commands.map(() => ({ ok: false, error: failure })), stopped: null };
  }
  const now = ctx.now();
  const outcomes = raw.map((outcome, index): BatchOutcome<T> => {
    const method = commands[index]?.method ?? 'batch';
    if (outcome.kind === 'result') {
      // "Nested calls are executed as separate methods", each against its own limit ([en] limits.md:127).
      ctx.noteAnswer(method, outcome.time);
      return { ok: true, result: outcome.value as T };
    }
    if (outcome.kind === 'error') {
      return { ok: false, error: ctx.failureOf(method, { code: outcome.error, description: outcome.description }, now) };
    }
    return { ok: false, error: unexpectedAnswer(ctx.portalHost(), method) };
  });
  return { outcomes, stopped: null };
}
