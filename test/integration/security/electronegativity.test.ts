/**
 * Electronegativity (Doyensec's scanner for Electron misconfigurations) over the app as built: main process, preload
 * and window, with the Electron version given (45) and its one online check (Electron releases with security fixes)
 * off, so the scan reads nothing but these files.
 *
 * The scanner's parser predates private class fields (`#field`), which the production build keeps (its target is
 * Electron 45's Chromium and Node), and it silently skips a file it cannot parse. So the scan runs over a build made
 * for it: the same entry points, configuration and code, lowered to ES2020 by Vite. The test fails if the scanner
 * skipped any file, so "no findings" cannot mean "not read".
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const projectRoot = resolve(import.meta.dirname, '../../..');

/**
 * The findings above "informational" that remain, each with why it stays. A finding not listed fails the test, and
 * so does a listed one that no longer appears (the list never outlives its reason).
 */
const EXPLAINED: Record<string, string> = {
  // The scanner flags `script-src 'self'` as a directive to review. The window's CSP is `default-src 'none'` with
  // only the app's own files allowed (no inline script or style, no network: `connect-src 'none'`), and the window's
  // session refuses every request but those files (electron/shell/hardening.ts).
  'CSP_GLOBAL_CHECK renderer/index.html': 'strictest CSP the window can run with',
  // Every link reaches shell.openExternal through isOpenableLink (electron/core/links/link-policy.ts): a chat or
  // entity page of a connected portal, a bx: chat link, a portal's authorize page exactly as the sign-in writes it, or
  // the releases page, byte for byte; the core builds them, the window only names a portal and an id (or the
  // application it signs in with).
  'OPEN_EXTERNAL_JS_CHECK main/main.js': 'links checked by link-policy.ts just before openExternal',
  // The window's preload is sandboxed (sandbox, contextIsolation, no nodeIntegration) and exposes one object built
  // from the IPC contract; the main process checks every message's sender and payload.
  'PRELOAD_JS_CHECK main/main.js': 'one sandboxed preload exposing the contract',
};

interface Finding {
  check: string;
  severity: string;
  confidence: string;
  file: string;
}

interface Scan {
  globalChecks: number;
  atomicChecks: number;
  /** Files the scanner could not parse, with why. */
  errors: { file: string; message: string; tolerable?: boolean }[];
  findings: Finding[];
}

/**
 * Runs the scanner's own runner (what its command line calls) in a Node process of its own and prints its result as
 * JSON. The scanner also downloads translations of its messages when it starts (with `got`, which fails on Node 24):
 * `got` is replaced before it loads, so nothing leaves this machine and its English is used.
 */
const DRIVER = `
const Module = require('node:module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'got') return () => Promise.reject(new Error('offline: the scan runs without network'));
  return load.call(this, request, ...rest);
};
const [runnerPath, input] = process.argv.slice(2);
const runner = require(runnerPath);
const run = typeof runner === 'function' ? runner : runner.default;
const log = console.log;
console.log = () => undefined;
run({
  input,
  customScan: [],
  // The one check that asks the network (Electron releases with security fixes) is off.
  excludeFromScan: ['availablesecurityfixesglobalcheck'],
  isRelative: true,
  isVerbose: false,
  electronVersionOverride: '45.5.0',
  parserPlugins: [],
}, false).then((result) => {
  log(JSON.stringify({
    globalChecks: result.globalChecks,
    atomicChecks: result.atomicChecks,
    errors: result.errors.map((e) => ({ file: String(e.file), message: String(e.message), tolerable: e.tolerable })),
    findings: result.issues.map((i) => ({ check: i.id, severity: i.severity.name, confidence: i.confidence.name, file: i.file })),
  }));
}, (error) => { console.error(error); process.exit(1); });
`;

let work: string;
let scan: Scan;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'b24-electronegativity-'));
  const scanBuild = (mode: string | undefined, outDir: string) =>
    build({
      configFile: join(projectRoot, 'vite.config.ts'),
      ...(mode ? { mode } : {}),
      logLevel: 'silent',
      build: { target: 'es2020', outDir: join(work, 'app', outDir), emptyOutDir: true, sourcemap: false },
    });
  await scanBuild('main', 'main');
  await scanBuild('preload', 'preload');
  await scanBuild(undefined, 'renderer');
  const driver = join(work, 'scan.cjs');
  writeFileSync(driver, DRIVER);
  const run = spawnSync(process.execPath, [driver, join(projectRoot, 'node_modules/@doyensec/electronegativity/dist/runner.js'), join(work, 'app')], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: '1', LANG: 'en-US' },
  });
  if (run.status !== 0) throw new Error(`electronegativity failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  scan = JSON.parse(run.stdout.trim().split('\n').pop() ?? '') as Scan;
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('electronegativity over the built app', () => {
  it('read every file of the build: main process, preload and window', () => {
    expect(scan.errors).toEqual([]);
    const files = readdirSync(join(work, 'app'), { recursive: true }).map(String);
    expect(files).toEqual(expect.arrayContaining(['main/main.js', 'preload/preload.cjs', 'renderer/index.html']));
    expect(scan.globalChecks + scan.atomicChecks).toBeGreaterThanOrEqual(40);
  });

  it('finds nothing above informational but what is explained above', () => {
    const serious = scan.findings.filter((finding) => finding.severity !== 'INFORMATIONAL');
    expect(serious.map((finding) => `${finding.check} ${finding.file}`).sort()).toEqual(Object.keys(EXPLAINED).sort());
  });
});
