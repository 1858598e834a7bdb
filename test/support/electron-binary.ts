import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { checkDisplay, ensureElectronBinary, findElectronPackageDir, locateElectronBinary } from '../../electron/dev/electron-runtime.ts';
import { parse } from 'yaml';
import { findPackagedApp } from './packaged-app.ts';

// Electron's own downloader gives up by itself when GitHub is unreachable; this only bounds a slow link.
const DOWNLOAD_TIMEOUT_MS = 5 * 60_000;

const projectRoot = resolve(import.meta.dirname, '../..');

/** What the `_electron` spec launches: an executable, and the arguments that name the app to it. */
export type ElectronUnderTest = { ok: true; binaryPath: string; appArgs: string[]; packaged: boolean } | { ok: false; reason: string; required: boolean };

/**
 * The app the `_electron` specs drive, or why they cannot run on this machine.
 *   B24_E2E_APP_DIR set (the workflow: `npm run package:e2e` first): the packed test build in that folder, which
 *     must be there. A missing one is a failure (`required`), not a skip.
 *   otherwise: Electron's own binary from node_modules running the project folder (dist/), skipped where there is none.
 */
export function electronForTests(): ElectronUnderTest {
  const packedIn = process.env.B24_E2E_APP_DIR;
  if (packedIn) {
    const { executableName } = readBuilderNames();
    const packed = findPackagedApp(resolve(projectRoot, packedIn), process.platform, executableName);
    if (!packed.ok) return { ok: false, reason: packed.reason, required: true };
    const display = checkDisplay(process.platform, process.env);
    if (display) return { ok: false, reason: 'No display for the Electron window: run it under `xvfb-run -a`.', required: true };
    return { ok: true, binaryPath: packed.executable, appArgs: [], packaged: true };
  }
  const binary = locateElectronBinary(findElectronPackageDir(), process.env);
  if (!binary.ok) {
    const where = binary.problem.kind === 'binary_missing' && binary.problem.expectedPath ? ` (looked for ${binary.problem.expectedPath})` : '';
    return {
      ok: false,
      required: false,
      reason:
        `No Electron binary on this machine${where}: Electron 45 downloads it from GitHub on first use, ` +
        'and that download did not succeed here. Run `npx install-electron` where GitHub is reachable, ' +
        'or set ELECTRON_OVERRIDE_DIST_PATH, to run this spec.',
    };
  }
  if (checkDisplay(process.platform, process.env)) {
    return { ok: false, required: false, reason: 'No display for the Electron window: run it under `xvfb-run -a` (npm test does so).' };
  }
  return { ok: true, binaryPath: binary.binaryPath, appArgs: [projectRoot], packaged: false };
}

/** Reads a /proc/sys file (a kernel setting), or null where there is none. */
function readKernelSetting(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

/**
 * Chromium's switches for every start of the app under test, by Playwright or spawned by hand (a second instance,
 * the fuses check), so that all of them run alike.
 *
 * Linux: `--no-sandbox` where Chromium's own OS sandbox cannot start. That sandbox needs unprivileged user namespaces,
 * or else its setuid helper (chrome-sandbox, which only an installed package makes setuid root; an unpacked build's
 * is not). Ubuntu 23.10 and later, the GitHub runners' 24.04 among them, take user namespaces from programs AppArmor
 * has no profile for (kernel.apparmor_restrict_unprivileged_userns = 1), and Chromium then dies at start with
 * "FATAL:setuid_sandbox_host.cc"; Debian's kernels can switch them off (kernel.unprivileged_userns_clone = 0);
 * Chromium refuses to run as root with it; and CI containers often forbid user namespaces too (Docker's seccomp
 * profile), so any Linux CI runs without it. The page's own `sandbox: true` (the window's webPreferences, which the
 * spec asserts) is a separate setting and stays on.
 *
 * macOS: `--use-mock-keychain`, so that safeStorage keeps its key in Chromium's stand-in keychain, not the login
 * keychain, which would ask for the password in a dialog that no one answers on a runner.
 */
export function chromiumSwitchesForTests(
  platform: NodeJS.Platform = process.platform,
  env: Readonly<Record<string, string | undefined>> = process.env,
  { root = process.getuid?.() === 0, kernelSetting = readKernelSetting }: { root?: boolean; kernelSetting?: (path: string) => string | null } = {},
): string[] {
  if (platform === 'darwin') return ['--use-mock-keychain'];
  if (platform !== 'linux') return [];
  const noUserNamespaces =
    kernelSetting('/proc/sys/kernel/apparmor_restrict_unprivileged_userns') === '1' || kernelSetting('/proc/sys/kernel/unprivileged_userns_clone') === '0';
  return root || noUserNamespaces || Boolean(env.CI) ? ['--no-sandbox'] : [];
}

/** The executable's name from the installers' configuration (the one place it is written). */
function readBuilderNames(): { executableName: string } {
  const config = parse(readFileSync(join(projectRoot, 'electron-builder.yml'), 'utf8')) as { executableName?: unknown };
  const executableName = config.executableName;
  if (typeof executableName !== 'string') throw new Error('electron-builder.yml names no executableName.');
  return { executableName };
}

/**
 * Electron 45 fetches its binary lazily, so a fresh `npm ci` has none. Fetch it once before the `_electron`
 * spec, so that the spec runs wherever the download can succeed and skips (saying why) where it cannot.
 * Never fails: the outcome is one line on stdout.
 */
export function fetchElectronForTests(): void {
  const packageDir = findElectronPackageDir();
  if (process.env.B24_SKIP_ELECTRON_DOWNLOAD) {
    const present = locateElectronBinary(packageDir, process.env).ok;
    process.stdout.write(`Electron binary: ${present ? 'present' : 'missing; B24_SKIP_ELECTRON_DOWNLOAD is set, so not downloading it'}.\n`);
    return;
  }
  const binary = ensureElectronBinary(packageDir, process.env, {
    timeoutMs: DOWNLOAD_TIMEOUT_MS,
    beforeDownload: () => process.stdout.write('Electron binary: missing; trying its one-time download...\n'),
  });
  const why = binary.ok ? '' : binary.problem.kind === 'binary_missing' ? binary.problem.downloadError : binary.problem.kind;
  process.stdout.write(binary.ok ? 'Electron binary: present.\n' : `Electron binary: not available${why ? ` (${why})` : ''}; the _electron spec will skip.\n`);
}

/** `node test/support/electron-binary.ts --fetch` (used by `npm run test:e2e:electron`). */
if (import.meta.main && process.argv.includes('--fetch')) fetchElectronForTests();
