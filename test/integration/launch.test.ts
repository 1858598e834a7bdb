import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findElectronPackageDir, locateElectronBinary } from '../../electron/dev/electron-runtime.ts';

// `npm start` as a user runs it: the launcher as a real process. ELECTRON_OVERRIDE_DIST_PATH points it at a
// folder we control, so no test ever downloads Electron; the "Electron" in it is a shell script.
const projectRoot = resolve(import.meta.dirname, '../..');
const launcher = join(projectRoot, 'electron/launch.ts');

let distDir: string;
beforeEach(() => {
  distDir = mkdtempSync(join(tmpdir(), 'b24-launch-'));
});
afterEach(() => rmSync(distDir, { recursive: true, force: true }));

function fakeElectron(script: string): void {
  const path = join(distDir, 'electron');
  writeFileSync(path, `#!/bin/sh\n${script}\n`);
  chmodSync(path, 0o755);
}

/**
 * Runs the launcher with a minimal environment. By default ELECTRON_OVERRIDE_DIST_PATH points it at the temp
 * folder (so it never downloads); `useOverride: false` leaves it on the project's real electron package.
 */
function launch(env: Record<string, string>, { args = [] as string[], useOverride = true } = {}) {
  const base: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: distDir };
  const result = spawnSync(process.execPath, [launcher, ...args], {
    cwd: projectRoot,
    env: { ...base, ...(useOverride ? { ELECTRON_OVERRIDE_DIST_PATH: distDir } : {}), ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stderr: result.stderr };
}

function expectNoStackTrace(output: string): void {
  expect(output).not.toMatch(/^\s+at /m);
  expect(output).not.toMatch(/\b(Type|Reference|Syntax)?Error:/);
}

describe.skipIf(process.platform === 'win32')('npm start launcher (POSIX shell fakes)', () => {
  it('explains a missing Electron binary in one paragraph instead of a stack trace', () => {
    const { status, stderr } = launch({ DISPLAY: ':99' });
    expect(status).toBe(1);
    expect(stderr).toContain('B24 Chat Lookup cannot start: the Electron 45 program is not on this machine');
    expect(stderr).toContain('npm run dev:window');
    expectNoStackTrace(stderr);
  });

  // Without ELECTRON_OVERRIDE_DIST_PATH the launcher runs Electron's own downloader, as `npm start` does on a
  // fresh clone. Its mirror is pointed at a closed loopback port and its cache at an empty folder, so the
  // download fails here (and on any machine) without touching the network.
  it.skipIf(locateElectronBinary(findElectronPackageDir(), process.env).ok)(
    'tries the one-time Electron download and folds its error into the explanation (skipped where Electron is installed)',
    async () => {
      const closedPort = await new Promise<number>((done) => {
        const server = createServer().listen(0, '127.0.0.1', () => {
          const { port } = server.address() as { port: number };
          server.close(() => done(port));
        });
      });
      const result = launch(
        {
          DISPLAY: ':99',
          ELECTRON_MIRROR: `http://127.0.0.1:${closedPort}/`,
          electron_config_cache: distDir,
          ELECTRON_GET_NO_PROGRESS: '1',
        },
        { useOverride: false },
      );
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('Electron is not downloaded yet; fetching it once');
      expect(result.stderr).toMatch(/that download did not succeed here \([^)]+\)\./);
      expect(result.stderr).toContain('npx install-electron');
    },
  );

  it('explains a session with no display', () => {
    fakeElectron('exit 0');
    const { status, stderr } = launch({});
    expect(status).toBe(1);
    expect(stderr).toContain('this session has no display');
    expect(stderr).toContain('xvfb-run -a npm start');
    expectNoStackTrace(stderr);
  });

  it('starts Electron on the project folder and passes on the arguments after --', () => {
    const argsFile = join(distDir, 'args.txt');
    fakeElectron(`printf '%s\\n' "$@" > '${argsFile}'; exit 0`);
    const result = launch({ DISPLAY: ':99' }, { args: ['--', 'LEAD|13'] });
    expect(result.status).toBe(0);
    expect(readFileSync(argsFile, 'utf8').trim().split('\n')).toEqual([projectRoot, 'LEAD|13']);
  });

  it('explains an Electron that dies right after starting, keeping its exit code in the message', () => {
    fakeElectron('echo "error while loading shared libraries: libgtk-3.so.0" >&2; exit 127');
    const { status, stderr } = launch({ DISPLAY: ':99' });
    expect(status).toBe(1);
    expect(stderr).toContain('libgtk-3.so.0');
    expect(stderr).toContain('B24 Chat Lookup stopped right after starting: Electron exited with code 127');
    expectNoStackTrace(stderr);
  });
});
