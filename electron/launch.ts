/**
 * `npm start` / `npm run dev`: launches the built app in Electron, or explains in one paragraph why it
 * cannot (no Electron binary, no display) instead of dying with a stack trace.
 *
 * Runs under plain Node (the project's Node 24 runs this TypeScript file directly).
 *   node electron/launch.ts           launch dist/ as built by `npm run build`
 *   node electron/launch.ts --dev     also serve the window from Vite's dev server, with hot reload
 * Arguments after `--` are handed to the app.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import {
  checkDisplay,
  ensureElectronBinary,
  explainLaunchProblem,
  findElectronPackageDir,
  type LaunchProblem,
  sandboxRestricted,
} from './dev/electron-runtime.ts';

const projectRoot = dirname(dirname(fileURLToPath(import.meta.url)));
// An exit this soon after launch with a failure code means Electron never got going (missing libraries,
// a broken binary); later failures are the app's own and print their own messages.
const EARLY_EXIT_MS = 5_000;
const DOWNLOAD_TIMEOUT_MS = 10 * 60_000;

const readProc = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
};

function fail(problem: LaunchProblem): never {
  process.stderr.write(`\n${explainLaunchProblem(problem)}\n\n`);
  process.exit(1);
}

async function startRendererDevServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const { createServer } = await import('vite');
  const server = await createServer({ configFile: join(projectRoot, 'vite.config.ts'), mode: 'development' });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('Vite did not report a local URL for the window.');
  return { url, close: () => server.close() };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const separator = argv.indexOf('--');
  const ownArgs = separator === -1 ? argv : argv.slice(0, separator);
  const appArgs = separator === -1 ? [] : argv.slice(separator + 1);
  const dev = ownArgs.includes('--dev');

  const binary = ensureElectronBinary(findElectronPackageDir(), process.env, {
    timeoutMs: DOWNLOAD_TIMEOUT_MS,
    // The same download `require('electron')` would start, but run here so its failure is ours to explain.
    beforeDownload: () => process.stderr.write('Electron is not downloaded yet; fetching it once (this needs access to GitHub)...\n'),
  });
  if (!binary.ok) fail(binary.problem);
  const { binaryPath } = binary;
  const displayProblem = checkDisplay(process.platform, process.env);
  if (displayProblem) fail(displayProblem);

  const devServer = dev ? await startRendererDevServer() : undefined;
  const env = { ...process.env };
  if (devServer) {
    env.B24_RENDERER_URL = devServer.url;
    process.stderr.write(`Window served with hot reload from ${devServer.url}\n`);
  }

  const startedAt = Date.now();
  const child = spawn(binaryPath, [projectRoot, ...appArgs], { stdio: 'inherit', env });
  let stoppedByUser = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      stoppedByUser = true;
      child.kill(signal);
    });
  }

  child.on('error', (error: NodeJS.ErrnoException) => {
    fail({ kind: 'spawn_failed', binaryPath, cause: error.code ?? error.message });
  });
  child.on('exit', (code, signal) => {
    void devServer?.close();
    const early = Date.now() - startedAt < EARLY_EXIT_MS;
    if (early && !stoppedByUser && (code !== 0 || signal !== null)) {
      const sandboxBlocked = process.platform === 'linux' && !appArgs.includes('--no-sandbox') && sandboxRestricted(readProc);
      fail({ kind: 'exited_at_once', exitCode: code, signal, sandboxBlocked });
    }
    process.exit(code ?? 1);
  });
}

await main();
