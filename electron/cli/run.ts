/**
 * `b24-chat-lookup`: the product's lookup for scripts and support staff, over the same core as the tray app.
 * Everything it needs from the outside (arguments, streams, environment, fetch) is handed in, so it runs the same
 * as a process and in a test. Exit status: 0 all good, 1 some reference invalid or failed, 2 usage or configuration,
 * 130 stopped with Ctrl-C.
 *
 * It is over 300 lines because the three commands share one reading of the options, one portal connection and one
 * way of writing rows and failures; each command alone is short, and apart they would each repeat that frame.
 */
import { BitrixClient, DEFAULT_TIMEOUT_MS, type PortalMove, userAgentFor } from '../core/bitrix/client.ts';
import { checkConnection } from '../core/bitrix/connection.ts';
import { parseWebhookUrl, portalOrigin, secretsOf } from '../core/bitrix/credentials.ts';
import { BitrixError, redactorFor } from '../core/bitrix/errors.ts';
import { matchLanguage } from '../common/i18n/languages.ts';
import { portalFailureKind, type PortalFailureKind } from '../common/messages/portal.ts';
import { LANGUAGES, type Language, say, SOURCE_LANGUAGE } from '../common/i18n/catalogs.ts';
import type { FetchLike } from '../core/bitrix/transport.ts';
import { findChatsOnPortal, type LookupResult } from '../core/lookup/portal-chat-lookup.ts';
import { ambiguousTypesOf, CRM_TYPE_LIST, type IdType, parseIdType } from '../common/references/entity-types.ts';
import { type ParsedReference, maskSecrets, parseEntityReference, parseEntityReferences } from '../common/references/parse-reference.ts';
import { type CommandLine, USAGE, parseCommandLine } from './args.ts';
import {
  alignedLines,
  checkJson,
  jsonArray,
  lookupJson,
  lookupRow,
  openLineRows,
  lookupSummary,
  parseJson,
  parseRow,
  printable,
  repeatedFailures,
} from './output.ts';
import { type ProgressStream, startProgress } from './progress.ts';

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;
/** 128 + SIGINT, what shells report for a command stopped with Ctrl-C. */
const EXIT_INTERRUPTED = 130;

export interface CliIo {
  argv: readonly string[];
  /** Standard input's bytes, read only when a command needs them. */
  readStdin: () => Promise<Uint8Array>;
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
/** Failures that say the webhook itself is wrong, not the reference: a configuration error when all share one. */
const CONFIGURATION_FAILURES: ReadonlySet<PortalFailureKind> = new Set(['auth_invalid', 'scope_missing', 'portal_blocked', 'method_unavailable']);

/**
 * The language the command line speaks: the locale's (`LC_ALL`, then `LC_MESSAGES`, then `LANG`, as POSIX ranks them)
 * when the app speaks it, else English.
 */
export function cliLanguage(env: CliIo['env']): Language {
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value !== undefined && value !== '');
  return matchLanguage(locale === undefined ? [] : [locale], LANGUAGES, SOURCE_LANGUAGE);
}

class UsageError extends Error {}
/** Ctrl-C before any request was sent (while standard input was being read). */
class Interrupted extends Error {}

