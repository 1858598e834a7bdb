/**
 * The executable of a packed app folder, as `npm run package:e2e` leaves it under release/e2e/ (electron-builder's
 * `--dir` output): linux-unpacked/<executableName>, win-unpacked/<executableName>.exe, or
 * mac-arm64/ (Apple silicon) or mac/ (Intel), then <productName>.app/Contents/MacOS/<executable>.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export type PackagedApp = { ok: true; executable: string } | { ok: false; reason: string };

export function findPackagedApp(outputDir: string, platform: NodeJS.Platform, executableName: string): PackagedApp {
  if (!existsSync(outputDir)) return { ok: false, reason: `${outputDir} does not exist: run \`npm run package:e2e\` first.` };
  const folders = readdirSync(outputDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  const candidates: string[] = [];
  if (platform === 'darwin') {
    for (const folder of folders.filter((name) => name === 'mac' || name.startsWith('mac-'))) {
      for (const bundle of readdirSync(join(outputDir, folder)).filter((name) => name.endsWith('.app'))) {
        const macOs = join(outputDir, folder, bundle, 'Contents', 'MacOS');
        if (existsSync(macOs)) candidates.push(...readdirSync(macOs).map((name) => join(macOs, name)));
      }
    }
  } else {
    const prefix = platform === 'win32' ? 'win' : 'linux';
    const file = platform === 'win32' ? `${executableName}.exe` : executableName;
    for (const folder of folders.filter((name) => name.startsWith(prefix) && name.endsWith('-unpacked'))) {
      const path = join(outputDir, folder, file);
      if (existsSync(path)) candidates.push(path);
    }
  }
  if (candidates.length === 1) return { ok: true, executable: candidates[0] as string };
  return {
    ok: false,
    reason:
      candidates.length === 0
        ? `No packed app for ${platform} in ${outputDir}: run \`npm run package:e2e\` on this system first.`
        : `More than one packed app in ${outputDir} (${candidates.join(', ')}): remove the stale ones.`,
  };
}
