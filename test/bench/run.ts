/**
 * `npm run bench`: every benchmark script, one after another (never two at once: they measure time), each as its own
 * Node process with its human output passed through. Each script hands its headline figures to this runner with
 * `report` (harness.ts: JSON lines in the file B24_BENCH_REPORT names); they are written to bench/results.json (an
 * array of { name, unit, value, baseline, ratio, target, pass }) and shown as a table at the end, beside the value of
 * the previous committed run (bench/results.json at HEAD) where it had an entry of that name.
 *
 * A measurement, not a test: a missed target is printed, never a failure. The exit status is non-zero only when a
 * script could not run to its end (its entries so far are still written). window.ts and hotkey.ts need a build
 * (`npm run build`); without it they are skipped with a message.
 *
 *   npm run bench -- [--quick | --runs N] [--only client-overhead,lookup,history,quick-lookup,window,hotkey]
 *
 * `--quick` gives each script its own small run count (to see that everything works, not to measure); `--runs N`
 * passes N to every script. `--only` runs some of them and keeps the others' entries already in results.json.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { type BenchEntry, REPORT_FILE_ENV } from './harness.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const RESULTS = join(ROOT, 'bench', 'results.json');

interface Script {
  name: string;
  /** Why it cannot run on this checkout (it is skipped), or null. */
  missing: () => string | null;
}

const SCRIPTS: Script[] = [
  { name: 'client-overhead', missing: () => null },
  { name: 'lookup', missing: () => null },
  { name: 'history', missing: () => null },
  { name: 'quick-lookup', missing: () => null },
  {
    name: 'window',
    missing: () =>
      existsSync(join(ROOT, 'dist', 'renderer', 'index.html'))
        ? null
        : 'dist/renderer is missing: run `npm run build` first, then `npm run bench -- --only window`',
  },
  {
    name: 'hotkey',
    missing: () =>
      existsSync(join(ROOT, 'dist', 'main', 'main.js')) && existsSync(join(ROOT, 'dist', 'renderer', 'index.html'))
        ? null
        : 'dist/main or dist/renderer is missing: run `npm run build` first, then `npm run bench -- --only hotkey`',
  },
];

const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, runs: { type: 'string' }, only: { type: 'string' } },
});
if (values.runs !== undefined && !(Number.isInteger(Number(values.runs)) && Number(values.runs) >= 1)) {
  process.stderr.write('--runs wants a whole number of at least 1\n');
  process.exit(2);
}
const only = values.only
  ?.split(',')
  .map((name) => name.trim().replace(/\.ts$/, ''))
  .filter(Boolean);
const unknown = only?.filter((name) => !SCRIPTS.some((script) => script.name === name)) ?? [];
if (unknown.length > 0) {
  process.stderr.write(`--only: no benchmark named ${unknown.join(', ')}; they are ${SCRIPTS.map((script) => script.name).join(', ')}\n`);
  process.exit(2);
}
const passThrough = [...(values.quick ? ['--quick'] : []), ...(values.runs !== undefined ? ['--runs', values.runs] : [])];

const ENTRY_KEYS = ['name', 'unit', 'value', 'baseline', 'ratio', 'target', 'pass'];

function readEntries(file: string, script: string): BenchEntry[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const entry = JSON.parse(line) as BenchEntry;
      if (Object.keys(entry).join() !== ENTRY_KEYS.join()) throw new Error(`${script} reported an entry of another shape: ${line}`);
      return entry;
    });
}

/** Runs one script to its end; resolves with how it ended. */
function runScript(path: string, reportFile: string): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [path, ...passThrough], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, [REPORT_FILE_ENV]: reportFile },
    });
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal }));
  });
}