/** Standard input, unless Ctrl-C comes first. */
function untilInterrupted<T>(reading: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return reading;
  if (signal.aborted) return Promise.reject(new Interrupted());
  return new Promise((resolve, reject) => {
    const stop = (): void => reject(new Interrupted());
    signal.addEventListener('abort', stop, { once: true });
    reading.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

interface Output {
  /** The language messages are printed in (cliLanguage). */
  language: Language;
  out: (text: string) => void;
  err: (text: string) => void;
  /** The same value with the configured webhook code masked in every string, before anything shortens them. */
  clean: <T>(value: T) => T;
}

/** The default type for bare ids from `--type`, checked before anything is read or sent. */
function defaultTypeOf(commandLine: CommandLine): IdType | null {
  if (commandLine.type === undefined) return null;
  const type = parseIdType(commandLine.type);
  if (!type && ambiguousTypesOf(commandLine.type)) {
    throw new UsageError(
      `--type ${JSON.stringify(commandLine.type)} can mean SMART_INVOICE (an invoice) or INVOICE (an old-style invoice), ` +
        `two different entities; give one of them.`,
    );
  }
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

/** Where the webhook came from, for messages: the option or the environment variable. */
const webhookSource = (commandLine: CommandLine): string => (commandLine.webhook === undefined ? 'B24_WEBHOOK_URL' : '--webhook');

function clientOf(commandLine: CommandLine, io: CliIo, output: Output): BitrixClient {
  const from = webhookSource(commandLine);
  const address = commandLine.webhook ?? io.env.B24_WEBHOOK_URL;
  if (commandLine.webhook !== undefined && commandLine.webhook.trim() === '') throw new UsageError('--webhook is empty; give the webhook address after it.');
  if (address === undefined || address.trim() === '') {
    throw new UsageError('No webhook: set the B24_WEBHOOK_URL environment variable to your incoming webhook, or pass --webhook URL.');
  }
  const parsed = parseWebhookUrl(address);
  if (!parsed.ok) throw new UsageError(`${from}: ${say(parsed.message, output.language)}`);
  return new BitrixClient({
    credentials: parsed.value,
    fetch: io.fetch,
    userAgent: userAgentFor(io.version),
    timeoutMs: timeoutOf(commandLine),
    onPortalMoved: (move: PortalMove) =>
      output.err(
        `Note: the portal now answers at ${move.to}. The lookup went on there; update ${from} to ` +
          `${portalOrigin(move.credentials)}/rest/… (the same user id and code).\n`,
      ),
  });
}

/** Standard input as text: UTF-8 (with or without a BOM) or UTF-16 with a BOM, as Windows tools write it. */
function decodeStdin(bytes: Uint8Array, output: Output): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    output.err(
      'Standard input is not UTF-8 text, so some characters cannot be read. Convert it first, for example ' +
        '`iconv -f cp1251 -t utf-8 file.txt | b24-chat-lookup …`.\n',
    );
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** References from the arguments, with standard input read in place of `-`, or instead of none. */
async function referencesOf(commandLine: CommandLine, io: CliIo, output: Output, defaultType: IdType | null): Promise<ParsedReference[]> {
  const args = commandLine.references;
  if (args.filter((arg) => arg === '-').length > 1) throw new UsageError('Standard input can be read only once: give "-" once.');
  const readsStdin = args.length === 0 || args.includes('-');
  let stdin = '';
  if (readsStdin) {
    if (io.stdinIsTTY) output.err('Type or paste references, one or more per line; end with Ctrl-D (Ctrl-Z then Enter on Windows).\n');
    stdin = decodeStdin(await untilInterrupted(io.readStdin(), io.signal), output);
  }
  const references = (args.length === 0 ? ['-'] : args).flatMap((arg): ParsedReference[] => {
    if (arg === '-') return parseEntityReferences(stdin, { defaultType });
    // An argument that is blank was still given on purpose: it gets its own line saying so.
    const parsed = parseEntityReferences(arg, { defaultType });
    return parsed.length > 0 ? parsed : [parseEntityReference(arg)];
  });
  if (references.length === 0) throw new UsageError(readsStdin ? 'Standard input held no references.' : 'No references given.');
  return references.map((reference) => output.clean(withCliHint(reference)));
}

/** A bare id's message names the option that gives the default type. */
function withCliHint(reference: ParsedReference): ParsedReference {
  if (reference.ok || reference.error.code !== 'needs_type') return reference;
  return { ...reference, error: { code: 'needs_type_cli', params: reference.error.params } };
}

async function runParse(commandLine: CommandLine, io: CliIo, output: Output): Promise<number> {
  const references = await referencesOf(commandLine, io, output, defaultTypeOf(commandLine));
  const { language } = output;
  output.out(commandLine.json ? jsonArray(references.map((r) => parseJson(r, language))) : alignedLines(references.map((r) => parseRow(r, language))));
  return references.every((r) => r.ok) ? EXIT_OK : EXIT_FAILED;
}

/** Why the entities without a chat may have none, once for all of them. */
function notFoundHint(results: readonly LookupResult[], language: Language): string {
  // The longest list first, so its order (most likely reason first) holds for the reasons the others share.
  const lists = results.flatMap((r) => (r.status === 'not_found' ? [r.reasons] : [])).sort((a, b) => b.length - a.length);
  const reasons = [...new Set(lists.flat().map((reason) => say(reason, language)))];
  return reasons.length === 0 ? '' : `Why an entity may have no chat:\n${reasons.map((reason) => `  - ${reason}\n`).join('')}`;
}

/**
 * When every entity sent to the portal failed for one reason and that reason is the webhook itself, the
 * configuration is wrong: its message, else null. Invalid references and chat links (never sent) do not count.
 */
function configurationFailure(results: readonly LookupResult[], language: Language): string | null {
  const asked = results.filter((r) => r.status !== 'invalid' && r.entityType !== undefined);
  const [first] = asked;
  const kind = first?.status === 'error' ? portalFailureKind(first.error.code) : null;
  if (first?.status !== 'error' || kind === null || !CONFIGURATION_FAILURES.has(kind)) return null;
  return asked.every((r) => r.status === 'error' && r.error.code === first.error.code) ? say(first.error, language) : null;
}

/** A timeout's message names the option that waits longer. */
function withTimeoutHint(result: LookupResult): LookupResult {
  if (result.status !== 'error' || result.error.code !== 'timeout') return result;
  return { ...result, error: { code: 'timeout_cli', params: result.error.params } };
}

async function runLookup(commandLine: CommandLine, io: CliIo, output: Output): Promise<number> {
  const defaultType = defaultTypeOf(commandLine);
  const client = clientOf(commandLine, io, output);
  const references = await referencesOf(commandLine, io, output, defaultType);
  const progress = startProgress(io.stderr);
  let results: LookupResult[];
  try {
    results = // Open-line chats too, where the webhook's scopes allow them (the command keeps no profile to know them by).
      (
        await findChatsOnPortal(client, references, {
          openLines: 'if-granted',
          onProgress: (done, total) => progress.update(done, total),
          ...(io.signal ? { signal: io.signal } : {}),
        })
      ).map(withTimeoutHint);
  } finally {
    progress.finish();
  }
  const { language } = output;
  const configuration = configurationFailure(results, language);
  if (configuration !== null) throw new UsageError(`${webhookSource(commandLine)}: ${configuration}`);

  if (commandLine.json) {
    output.out(jsonArray(results.map((r) => lookupJson(r, language))));
  } else {
    const repeated = repeatedFailures(results, language);
    output.out(alignedLines(results.flatMap((r) => [lookupRow(r, language, new Set(repeated.keys())), ...openLineRows(r)])));
    const failures = [...repeated].map(([message, n]) => `Why ${n} failed: ${printable(message)}\n`).join('');
    output.err(`${lookupSummary(results)}\n${failures}${notFoundHint(results, language)}`);
  }
  return results.every((r) => r.status === 'found' || r.status === 'not_found') ? EXIT_OK : EXIT_FAILED;
}

async function runCheck(commandLine: CommandLine, io: CliIo, output: Output): Promise<number> {
  const client = clientOf(commandLine, io, output);
  const check = await checkConnection(client, io.signal ? { signal: io.signal } : {});
  const { language } = output;
  output.out(commandLine.json ? `${JSON.stringify(checkJson(check, language))}\n` : `${check.ok ? 'OK' : 'Not working'}: ${say(check.message, language)}\n`);
  return check.ok ? EXIT_OK : EXIT_FAILED;
}

/** The value with `redact` applied to every string in it, however deep. */
function redactStrings<T>(value: T, redact: (text: string) => string): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactStrings(item, redact)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactStrings(item, redact)])) as T;
  }
  return value;
}

