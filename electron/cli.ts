/**
 * The `b24-chat-lookup` command (started by b24-chat-lookup.mjs, package.json `bin`). It runs on Node 22.18+, such as
 * the Node 24 `npm ci` installs into the project; see electron/cli/run.ts for what it does.
 */
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { buffer } from 'node:stream/consumers';
import { runCli } from './cli/run.ts';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

// `b24-chat-lookup … | head` closes the pipe early; that is the reader's choice, not an error to report.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

// The first Ctrl-C stops the lookup and tidies the terminal; a second one ends the process at once.
const interrupt = new AbortController();
process.once('SIGINT', () => interrupt.abort());

const code = await runCli({
  argv: process.argv.slice(2),
  readStdin: () => buffer(process.stdin),
  stdinIsTTY: process.stdin.isTTY === true,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  fetch,
  version: manifest.version,
  signal: interrupt.signal,
});
process.exitCode = code;
// Stopped while standard input was still open: nothing more will be read from it, so let the process end.
if (interrupt.signal.aborted) process.stdin.destroy();
