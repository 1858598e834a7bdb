#!/usr/bin/env node
/**
 * The `b24-chat-lookup` command as package.json `bin` installs it. Plain JavaScript, so any Node can start it:
 * the command itself (cli.ts) is TypeScript, which Node runs directly from 22.18 on. A Node that cannot hands
 * over to the project's own Node 24, which `npm ci` installs into node_modules (npm link, an old system Node).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import module from 'node:module';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

// Node strips the TypeScript of every module on every start (about half the start-up time); its compile cache
// keeps the result. The cache lives in the project's own folder, not a shared temporary one that another user of
// the computer could have prepared.
const compileCache = fileURLToPath(new URL('../node_modules/.cache/b24-chat-lookup/', import.meta.url));

if (process.features.typescript) {
  module.enableCompileCache?.(compileCache);
  await import('./cli.ts');
} else {
  const projectNode = fileURLToPath(new URL(`../node_modules/node/bin/node${process.platform === 'win32' ? '.exe' : ''}`, import.meta.url));
  if (!existsSync(projectNode)) {
    process.stderr.write(
      `b24-chat-lookup needs Node 22.18 or newer, and this is ${process.version}. Run "npm ci" in the project ` +
        'folder (it installs Node 24 there), then run the command again.\n',
    );
    process.exit(2);
  }
  const child = spawn(projectNode, [fileURLToPath(new URL('./cli.ts', import.meta.url)), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_COMPILE_CACHE: compileCache },
  });
  // Ctrl-C reaches the whole process group anyway; a signal sent to this process alone is passed on.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    process.stderr.write(`b24-chat-lookup could not start ${projectNode}: ${error.message}\n`);
    process.exit(2);
  });
  child.on('exit', (code, signal) => {
    if (code !== null) process.exit(code);
    // End the way the command did, so the shell sees the signal (exit 130 for Ctrl-C): without this process's
    // own handlers, the signal takes it down as it took the command.
    process.removeAllListeners(signal ?? 'SIGTERM');
    process.kill(process.pid, signal ?? 'SIGTERM');
  });
}
