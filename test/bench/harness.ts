/** What every benchmark script starts with: its `--runs` option, and electron-store able to load outside Electron. */
import { registerHooks } from 'node:module';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/** The `--runs N` option (a whole number of at least 1); exits with a message for anything else. */
export function runsOption(defaultRuns: number): number {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: String(defaultRuns) } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) {
    process.stderr.write('--runs wants a whole number of at least 1\n');
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
