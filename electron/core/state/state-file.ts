/**
 * The port one state file is reached through (electron-store in the app). It moves whole JSON documents safely:
 * atomic replace, owner-only mode, and a backup copy on request. What a document means, which version it is and
 * what to do with a damaged one is decided by the core (`document.ts`), not here.
 */

/** What reading a state file found. */
export type FileContents =
  | { kind: 'missing' }
  | { kind: 'data'; data: Record<string, unknown> }
  /** Not JSON, not a JSON object, or not readable at all (permissions, a folder in its place). */
  | { kind: 'unreadable'; reason: string };

export interface StateFile {
  /** Where the file lives, for messages to the person. */
  readonly path: string;
  read(): FileContents;
  /** Replaces the whole file atomically (a crash leaves the old or the new document, never half of one). */
  write(data: Record<string, unknown>): void;
  /**
   * Keeps the file as it is now beside itself as `<name>.<tag>-<timestamp>.json` and returns that path. A file
   * that cannot be read is moved aside instead of copied, so the store can start over in its place.
   */
  backUp(tag: string): string;
  /** Deletes a copy `backUp` made of a readable file, when what it guarded against did not happen after all. */
  discardCopy(path: string): void;
}

/**
 * The port the journal is reached through (append-file.ts): whole lines added at its end, for the history's journal.
 * A type here, so the store that uses it stays free of Node for the window's type check.
 */
export interface JournalFile {
  readonly path: string;
  read(): { kind: 'missing' } | { kind: 'text'; text: string } | { kind: 'unreadable'; reason: string };
  append(text: string): void;
  truncate(): void;
  /** Keeps the file as it is beside itself, byte for byte, and returns the copy's path. */
  backUp(tag: string): string;
}

/**
 * The path for a copy of a state file, `<stem>.<tag>-<timestamp><extension>`, never one that `exists` says is taken:
 * two copies in the same millisecond, or a clock set back, get a counter.
 */
export function copyPathFor(stem: string, tag: string, extension: string, exists: (path: string) => boolean): string {
  const stamp = new Date().toISOString().replaceAll(':', '-').replace('.', '-');
  let copy = `${stem}.${tag}-${stamp}${extension}`;
  for (let n = 2; exists(copy); n += 1) copy = `${stem}.${tag}-${stamp}-${n}${extension}`;
  return copy;
}

/** Why a file operation failed, in a word or two: the system's error code, or the message. */
export function failureReason(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.message : String(error);
}
