/**
 * `npm test`: every check that can run on this machine, in order, then one summary line.
 *   lint -> format -> typecheck -> build -> Vitest (unit, integration) -> Playwright (browser; Electron where it exists)
 * A failing lint or typecheck does not hide test results; a failing build stops before the tests that need it.
 * The last line reads "Summary: N passed, N failed, N skipped"; above it each skipped test with its reason and each
 * failed one with its first line of failure, so the end of a long log says what went wrong.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import process from 'node:process';
import { displayPrefix } from './support/display.ts';
import { fetchElectronForTests } from './support/electron-binary.ts';

const projectRoot = resolve(import.meta.dirname, '..');
const reports = join(projectRoot, '.test-reports');
// Tools run as `node <their entry file>` rather than through node_modules/.bin shims or a shell, so the same
// commands work on Windows (where the shims are .cmd files) and with the project's Node 24.
const tool = (entry: string): string[] => [process.execPath, join(projectRoot, 'node_modules', entry)];
const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];

type Step = {
  name: string;
  /** Later steps cannot run without this one. */
  gate?: boolean;
} & ({ command: string[] } | { run: () => void });

const steps: Step[] = [
  { name: 'lint', command: [...npm, 'run', '--silent', 'lint'] },
  { name: 'format (Prettier, and no line over its width)', command: [...npm, 'run', '--silent', 'format:check'] },
  { name: 'typecheck', command: [...npm, 'run', '--silent', 'typecheck'] },
  { name: 'build', command: [...npm, 'run', '--silent', 'build'], gate: true },
  {
    name: 'unit and integration tests (Vitest)',
    command: [...tool('vitest/vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${join(reports, 'vitest.json')}`],
  },
  { name: 'Electron binary for the _electron spec', run: fetchElectronForTests },
  { name: 'browser and Electron tests (Playwright)', command: [...displayPrefix(), ...tool('@playwright/test/cli.js'), 'test'] },
];

interface Tally {
  passed: number;
  /** The names of the failed tests, repeated at the end: a log cut to its last lines still says which failed. */
  failed: string[];
  skipped: string[];
}

function readJson(path: string): unknown {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
}

function tallyVitest(tally: Tally): void {
  const report = readJson(join(reports, 'vitest.json')) as
    | { numPassedTests: number; testResults: { name: string; assertionResults: { status: string; fullName: string; failureMessages?: string[] }[] }[] }
    | undefined;
  if (!report) return;
  tally.passed += report.numPassedTests;
  for (const file of report.testResults) {
    const where = relative(projectRoot, file.name);
    for (const t of file.assertionResults) {
      if (t.status === 'skipped' || t.status === 'pending') tally.skipped.push(t.fullName);
      else if (t.status === 'failed') tally.failed.push(`${where} › ${t.fullName}: ${t.failureMessages?.[0]?.split('\n')[0] ?? ''}`);
    }
  }
}

type PlaywrightSuite = {
  title: string;
  suites?: PlaywrightSuite[];
  specs?: { title: string; tests: { projectName: string; status: string; annotations: { type: string; description?: string }[] }[] }[];
};

function tallyPlaywright(tally: Tally): void {
  const report = readJson(join(reports, 'playwright.json')) as { suites: PlaywrightSuite[] } | undefined;
  if (!report) return;
  const walk = (suite: PlaywrightSuite, path: string[]): void => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests) {
        if (t.status === 'expected' || t.status === 'flaky') tally.passed += 1;
        else if (t.status === 'skipped') {
          const reason = t.annotations.find((a) => a.type === 'skip')?.description;
          tally.skipped.push(`[${t.projectName}] ${[...path, spec.title].join(' › ')}${reason ? ` — ${reason}` : ''}`);
        } else tally.failed.push(`[${t.projectName}] ${[...path, spec.title].join(' › ')} (${t.status})`);
      }
    }
    for (const child of suite.suites ?? []) walk(child, [...path, child.title]);
  };
  for (const suite of report.suites) walk(suite, [suite.title]);
}

rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const failedSteps: string[] = [];
for (const step of steps) {
  const started = Date.now();
  process.stdout.write(`\n=== ${step.name}\n`);
  let failure: string | undefined;
  if ('run' in step) step.run();
  else {
    const [command, ...args] = step.command;
    // A bare `npm` (run.ts started without npm) is npm.cmd on Windows, which only a shell can start.
    const result = spawnSync(command!, args, { cwd: projectRoot, stdio: 'inherit', shell: command === 'npm' && process.platform === 'win32' });
    if (result.status !== 0) failure = `exit ${result.status ?? result.signal ?? result.error?.message}`;
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = failure === undefined;
  process.stdout.write(`=== ${step.name}: ${ok ? 'ok' : `FAILED (${failure})`} in ${seconds}s\n`);
  if (!ok) {
    failedSteps.push(step.name);
    if (step.gate) break;
  }
}

const tally: Tally = { passed: 0, failed: [], skipped: [] };
tallyVitest(tally);
tallyPlaywright(tally);

process.stdout.write('\n');
for (const skipped of tally.skipped) process.stdout.write(`Skipped: ${skipped}\n`);
for (const failed of tally.failed) process.stdout.write(`Failed: ${failed}\n`);
if (failedSteps.length > 0) process.stdout.write(`Failed steps: ${failedSteps.join(', ')}\n`);
process.stdout.write(`Summary: ${tally.passed} passed, ${tally.failed.length} failed, ${tally.skipped.length} skipped\n`);
process.exit(failedSteps.length > 0 || tally.failed.length > 0 ? 1 : 0);
