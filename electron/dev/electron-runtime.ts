import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Whether this machine can start the desktop app, and if not, why in words a person can act on.
 *
 * Electron 45 no longer downloads its binary when it is installed: it fetches it on first use. On a
 * machine that cannot reach GitHub the binary never arrives, and on a headless Linux box there is no
 * display to show the window on. `npm start` checks both before launching so the user reads one clear
 * paragraph instead of a stack trace.
 */

export type LaunchProblem =
  | { kind: 'package_missing' }
  | { kind: 'binary_missing'; expectedPath: string | undefined; downloadError?: string }
  | { kind: 'no_display'; platform: NodeJS.Platform }
  | { kind: 'spawn_failed'; binaryPath: string; cause: string }
  /** `sandboxBlocked`: Linux's AppArmor keeps unprivileged programs from the user namespaces Chromium's sandbox needs. */
  | { kind: 'exited_at_once'; exitCode: number | null; signal: string | null; sandboxBlocked?: boolean };

export type BinaryLookup = { ok: true; binaryPath: string } | { ok: false; problem: LaunchProblem };

/**
 * Finds the Electron executable the `electron` npm package points at, without downloading it.
 * Mirrors the package's own rules: `path.txt` names the executable inside `dist/`, and
 * `ELECTRON_OVERRIDE_DIST_PATH` replaces `dist/` with a folder of the user's choice.
 */
export function locateElectronBinary(packageDir: string | undefined, env: Readonly<Record<string, string | undefined>>): BinaryLookup {
  if (packageDir === undefined) return { ok: false, problem: { kind: 'package_missing' } };
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override ? join(override, relative || 'electron') : relative ? join(packageDir, 'dist', relative) : undefined;
  if (candidate !== undefined && existsSync(candidate)) return { ok: true, binaryPath: candidate };
  return { ok: false, problem: { kind: 'binary_missing', expectedPath: candidate } };
}

/** The folder of the installed `electron` npm package, or undefined when it is not installed. */
export function findElectronPackageDir(): string | undefined {
  try {
    return dirname(fileURLToPath(import.meta.resolve('electron/package.json')));
  } catch {
    return undefined;
  }
}

/**
 * Runs the `electron` package's own downloader (what `require('electron')` would start on first use), with its
 * progress on our stdout and its error, if any, returned as one line for the caller to explain.
 */
