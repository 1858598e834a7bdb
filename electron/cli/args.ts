/**
 * The command line of `b24-chat-lookup`: which command, which options, which references. Everything a person can
 * get wrong here is a usage error with a sentence that says what to write instead (exit status 2).
 */
import { parseArgs } from 'node:util';

export type CommandName = 'parse' | 'lookup' | 'check';

export interface CommandLine {
  command: CommandName;
  json: boolean;
  /** `--type`, as written; checked by the command. */
  type: string | undefined;
  /** `--webhook`, as written. */
  webhook: string | undefined;
  /** `--timeout`, as written. */
  timeout: string | undefined;
  /** References given as arguments; `-` means "read standard input here". */
  references: string[];
}

export type ParsedCommandLine = { kind: 'run'; commandLine: CommandLine } | { kind: 'help' } | { kind: 'version' } | { kind: 'usage_error'; message: string };

export const USAGE = `Usage:
  b24-chat-lookup parse  [--type TYPE] [--json] REF...
  b24-chat-lookup lookup [--webhook URL] [--type TYPE] [--json] [--timeout MS] REF...
  b24-chat-lookup check  [--webhook URL] [--json]

  parse    show what each reference means, without asking the portal
  lookup   find the chat bound to each referenced entity (im.chat.get)
  check    check that the webhook works and has the "im" scope

References (REF): LEAD|13, D_5, T80_6, deal 5, сделка №5, an entity page address, a chat link, or a
bare id with --type. With no REF, or with "-", references are read from standard input, one or more per line.
A reference that starts with "-" goes after "--": b24-chat-lookup parse -- -3

Options:
  --type TYPE     what bare ids are: LEAD, DEAL, CONTACT, COMPANY, QUOTE, SMART_INVOICE, DYNAMIC_<id>, TASKS_TASK, …
  --webhook URL   the incoming webhook (default: the B24_WEBHOOK_URL environment variable, which keeps it out
                  of your shell history and the process list)
  --timeout MS    how long one request to the portal may take (default 20000)
  --json          one JSON array on standard output, one object per reference, in input order
  -h, --help      show this help
  -V, --version   show the version

Exit status: 0 every reference was valid and looked up (found or not), 1 some reference was invalid or failed
(check: the connection does not work), 2 the command line or configuration is wrong, 130 stopped with Ctrl-C.`;

const COMMANDS: ReadonlySet<string> = new Set(['parse', 'lookup', 'check']);

/** Options each command takes; any other is a usage error rather than silently ignored. */
const ALLOWED: Record<CommandName, ReadonlySet<string>> = {
  parse: new Set(['json', 'type']),
  lookup: new Set(['json', 'type', 'webhook', 'timeout']),
  check: new Set(['json', 'webhook']),
};

const OPTIONS = {
  json: { type: 'boolean' },
  type: { type: 'string' },
  webhook: { type: 'string' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;

/** The option a failed parse is about, found in the arguments themselves (never read out of Node's English message). */
function offendingOption(argv: readonly string[], wanted: (name: string, next: string | undefined) => boolean): string | undefined {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--') return undefined;
    if (arg.startsWith('-') && wanted(arg.split('=')[0] as string, argv[i + 1])) return arg.split('=')[0];
  }
  return undefined;
}

const KNOWN_OPTIONS = new Set(Object.entries(OPTIONS).flatMap(([name, option]) => [`--${name}`, ...('short' in option ? [`-${option.short}`] : [])]));
const VALUE_OPTIONS = new Set(Object.entries(OPTIONS).flatMap(([name, option]) => (option.type === 'string' ? [`--${name}`] : [])));

/** Node's parseArgs refusal as one sentence for a person, chosen by its error code. */
function readError(error: unknown, argv: readonly string[]): string {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const unknown = offendingOption(argv, (name) => !KNOWN_OPTIONS.has(name));
    if (unknown !== undefined) {
      return /^-\d/.test(unknown)
        ? `${unknown} is read as an option. Put references that start with "-" after "--", as in: b24-chat-lookup parse -- ${unknown}`
        : `Unknown option ${unknown}.`;
    }
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    // "argument missing", and "argument is ambiguous" for `--webhook --json`: a value is missing either way.
    const option = offendingOption(argv, (name, next) => VALUE_OPTIONS.has(name) && (next === undefined || next.startsWith('-')));
    if (option !== undefined) return `${option} needs a value after it.`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Reads the arguments after the program name. */
export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    return { kind: 'usage_error', message: readError(error, argv) };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const [name, ...references] = positionals;
  if (name === undefined) return { kind: 'usage_error', message: 'Say which command to run: parse, lookup or check.' };
  if (name === 'help') return { kind: 'help' };
  if (!COMMANDS.has(name)) return { kind: 'usage_error', message: `There is no command "${name}"; the commands are parse, lookup and check.` };
  const command = name as CommandName;
  for (const option of ['json', 'type', 'webhook', 'timeout'] as const) {
    if (values[option] !== undefined && !ALLOWED[command].has(option)) {
      return { kind: 'usage_error', message: `${command} does not take --${option}.` };
    }
  }
  if (command === 'check' && references.length > 0) {
    return { kind: 'usage_error', message: 'check takes no references; it checks the webhook only.' };
  }
  return {
    kind: 'run',
    commandLine: { command, json: values.json ?? false, type: values.type, webhook: values.webhook, timeout: values.timeout, references },
  };
}
