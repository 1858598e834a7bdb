/**
 * A file that grows by whole lines at its end (the history's journal): written with `appendFileSync`, owner-only, never
 * rewritten to add a line. A crash in the middle of an append leaves at most that last line torn; whoever reads the
 * file decides what a torn or damaged line means (history.ts). Plain node:fs: electron-store holds whole documents.
 */
import { appendFileSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { copyPathFor, failureReason, type JournalFile } from './state-file.ts';

export class AppendFile implements JournalFile {
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  read(): ReturnType<JournalFile['read']> {
    if (!existsSync(this.path)) return { kind: 'missing' };
    try {
      return { kind: 'text', text: readFileSync(this.path, 'utf8') };
    } catch (error) {
      return { kind: 'unreadable', reason: failureReason(error) };
    }
  }

  /** Adds text at the end (created owner-only when missing). Throws when the system refuses. */
  append(text: string): void {
    appendFileSync(this.path, text, { encoding: 'utf8', mode: 0o600 });
  }

  /** Empties the file (after what it held was written elsewhere). */
  truncate(): void {
    writeFileSync(this.path, '', { mode: 0o600 });
  }

  /**
   * Keeps the file as it is beside itself, byte for byte, as `<name>.<tag>-<timestamp><ext>`, and returns that path.
   * A file that cannot be read (a folder in its place) is moved aside instead. Never writes over another file.
   */
  backUp(tag: string): string {
    const extension = extname(this.path);
    const stem = join(dirname(this.path), basename(this.path, extension));
    const copy = copyPathFor(stem, tag, extension, existsSync);
    if (statSync(this.path).isFile()) writeFileSync(copy, readFileSync(this.path), { flag: 'wx', mode: 0o600 });
    else renameSync(this.path, copy);
    return copy;
  }
}

/** The journal of a state file: `<name>-journal.jsonl` beside `<name>.json` (the history's beside history.json). */
export function journalBeside(file: { readonly path: string }): AppendFile {
  return new AppendFile(join(dirname(file.path), `${basename(file.path, extname(file.path))}-journal.jsonl`));
}
