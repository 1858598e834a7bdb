import process from 'node:process';
import {
  checkDisplay,
  ensureElectronBinary,
  findElectronPackageDir,
  locateElectronBinary,
} from '../../electron/core/desktop/electron-runtime.ts';

// Electron's own downloader gives up by itself when GitHub is unreachable; this only bounds a slow link.
const DOWNLOAD_TIMEOUT_MS = 5 * 60_000;

/** The Electron executable to drive, or the reason the `_electron` specs cannot run on this machine. */
export function electronForTests(): { ok: true; binaryPath: string } | { ok: false; reason: string } {
  const binary = locateElectronBinary(findElectronPackageDir(), process.env);
  if (!binary.ok) {
    const where =
      binary.problem.kind === 'binary_missing' && binary.problem.expectedPath
        ? ` (looked for ${binary.problem.expectedPath})`
        : '';
    return {
      ok: false,
      reason:
        `No Electron binary on this machine${where}: Electron 45 downloads it from GitHub on first use, ` +
        'and that download did not succeed here. Run `npx install-electron` where GitHub is reachable, ' +
        'or set ELECTRON_OVERRIDE_DIST_PATH, to run this spec.',
    };
  }
  if (checkDisplay(process.platform, process.env)) {
    return { ok: false, reason: 'No display for the Electron window: run it under `xvfb-run -a` (npm test does so).' };
  }
  return binary;
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
  process.stdout.write(
    binary.ok ? 'Electron binary: present.\n' : `Electron binary: not available${why ? ` (${why})` : ''}; the _electron spec will skip.\n`,
  );
}

/** `node test/support/electron-binary.ts --fetch` (used by `npm run test:e2e:electron`). */
if (import.meta.main && process.argv.includes('--fetch')) fetchElectronForTests();
