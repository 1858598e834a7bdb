import { chmodSync, existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ipcMain } from 'electron';
import ElectronStore from 'electron-store';
import { copyPathFor, failureReason, type FileContents, type StateFile } from '../core/state/state-file.ts';

let electronStoreChannelClosed = false;

/**
 * electron-store opens 'electron-store-get-data' with its first store, answering any renderer's synchronous
 * request with the data folder's path. Our windows never use electron-store, and every IPC channel the app keeps
 * checks its sender, so it is closed once the first store has opened it.
 */
function closeElectronStoreChannel(): void {
  if (electronStoreChannelClosed) return;
  ipcMain.removeAllListeners('electron-store-get-data');
  electronStoreChannelClosed = true;
}

/** A file that parsed but is not a JSON object (an array, a string): electron-store would read it as empty. */
class NotAnObjectError extends Error {}

/** Why a file could not be read, in words that never quote its content (a JSON error message does). */
function unreadableReason(error: unknown): string {
  if (error instanceof NotAnObjectError) return 'it is not a JSON object';
  if (error instanceof SyntaxError) return 'it is not valid JSON';
  return failureReason(error);
}

function parseObject(text: string): Record<string, unknown> {
  // A byte-order mark, as Notepad saves one, is not damage (electron-store's own reader skips it too).
  const value: unknown = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new NotAnObjectError();
  return value as Record<string, unknown>;
}

/**
 * One state file through electron-store, with the project's file policy: owner-only mode, atomic writes (a
 * temporary file renamed over the old one), and a file that cannot be read is never wiped (electron-store's
 * `clearInvalidConfig` is off and a file that is JSON but not an object is refused too, where electron-store
 * would read it as empty and overwrite it). What to do with such a file is the core's decision (document.ts).
 */
export class ElectronStoreFile implements StateFile {
  readonly path: string;
  readonly #name: string;
  readonly #cwd: string;
  #store: ElectronStore<Record<string, unknown>> | undefined;
  #unreadable = false;
  /** Copies made by backUp (not files moved aside, which are the only ones left). */
  readonly #copies = new Set<string>();

  constructor(name: string, cwd: string) {
    this.#name = name;
    this.#cwd = cwd;
    this.path = join(cwd, `${name}.json`);
  }

  read(): FileContents {
    if (!existsSync(this.path)) return { kind: 'missing' };
    try {
      // Read and parsed once, as electron-store reads it (a byte-order mark skipped, an object required). Opening
      // electron-store reads the whole file and compares it deeply with itself, and `.store` reads it again: for a
      // 10,000-entry history that is 50 ms of a 60 ms start. electron-store is opened when the file is first written.
      return { kind: 'data', data: parseObject(readFileSync(this.path, 'utf8')) };
    } catch (error) {
      this.#unreadable = true;
      return { kind: 'unreadable', reason: unreadableReason(error) };
    }
  }

  write(data: Record<string, unknown>): void {
    this.#open().store = data;
  }

  backUp(tag: string): string {
    const copy = copyPathFor(join(this.#cwd, this.#name), tag, '.json', existsSync);
    if (this.#unreadable) {
      // Moved, not copied: electron-store could not open a file it cannot read, so the place must be free.
      renameSync(this.path, copy);
      this.#unreadable = false;
      this.#store = undefined;
      // Best effort: on a FAT or network folder, or for a file another user owns, the mode cannot be set, and the
      // file has moved all the same, so the copy's path must still be returned.
      try {
        if (statSync(copy).isFile()) chmodSync(copy, 0o600);
      } catch {
        // The copy keeps the mode it had.
      }
    } else {
      // Created owner-only and exclusively, never over another file (copyFile would give it the source's mode).
      writeFileSync(copy, readFileSync(this.path), { flag: 'wx', mode: 0o600 });
      this.#copies.add(copy);
    }
    return copy;
  }

  discardCopy(path: string): void {
    if (!this.#copies.delete(path)) return;
    rmSync(path, { force: true });
  }

  #open(): ElectronStore<Record<string, unknown>> {
    this.#store ??= new ElectronStore<Record<string, unknown>>({
      name: this.#name,
      cwd: this.#cwd,
      configFileMode: 0o600,
      clearInvalidConfig: false,
      // One line, not electron-store's tab-indented default: a 10,000-entry history is a third smaller and faster.
      serialize: (value) => JSON.stringify(value),
      deserialize: parseObject,
    });
    closeElectronStoreChannel();
    return this.#store;
  }
}
