/**
 * `b24-chat-lookup`: the product's lookup for scripts and support staff, over the same core as the tray app.
 * Everything it needs from the outside (arguments, streams, environment, fetch) is handed in, so it runs the same
 * as a process and in a test. Exit status: 0 all good, 1 some reference invalid or failed, 2 usage or configuration.
 */
import { BitrixClient, DEFAULT_TIMEOUT_MS, userAgentFor } from '../core/bitrix/client.ts';
import { checkConnection } from '../core/bitrix/connection.ts';
import { parseWebhookUrl, secretsOf } from '../core/bitrix/credentials.ts';
import { BitrixError, redactorFor } from '../core/bitrix/errors.ts';
import type { FetchLike } from '../core/bitrix/transport.ts';
import { type LookupResult, lookupReferences } from '../core/lookup/lookup-service.ts';
import { CRM_TYPE_LIST, type IdType, parseIdType } from '../core/references/entity-types.ts';
import { type ParsedReference, maskSecrets, parseEntityReferences } from '../core/references/parse-reference.ts';
import { type CommandLine, USAGE, parseCommandLine } from './args.ts';
import { alignedLines, checkJson, jsonArray, lookupJson, lookupRow, lookupSummary, parseJson, parseRow } from './output.ts';
import { type ProgressStream, startProgress } from './progress.ts';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
/** 128 + SIGINT, what shells report for a command stopped with Ctrl-C. */
export const EXIT_INTERRUPTED = 130;

export interface CliIo {
  argv: readonly string[];
  /** Standard input as text, read only when a command needs it. */
  readStdin: () => Promise<string>;
  stdinIsTTY: boolean;
  stdout: { write(text: string): unknown };
  stderr: ProgressStream;
  env: Readonly<Record<string, string | undefined>>;
  fetch: FetchLike;
  version: string;
  /** Aborted when the person presses Ctrl-C: requests stop, the progress line is erased. */
  signal?: AbortSignal;
}

const MIN_TIMEOUT_MS = 100;
const MAX_TIMEOUT_MS = 10 * 60_000;

class UsageError extends Error {}

/** The default type for bare ids from `--type`, checked before anything is read or sent. */
function defaultTypeOf(commandLine: CommandLine): IdType | null {
  if (commandLine.type === undefined) return null;
  const type = parseIdType(commandLine.type);
  if (!type) throw new UsageError(`--type ${JSON.stringify(commandLine.type)} is not a type. Use ${CRM_TYPE_LIST}, or TASKS_TASK, SONET_GROUP, CALENDAR.`);
  return type;
}

function timeoutOf(commandLine: CommandLine): number {
  if (commandLine.timeout === undefined) return DEFAULT_TIMEOUT_MS;
  const ms = Number(commandLine.timeout);
  if (!/^\d+$/.test(commandLine.timeout) || ms < MIN_TIMEOUT_MS || ms > MAX_TIMEOUT_MS) {
    throw new UsageError(`--timeout is milliseconds, a whole number from ${MIN_TIMEOUT_MS} to ${MAX_TIMEOUT_MS}; got ${JSON.stringify(commandLine.timeout)}.`);
  }
  return ms;
}

function clientOf(commandLine: CommandLine, io: CliIo): BitrixClient {
  const address = commandLine.webhook ?? io.env.B24_WEBHOOK_URL;
  if (address === undefined || address.trim() === '') {
    throw new UsageError('No webhook: set the B24_WEBHOOK_URL environment variable to your incoming webhook, or pass --webhook URL.');
  }
  const from = commandLine.webhook === undefined ? 'B24_WEBHOOK_URL' : '--webhook';
  const parsed = parseWebhookUrl(address);
  if (!parsed.ok) throw new UsageError(`${from}: ${parsed.message}`);
  return new BitrixClient({
    credentials: parsed.value,
    fetch: io.fetch,
    userAgent: userAgentFor(io.version),
    timeoutMs: timeoutOf(commandLine),
  });
}

/** References from the arguments, with standard input read in place of `-`, or instead of none. */
async function referencesOf(commandLine: CommandLine, io: CliIo, defaultType: IdType | null): Promise<ParsedReference[]> {
  const args = commandLine.references;
  const readsStdin = args.length === 0 || args.includes('-');
  let stdin = '';
  if (readsStdin) {
    if (io.stdinIsTTY) io.stderr.write('Type or paste references, one or more per line; end with Ctrl-D (Ctrl-Z then Enter on Windows).\n');
    stdin = await io.readStdin();
  }
  const references = (args.length === 0 ? ['-'] : args).flatMap((arg): ParsedReference[] => {
    if (arg === '-') return parseEntityReferences(stdin, { defaultType });
    // An argument that is blank was still given on purpose: it gets its own line saying so.
    const parsed = parseEntityReferences(arg, { defaultType });
    return parsed.length > 0 ? parsed : [{ ok: false, input: arg, error: { code: 'empty', message: 'There is nothing to look up.' } }];
  });
  if (references.length === 0) {
    throw new UsageError(readsStdin ? 'Standard input held no references.' : 'No references given.');
  }
  return references;
}