function downloadElectronBinary(packageDir: string, timeoutMs: number): { ok: true } | { ok: false; error: string } {
  const run = spawnSync(process.execPath, [join(packageDir, 'install.js')], {
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  if (run.status === 0 && !run.error) return { ok: true };
  // The downloader prints its error's stack: keep the message line, not the frames.
  const message = run.stderr
    ?.split('\n')
    .map((line) => line.trim())
    .find((line) => line !== '' && !line.startsWith('at '));
  return { ok: false, error: message || run.error?.message || `the downloader exited with code ${run.status}` };
}

/**
 * Finds the Electron binary, running the one-time download first when it is missing and ours to fetch.
 * With ELECTRON_OVERRIDE_DIST_PATH the user named the Electron to use, so nothing is downloaded. A failed
 * download's message is kept in the problem, for the caller to explain.
 */
export function ensureElectronBinary(
  packageDir: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  { timeoutMs, beforeDownload }: { timeoutMs: number; beforeDownload?: () => void },
): BinaryLookup {
  const first = locateElectronBinary(packageDir, env);
  if (first.ok || packageDir === undefined || first.problem.kind !== 'binary_missing' || env.ELECTRON_OVERRIDE_DIST_PATH) {
    return first;
  }
  beforeDownload?.();
  const download = downloadElectronBinary(packageDir, timeoutMs);
  const second = locateElectronBinary(packageDir, env);
  if (second.ok || download.ok || second.problem.kind !== 'binary_missing') return second;
  return { ok: false, problem: { ...second.problem, downloadError: download.error } };
}

/** A window needs a display server; on Linux that means X11 (`DISPLAY`) or Wayland (`WAYLAND_DISPLAY`). */
export function checkDisplay(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): LaunchProblem | undefined {
  if (platform !== 'linux' && platform !== 'freebsd' && platform !== 'openbsd') return undefined;
  if (env.DISPLAY || env.WAYLAND_DISPLAY) return undefined;
  return { kind: 'no_display', platform };
}

const ALTERNATIVES =
  'Everything else still works without it: `npm test` runs the whole test suite, and ' +
  '`npm run dev:window` serves the lookup window in your browser with hot reload.';

/** One paragraph for the terminal: what went wrong, what fixes it, what to run instead. */
/** Whether Linux's AppArmor forbids unprivileged user namespaces (`kernel.apparmor_restrict_unprivileged_userns`). */
export function sandboxRestricted(readProc: (path: string) => string | null): boolean {
  return readProc('/proc/sys/kernel/apparmor_restrict_unprivileged_userns')?.trim() === '1';
}

export function explainLaunchProblem(problem: LaunchProblem): string {
  switch (problem.kind) {
    case 'package_missing':
      return (
        'B24 Chat Lookup cannot start: the `electron` package is not installed. ' +
        'Run `npm ci` in the project folder first, then `npm start` again. ' +
        ALTERNATIVES
      );
    case 'binary_missing':
      return (
        'B24 Chat Lookup cannot start: the Electron 45 program is not on this machine' +
        (problem.expectedPath ? ` (looked for ${problem.expectedPath})` : '') +
        '. Electron downloads it from GitHub on first use, and that download did not succeed here' +
        (problem.downloadError ? ` (${problem.downloadError})` : '') +
        '. ' +
        'On a machine that can reach GitHub, `npx install-electron` fetches it; or set ' +
        'ELECTRON_OVERRIDE_DIST_PATH to a folder that holds an Electron 45 build. ' +
        ALTERNATIVES
      );
    case 'no_display':
      return (
        'B24 Chat Lookup cannot start: it is a desktop app and this session has no display ' +
        '(neither DISPLAY nor WAYLAND_DISPLAY is set). Run it from a desktop session, or under a ' +
        'virtual display with `xvfb-run -a npm start`. ' +
        ALTERNATIVES
      );
    case 'spawn_failed':
      return (
        `B24 Chat Lookup cannot start: the Electron program at ${problem.binaryPath} could not be run ` +
        `(${problem.cause}). Delete node_modules/electron and run \`npm ci\` to install it again. ` +
        ALTERNATIVES
      );
    case 'exited_at_once': {
      const how = problem.signal !== null ? `was stopped by ${problem.signal}` : `exited with code ${problem.exitCode ?? 'unknown'}`;
      if (problem.sandboxBlocked) {
        // Ubuntu 23.10 and later: kernel.apparmor_restrict_unprivileged_userns=1, and node_modules' chrome-sandbox is
        // not the setuid-root helper Chromium then falls back to ("FATAL:setuid_sandbox_host" in its messages).
        return (
          `B24 Chat Lookup stopped right after starting: Electron ${how}. This system's AppArmor keeps programs from the ` +
          "user namespaces Chromium's sandbox needs (Ubuntu 23.10 and later), and the sandbox helper in node_modules is " +
          'not set up to work without them. Either give the helper its rights once (`sudo chown root ' +
          'node_modules/electron/dist/chrome-sandbox && sudo chmod 4755 node_modules/electron/dist/chrome-sandbox`), or, ' +
          'for development only, run `npm start -- --no-sandbox`. The installed .deb is not affected. ' +
          ALTERNATIVES
        );
      }
      return (
        `B24 Chat Lookup stopped right after starting: Electron ${how}. Its own messages are above; ` +
        'on Linux a missing system library (libgtk-3, libnss3, libasound2) is the usual cause, and ' +
        "installing your distribution's Electron or Chromium dependencies fixes it. " +
        ALTERNATIVES
      );
    }
  }
}
