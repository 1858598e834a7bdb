/**
 * The built main process (dist/main/main.js, the file the installers carry) started over the typed `electron`
 * stand-in (test/fakes/electron.ts) as Electron starts it: the module runs, then `ready`. For the lifecycle test
 * (test/lifecycle/) and `npm run bench:hotkey`, under Vitest's alias or the bench's loader alike.
 */
import { join, resolve } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { canonicalFileUrl } from '../../electron/core/ipc/trusted-sender.ts';
import { app, standIn } from '../fakes/electron.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const BUILT_MAIN = join(ROOT, 'dist', 'main', 'main.js');
export const BUILT_PAGE = join(ROOT, 'dist', 'renderer', 'index.html');
export const BUILT_PRELOAD = join(ROOT, 'dist', 'preload', 'preload.cjs');

/** Waits until `condition` holds, polling; an error naming `what` after `ms`. */
export async function until(what: string, condition: () => boolean, ms = 5_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > ms) throw new Error(`Waited ${ms} ms for ${what}`);
    await new Promise((done) => setTimeout(done, 5));
  }
}

type Answer<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Calls an IPC channel as the window's page does; a refusal is an error naming it. */
export async function invoke<T = unknown>(channel: string, payload?: unknown): Promise<T> {
  const answer = (await standIn.invoke(channel, payload)) as Answer<T>;
  if (!answer.ok) throw new Error(`${channel} was refused: ${JSON.stringify(answer.error)}`);
  return answer.value;
}

let starts = 0;

/**
 * Starts the bundle afresh over the profile folder `profile` (`--user-data-dir`), with the stand-in's other givens,
 * the launch's own arguments `args`, and `beforeReady` run between the module and `ready` (a second launch that comes
 * while this one starts). Resolves once the tray is up; an error box the app showed is thrown as an error. The page's
 * frame then reports the built page's address, so IPC calls pass the app's sender check.
 */
export async function startBuiltApp({
  profile,
  downloads,
  given = {},
  args = [],
  beforeReady = () => undefined,
}: {
  profile: string;
  downloads: string;
  given?: Parameters<typeof standIn.reset>[0];
  args?: string[];
  beforeReady?: () => void;
}): Promise<void> {
  standIn.reset({ ...given, switches: new Map([['user-data-dir', profile]]), paths: new Map([['downloads', downloads]]) });
  const argv = process.argv;
  process.argv = [process.execPath, ...args];
  try {
    // A new address each start, so the bundle runs again; the stand-in it imports stays the one the caller holds.
    starts += 1;
    await import(/* @vite-ignore */ `${pathToFileURL(BUILT_MAIN).href}?start=${starts}`);
  } finally {
    process.argv = argv;
  }
  beforeReady();
  app.becomeReady();
  await until('the tray (or an error box)', () => standIn.state.trays.length === 1 || standIn.state.errorBoxes.length > 0);
  const [failed] = standIn.state.errorBoxes;
  if (failed) throw new Error(`The app could not start: "${failed.title}: ${failed.content}"`);
  standIn.setPageUrl(canonicalFileUrl(pathToFileURL(BUILT_PAGE).href));
}