/** Every webhook code the command line or the environment holds: the value of --webhook, and any argument that is one. */
function knownSecrets(io: CliIo): string[] {
  const candidates = [io.env.B24_WEBHOOK_URL, ...io.argv.map((arg) => arg.replace(/^--webhook=/, ''))];
  return candidates.flatMap((address) => {
    const parsed = address ? parseWebhookUrl(address) : null;
    return parsed?.ok ? secretsOf(parsed.value) : [];
  });
}

/** Runs one command line and returns the exit status. Never throws. */
export async function runCli(io: CliIo): Promise<number> {
  // The parser masks what it reads; this catches the configured code anywhere else (a portal's echo, a typo).
  // Exact values only: a pattern run over finished JSON could swallow the text around a match. `clean` masks
  // inside strings; the last pass over finished text leaves out codes of digits alone, which could match a
  // number in the JSON (a chat id) and break it.
  const secrets = knownSecrets(io);
  const redact = redactorFor(secrets);
  const redactText = redactorFor(secrets.filter((secret) => !/^\d+$/.test(secret)));
  const output: Output = {
    language: cliLanguage(io.env),
    out: (text) => void io.stdout.write(redactText(text)),
    err: (text) => void io.stderr.write(redactText(text)),
    clean: (value) => redactStrings(value, redact),
  };
  // Usage messages may quote an argument, and an argument may be a webhook: mask by shape too (plain text only).
  const usage = (message: string): number => (output.err(maskSecrets(`${message}\n`)), EXIT_USAGE);

  const parsed = parseCommandLine(io.argv);
  if (parsed.kind === 'help') return (output.out(`${USAGE}\n`), EXIT_OK);
  if (parsed.kind === 'version') return (output.out(`b24-chat-lookup ${io.version}\n`), EXIT_OK);
  if (parsed.kind === 'usage_error') return usage(`${parsed.message}\nRun b24-chat-lookup --help for the commands and options.`);

  const { commandLine } = parsed;
  try {
    if (commandLine.command === 'parse') return await runParse(commandLine, io, output);
    if (commandLine.command === 'lookup') return await runLookup(commandLine, io, output);
    return await runCheck(commandLine, io, output);
  } catch (error) {
    if (error instanceof UsageError) return usage(error.message);
    const interrupted = error instanceof Interrupted || (error instanceof BitrixError && error.code === 'cancelled');
    if (interrupted) return (output.err('Stopped; no results were printed.\n'), EXIT_INTERRUPTED);
    output.err(`b24-chat-lookup stopped on an unexpected error: ${maskSecrets(error instanceof Error ? error.message : String(error))}\n`);
    return EXIT_FAILED;
  }
}