const entries: BenchEntry[] = [];
const problems: string[] = [];
const skipped: string[] = [];
const scratch = mkdtempSync(join(tmpdir(), 'b24-bench-run-'));
const started = performance.now();
try {
  for (const script of SCRIPTS.filter((candidate) => !only || only.includes(candidate.name))) {
    const path = join(import.meta.dirname, `${script.name}.ts`);
    const why = script.missing();
    if (why !== null) {
      process.stdout.write(`\n=== ${script.name}.ts: SKIPPED (${why})\n`);
      skipped.push(`${script.name}.ts: ${why}`);
      continue;
    }
    process.stdout.write(`\n=== ${script.name}.ts ${passThrough.join(' ')}\n`);
    const reportFile = join(scratch, `${script.name}.jsonl`);
    const scriptStarted = performance.now();
    let ended: Awaited<ReturnType<typeof runScript>>;
    try {
      ended = await runScript(path, reportFile);
    } catch (error) {
      problems.push(`${script.name}.ts could not be started: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const reported = readEntries(reportFile, `${script.name}.ts`);
    entries.push(...reported);
    const seconds = ((performance.now() - scriptStarted) / 1000).toFixed(1);
    if (ended.code !== 0) {
      problems.push(
        `${script.name}.ts ended with ${ended.signal ?? `exit status ${ended.code}`} after ${seconds} s (${reported.length} entries reported before that)`,
      );
    } else if (reported.length === 0) {
      problems.push(`${script.name}.ts reported no entries`);
    } else {
      process.stdout.write(`=== ${script.name}.ts done in ${seconds} s, ${reported.length} entries\n`);
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const duplicates = entries.map((entry) => entry.name).filter((name, index, names) => names.indexOf(name) !== index);
if (duplicates.length > 0) problems.push(`entries reported twice: ${[...new Set(duplicates)].join(', ')}`);

/** With --only, the other scripts' entries already in bench/results.json are kept; this run's replace their namesakes. */
function merged(fresh: BenchEntry[]): BenchEntry[] {
  if (!only || !existsSync(RESULTS)) return fresh;
  const earlier = JSON.parse(readFileSync(RESULTS, 'utf8')) as BenchEntry[];
  const byName = new Map(fresh.map((entry) => [entry.name, entry]));
  const kept = earlier.map((entry) => byName.get(entry.name) ?? entry);
  return [...kept, ...fresh.filter((entry) => !earlier.some((old) => old.name === entry.name))];
}
/**
 * The previous committed run: bench/results.json as the last commit has it (what is in the file now, outside a git
 * checkout), by name, for the table's "previous" column.
 */
function previousRun(): Map<string, BenchEntry> {
  const committed = spawnSync('git', ['show', 'HEAD:bench/results.json'], { cwd: ROOT, encoding: 'utf8' });
  const text = committed.status === 0 ? committed.stdout : existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '[]';
  try {
    return new Map((JSON.parse(text) as BenchEntry[]).map((entry) => [entry.name, entry]));
  } catch {
    return new Map();
  }
}
const previous = previousRun();
mkdirSync(join(ROOT, 'bench'), { recursive: true });
writeFileSync(RESULTS, `${JSON.stringify(merged(entries), null, 2)}\n`);

// The table: one row per entry, columns aligned.
const number = (value: number): string => (Number.isInteger(value) ? value.toLocaleString('en') : String(value));
const rows = [
  ['name', 'value', 'previous', 'baseline', 'ratio', 'target', 'pass'],
  ...entries.map((entry) => [
    entry.name,
    `${number(entry.value)} ${entry.unit}`,
    ((before) => (before === undefined ? '—' : `${number(before.value)} ${before.unit}`))(previous.get(entry.name)),
    entry.baseline === null ? '—' : `${number(entry.baseline)} ${entry.unit}`,
    entry.ratio === null ? '—' : entry.ratio.toFixed(3),
    entry.target ?? '—',
    entry.pass === null ? '—' : entry.pass ? 'yes' : 'NO',
  ]),
];
const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
const numeric = new Set([1, 2, 3, 4]);
const lines = rows.map((row) =>
  row
    .map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
    .join('  ')
    .trimEnd(),
);
process.stdout.write(
  [
    '',
    `Benchmarks (Node ${process.version}, ` +
      `${values.quick ? 'quick runs' : values.runs !== undefined ? `--runs ${values.runs}` : 'default runs'}, ` +
      `${((performance.now() - started) / 1000).toFixed(0)} s):`,
    ...(entries.length > 0 ? lines : ['(no entries)']),
    '',
    `Written to ${relative(process.cwd(), RESULTS) || RESULTS}${only ? ' (entries of the scripts not run this time kept from before)' : ''}.`,
    ...skipped.map((line) => `Skipped ${line}`),
    ...problems.map((line) => `FAILED: ${line}`),
    '',
  ].join('\n'),
);
process.exitCode = problems.length > 0 ? 1 : 0;
