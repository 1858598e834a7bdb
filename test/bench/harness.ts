/**
 * What every benchmark script starts with: its `--runs` / `--quick` options, electron-store able to load outside
 * Electron, and `report`, which hands one measurement to the runner (test/bench/run.ts) for bench/results.json.
 */
import { appendFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

/**
 * How many runs a script makes: `--runs N` (a whole number of at least 1), else `quickRuns` with `--quick` (enough
 * to see the script work, not to measure), else `defaultRuns`. `alias` names an older spelling of `--runs` that a
 * script keeps accepting. Exits with a message for anything else.
 */
export function runsOption(defaultRuns: number, quickRuns: number, { alias }: { alias?: string } = {}): number {
  const options: ParseArgsOptionsConfig = { runs: { type: 'string' }, quick: { type: 'boolean' } };
  if (alias !== undefined) options[alias] = { type: 'string' };
  const { values } = parseArgs({ options });
  const given = values.runs ?? (alias === undefined ? undefined : values[alias]);
  if (typeof given !== 'string') return values.quick === true ? quickRuns : defaultRuns;
  const runs = Number(given);
  if (!Number.isInteger(runs) || runs < 1) {
    process.stderr.write(`--runs${alias ? ` (or --${alias})` : ''} wants a whole number of at least 1\n`);
    process.exit(2);
  }
  return runs;
}

/**
 * Outside Electron the `electron` module is only a path string: electron-store gets the same small fake the tests use
 * (test/fakes/electron.ts), and everything else is real. Import what loads electron-store after calling this.
 */
export function useFakeElectron(): void {
  const fakeElectron = pathToFileURL(fileURLToPath(new URL('../fakes/electron.ts', import.meta.url))).href;
  registerHooks({
    resolve: (specifier, context, next) => (specifier === 'electron' ? { url: fakeElectron, shortCircuit: true } : next(specifier, context)),
  });
}

/** The environment variable naming the file `report` appends to (one JSON object a line); the runner sets it. */
export const REPORT_FILE_ENV = 'B24_BENCH_REPORT';

/** One row of bench/results.json. */
export interface BenchEntry {
  name: string;
  unit: string;
  value: number;
  /** The floor the value is compared with (a bare `fetch` of the same request), in the same unit; null without one. */
  baseline: number | null;
  /** value / baseline; null without a baseline. */
  ratio: number | null;
  /** `≤ 1.05` (of the ratio, when there is a baseline), `< 30 ms` (of the value), `= 0`; null when none is set. */
  target: string | null;
  /** Whether the target is met; null when there is none. A missed target is a finding, never a failed run. */
  pass: boolean | null;
}

export interface Measurement {
  name: string;
  unit: string;
  value: number;
  baseline?: number | null;
  /**
   * `<op> <number>[ <unit>]`, op one of < ≤ = ≥ >. With the entry's unit written after the number it is a bound on
   * the value; without, a bound on the ratio when there is a baseline, else on the value.
   */
  target?: string | null;
}

const TARGET = /^(<|≤|=|≥|>) (-?\d+(?:\.\d+)?)(?: (.+))?$/;

function meets(measured: number, op: string, limit: number): boolean {
  switch (op) {
    case '<':
      return measured < limit;
    case '≤':
      return measured <= limit;
    case '=':
      return measured === limit;
    case '≥':
      return measured >= limit;
    default:
      return measured > limit;
  }
}

/** Four significant digits, but never fewer than the whole part has (1234567 stays 1234567). */
function round(value: number): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  const wholeDigits = Math.floor(Math.log10(Math.abs(value))) + 1;
  return Number(value.toPrecision(Math.min(21, Math.max(4, wholeDigits))));
}

/** The entry a measurement makes: ratio and pass worked out from the unrounded numbers, then rounded for reading. */
export function benchEntry({ name, unit, value, baseline = null, target = null }: Measurement): BenchEntry {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`A benchmark entry's name is snake_case: ${JSON.stringify(name)}`);
  if (!Number.isFinite(value)) throw new Error(`${name}: the value is not a number (${value})`);
  if (baseline !== null && !(Number.isFinite(baseline) && baseline > 0)) throw new Error(`${name}: the baseline is not a positive number (${baseline})`);
  const ratio = baseline === null ? null : value / baseline;
  let pass: boolean | null = null;
  if (target !== null) {
    const match = TARGET.exec(target);
    if (!match) throw new Error(`${name}: a target reads like "≤ 1.05", "< 30 ms" or "= 0", not ${JSON.stringify(target)}`);
    const [, op = '', limit = '', targetUnit] = match;
    if (targetUnit !== undefined && targetUnit !== unit) throw new Error(`${name}: the target is in ${targetUnit}, the value in ${unit}`);
    const measured = targetUnit === undefined && ratio !== null ? ratio : value;
    pass = meets(measured, op, Number(limit));
  }
  return { name, unit, value: round(value), baseline: baseline === null ? null : round(baseline), ratio: ratio === null ? null : round(ratio), target, pass };
}

/**
 * Hands one measurement to the runner: appended as a JSON line to the file named by B24_BENCH_REPORT. Run alone (the
 * variable unset) a script only prints; the entry is returned either way.
 */
export function report(measurement: Measurement): BenchEntry {
  const entry = benchEntry(measurement);
  const file = process.env[REPORT_FILE_ENV];
  if (file) appendFileSync(file, `${JSON.stringify(entry)}\n`);
  return entry;
}

/**
 * Times two operations `pairs` times each, after `warmup` rounds of both (connections, JIT, the portal's first
 * answers), alternating which goes first so neither always meets a warm connection. Answers each one's times in ms.
 */
export async function timeAlternately(
  first: () => Promise<unknown>,
  second: () => Promise<unknown>,
  { pairs, warmup, between }: { pairs: number; warmup: number; between?: () => Promise<void> },
): Promise<{ first: number[]; second: number[] }> {
  // `between` runs after each timed call, untimed: what the app does once the person has the answer.
  const timed = async (fn: () => Promise<unknown>): Promise<number> => {
    const started = performance.now();
    await fn();
    const elapsed = performance.now() - started;
    await between?.();
    return elapsed;
  };
  for (let i = 0; i < warmup; i += 1) {
    await first();
    await second();
  }
  const times = { first: [] as number[], second: [] as number[] };
  for (let i = 0; i < pairs; i += 1) {
    if (i % 2 === 0) {
      times.first.push(await timed(first));
      times.second.push(await timed(second));
    } else {
      times.second.push(await timed(second));
      times.first.push(await timed(first));
    }
  }
  return times;
}
