import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkDisplay, explainLaunchProblem, locateElectronBinary, type LaunchProblem, sandboxRestricted } from '../../electron/dev/electron-runtime.ts';

// Real files in a temp dir laid out like node_modules/electron: path.txt naming the executable in dist/.
let pkg: string;
beforeEach(() => {
  pkg = mkdtempSync(join(tmpdir(), 'b24-electron-pkg-'));
});
afterEach(() => rmSync(pkg, { recursive: true, force: true }));

function installBinary(relative: string, root = join(pkg, 'dist')): string {
  const path = join(root, relative);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '');
  return path;
}

describe('locateElectronBinary', () => {
  it('finds the executable that path.txt names inside dist/', () => {
    writeFileSync(join(pkg, 'path.txt'), 'electron');
    const binary = installBinary('electron');
    expect(locateElectronBinary(pkg, {})).toEqual({ ok: true, binaryPath: binary });
  });

  it('follows path.txt into a macOS app bundle', () => {
    const relative = 'Electron.app/Contents/MacOS/Electron';
    writeFileSync(join(pkg, 'path.txt'), relative);
    const binary = installBinary(relative);
    expect(locateElectronBinary(pkg, {})).toEqual({ ok: true, binaryPath: binary });
  });

  it('reports the binary missing, with where it looked, when the lazy download never happened', () => {
    writeFileSync(join(pkg, 'path.txt'), 'electron');
    expect(locateElectronBinary(pkg, {})).toEqual({
      ok: false,
      problem: { kind: 'binary_missing', expectedPath: join(pkg, 'dist', 'electron') },
    });
  });

  it('reports the binary missing when Electron 45 has not even written path.txt yet', () => {
    expect(locateElectronBinary(pkg, {})).toEqual({ ok: false, problem: { kind: 'binary_missing', expectedPath: undefined } });
  });

  it('uses ELECTRON_OVERRIDE_DIST_PATH instead of dist/ when set', () => {
    const other = mkdtempSync(join(tmpdir(), 'b24-electron-dist-'));
    try {
      const binary = installBinary('electron', other);
      expect(locateElectronBinary(pkg, { ELECTRON_OVERRIDE_DIST_PATH: other })).toEqual({ ok: true, binaryPath: binary });
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('reports the package missing when electron is not installed at all', () => {
    expect(locateElectronBinary(undefined, {})).toEqual({ ok: false, problem: { kind: 'package_missing' } });
  });
});

describe('checkDisplay', () => {
  it('needs X11 or Wayland on Linux', () => {
    expect(checkDisplay('linux', {})).toEqual({ kind: 'no_display', platform: 'linux' });
    expect(checkDisplay('linux', { DISPLAY: ':0' })).toBeUndefined();
    expect(checkDisplay('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toBeUndefined();
  });

  it('asks nothing of macOS and Windows, which always have a desktop', () => {
    expect(checkDisplay('darwin', {})).toBeUndefined();
    expect(checkDisplay('win32', {})).toBeUndefined();
  });
});

describe('explainLaunchProblem', () => {
  const problems: LaunchProblem[] = [
    { kind: 'package_missing' },
    { kind: 'binary_missing', expectedPath: '/p/node_modules/electron/dist/electron' },
    { kind: 'no_display', platform: 'linux' },
    { kind: 'spawn_failed', binaryPath: '/p/electron', cause: 'EACCES' },
    { kind: 'exited_at_once', exitCode: 127, signal: null },
    { kind: 'exited_at_once', exitCode: null, signal: 'SIGTRAP', sandboxBlocked: true },
  ];

  it.each(problems)('says why and what to run instead, in one paragraph ($kind)', (problem) => {
    const text = explainLaunchProblem(problem);
    expect(text).not.toContain('\n');
    expect(text).toMatch(/^B24 Chat Lookup (cannot start|stopped right after starting)/);
    expect(text).toContain('npm test');
    expect(text).toContain('npm run dev:window');
  });

  it('names the specific fix for each problem', () => {
    expect(explainLaunchProblem(problems[1]!)).toContain('npx install-electron');
    expect(explainLaunchProblem(problems[1]!)).toContain('/p/node_modules/electron/dist/electron');
    expect(explainLaunchProblem({ kind: 'binary_missing', expectedPath: undefined, downloadError: 'TypeError: fetch failed' })).toContain(
      'that download did not succeed here (TypeError: fetch failed).',
    );
    expect(explainLaunchProblem(problems[2]!)).toContain('xvfb-run -a npm start');
    expect(explainLaunchProblem(problems[3]!)).toContain('EACCES');
    expect(explainLaunchProblem(problems[4]!)).toContain('exited with code 127');
    // Ubuntu 23.10+: the sandbox, not a library, and the two ways out.
    const sandbox = explainLaunchProblem(problems[5]!);
    expect(sandbox).toContain('AppArmor');
    expect(sandbox).toContain('sudo chmod 4755 node_modules/electron/dist/chrome-sandbox');
    expect(sandbox).toContain('npm start -- --no-sandbox');
    expect(sandbox).not.toContain('libgtk');
  });

  it("reads AppArmor's switch for unprivileged user namespaces, and a system without it as unrestricted", () => {
    expect(sandboxRestricted(() => '1\n')).toBe(true);
    expect(sandboxRestricted(() => '0\n')).toBe(false);
    expect(sandboxRestricted(() => null)).toBe(false);
  });
});
