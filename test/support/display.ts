import { spawnSync } from 'node:child_process';
import { checkDisplay } from '../../electron/dev/electron-runtime.ts';

/**
 * The command prefix that gives a command a display: `xvfb-run -a` on a Linux session without one (CI, SSH),
 * nothing where a display exists or xvfb-run is not installed (then the Electron spec says why it skipped).
 */
export function displayPrefix(): string[] {
  if (!checkDisplay(process.platform, process.env)) return [];
  const probe = spawnSync('xvfb-run', ['--help'], { stdio: 'ignore' });
  if (probe.error) return [];
  return ['xvfb-run', '-a', '--server-args=-screen 0 1280x800x24'];
}

/** `node test/support/display.ts CMD ARGS...` runs the command with a display (see displayPrefix). */
if (import.meta.main) {
  const [command, ...args] = [...displayPrefix(), ...process.argv.slice(2)];
  if (!command) {
    process.stderr.write('usage: node test/support/display.ts COMMAND [ARGS...]\n');
    process.exit(2);
  }
  const result = spawnSync(command, args, { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