/** Adds to a bare-id message what to do on the command line. */
function withCliHints(references: ParsedReference[]): ParsedReference[] {
  return references.map((reference) =>
    !reference.ok && reference.error.code === 'needs_type'
      ? { ...reference, error: { ...reference.error, message: reference.error.message.replace(/choose the type.*$/, 'pass --type, e.g. --type DEAL.') } }
      : reference,
  );
}

async function runParse(commandLine: CommandLine, io: CliIo, out: (text: string) => void): Promise<number> {
  const references = withCliHints(await referencesOf(commandLine, io, defaultTypeOf(commandLine)));
  out(commandLine.json ? jsonArray(references.map(parseJson)) : alignedLines(references.map(parseRow)));
  return references.every((r) => r.ok) ? EXIT_OK : EXIT_FAILED;
}

/** Why the entities without a chat may have none, once for all of them. */
function notFoundHint(results: readonly LookupResult[]): string {
  // The longest list first, so its order (most likely reason first) holds for the reasons the others share.
  const lists = results.flatMap((r) => (r.status === 'not_found' ? [r.reasons] : [])).sort((a, b) => b.length - a.length);
  const reasons = [...new Set(lists.flat())];
  return reasons.length === 0 ? '' : `Why an entity may have no chat:\n${reasons.map((reason) => `  - ${reason}\n`).join('')}`;
}

async function runLookup(commandLine: CommandLine, io: CliIo, out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const defaultType = defaultTypeOf(commandLine);
  const client = clientOf(commandLine, io);
  const references = withCliHints(await referencesOf(commandLine, io, defaultType));
  const progress = startProgress(io.stderr);
  let results: LookupResult[];
  try {
    results = await lookupReferences(client, references, {
      onProgress: (done, total) => progress.update(done, total),
      ...(io.signal ? { signal: io.signal } : {}),
    });
  } finally {
    progress.finish();
  }
  if (commandLine.json) {
    out(jsonArray(results.map(lookupJson)));
  } else {
    out(alignedLines(results.map(lookupRow)));
    err(`${lookupSummary(results)}\n${notFoundHint(results)}`);
  }
  return results.every((r) => r.status === 'found' || r.status === 'not_found') ? EXIT_OK : EXIT_FAILED;
}

async function runCheck(commandLine: CommandLine, io: CliIo, out: (text: string) => void): Promise<number> {
  const client = clientOf(commandLine, io);
  const check = await checkConnection(client, io.signal ? { signal: io.signal } : {});
  if (commandLine.json) out(`${JSON.stringify(checkJson(check))}\n`);
  else out(`${check.ok ? 'OK' : 'Not working'}: ${check.message}\n`);
  return check.ok ? EXIT_OK : EXIT_FAILED;
}

/** Runs one command line and returns the exit status. Never throws. */
export async function runCli(io: CliIo): Promise<number> {
  // Whatever went wrong, a webhook code never reaches the terminal: masked by shape, and by value when one was given.
  const given = io.argv.find((arg) => arg.includes('/rest/')) ?? '';
  const known = [io.env.B24_WEBHOOK_URL, given.replace(/^--webhook=/, '')].flatMap((address) => {
    const parsed = address ? parseWebhookUrl(address) : null;
    return parsed?.ok ? secretsOf(parsed.value) : [];
  });
  const redact = redactorFor(known);
  const safe = (text: string): string => redact(maskSecrets(text));
  const out = (text: string): void => void io.stdout.write(safe(text));
  const err = (text: string): void => void io.stderr.write(safe(text));

  const parsed = parseCommandLine(io.argv);
  if (parsed.kind === 'help') return (out(`${USAGE}\n`), EXIT_OK);
  if (parsed.kind === 'version') return (out(`b24-chat-lookup ${io.version}\n`), EXIT_OK);
  if (parsed.kind === 'usage_error') return (err(`${parsed.message}\nRun b24-chat-lookup --help for the commands and options.\n`), EXIT_USAGE);

  const { commandLine } = parsed;
  try {
    if (commandLine.command === 'parse') return await runParse(commandLine, io, out);
    if (commandLine.command === 'lookup') return await runLookup(commandLine, io, out, err);
    return await runCheck(commandLine, io, out);
  } catch (error) {
    if (error instanceof UsageError) return (err(`${error.message}\n`), EXIT_USAGE);
    if (error instanceof BitrixError && error.code === 'cancelled') return (err('Stopped; no results were printed.\n'), EXIT_INTERRUPTED);
    err(`b24-chat-lookup stopped on an unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILED;
  }
}
