import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { checkDisplay, locateElectronBinary } from '../../electron/core/desktop/electron-runtime.ts';

/** The Electron executable to drive, or the reason the `_electron` specs cannot run on this machine. */
export function electronForTests(): { ok: true; binaryPath: string } | { ok: false; reason: string } {
  let packageDir: string | undefined;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    packageDir = undefined;
  }
  const binary = locateElectronBinary(packageDir, process.env);
  if (!binary.ok) {
    const where =
      binary.problem.kind === 'binary_missing' && binary.problem.expectedPath
        ? ` (looked for ${binary.problem.expectedPath})`
        : '';
    return {
      ok: false,
      reason:
        `No Electron binary on this machine${where}: Electron 45 downloads it from GitHub on first use, ` +
        'and that download is not possible here. Run `npx install-electron` where GitHub is reachable, ' +
        'or set ELECTRON_OVERRIDE_DIST_PATH, to run this spec.',
    };
  }
  if (checkDisplay(process.platform, process.env)) {
    return { ok: false, reason: 'No display for the Electron window: run it under `xvfb-run -a` (npm test does so).' };
  }
  return binary;
}
