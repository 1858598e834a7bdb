/**
 * One versioned state document over a `StateFile`: reads it whatever state it is in, migrates an older version,
 * keeps what is readable of a damaged one, and never replaces a file it could not fully read before a copy of it
 * is kept aside. The person hears about a copy once, through the notice board.
 */
import type { NoticeBoard } from './notices.ts';
import { failureReason, type StateFile } from './state-file.ts';

export interface DocumentSpec<T> {
  /** What the file holds, as a person would say it: "history", "settings", "portal profiles". */
  label: string;
  /** The version this build writes. A file without `schemaVersion` is version 0. */
  version: number;
  /** `migrations[n]` turns a version-n document into a version n+1 one. */
  migrations: Readonly<Record<number, (document: Record<string, unknown>) => Record<string, unknown>>>;
  /** Reads a current-version document: what it could keep, and how many items it had to leave out. */
  read(document: Record<string, unknown>): { value: T; dropped: number };
  /** What a new or reset file starts as. */
  empty(): T;
  /** The document to write for a value (without `schemaVersion`, which is added here). */
  write(value: T): Record<string, unknown>;
}

const SCHEMA_VERSION_KEY = 'schemaVersion';

/**
 * One state file's document, in memory, with `save()` to write it back. Opening it reads, migrates or recovers the
 * file as described above.
 */
export class StateDocument<T> {
  readonly #file: StateFile;
  readonly #spec: DocumentSpec<T>;
  readonly #notices: NoticeBoard;
  #saveFailed = false;
  /** The file could be neither read nor kept aside: this session leaves it alone and works from memory. */
  #heldInMemory = false;
  /** A newer version's file, copied aside (with a notice) only when this version first writes over it. */
  #copyBeforeFirstSave: { tag: string; what: string } | null = null;
  value: T;

  /** Opens the file now: after this the document is in memory and the file holds something this build can read. */
  constructor(file: StateFile, spec: DocumentSpec<T>, notices: NoticeBoard) {
    this.#file = file;
    this.#spec = spec;
    this.#notices = notices;
    this.value = this.#load();
  }

  /**
   * Writes the document; false when that failed. A failed write is told once and the app carries on with what it
   * has in memory.
   */
  save(): boolean {
    if (this.#heldInMemory) return false;
    if (this.#copyBeforeFirstSave) {
      const { tag, what } = this.#copyBeforeFirstSave;
      this.#copyBeforeFirstSave = null;
      if (!this.#keepAside(tag, what, 'kept')) return false;
    }
    try {
      this.#file.write({ [SCHEMA_VERSION_KEY]: this.#spec.version, ...this.#spec.write(this.value) });
      if (this.#saveFailed) {
        this.#saveFailed = false;
        this.#notices.add('info', `Your ${this.#spec.label} is being saved again.`);
      }
      return true;
    } catch (error) {
      if (this.#saveFailed) return false;
      this.#saveFailed = true;
      this.#notices.add(
        'error',
        `Your ${this.#spec.label} could not be saved to ${this.#file.path} (${failureReason(error)}). ` +
          'Changes are kept until the app quits and saved as soon as the file can be written again.',
      );
      return false;
    }
  }

  #load(): T {
    const { label } = this.#spec;
    const contents = this.#file.read();
    if (contents.kind === 'missing') return this.#spec.empty();
    if (contents.kind === 'unreadable') return this.#startOver(`Your ${label} file could not be read (${contents.reason})`);

    let document = contents.data;
    const version = versionOf(document);
    if (version === null) return this.#startOver(`Your ${label} file has no version this app understands`);
    if (version > this.#spec.version) {
      // A newer build wrote it: use what this one understands, and leave the file as it is until the person changes
      // something; then a copy is kept for the newer build first. Its newer items are not damage.
      this.#copyBeforeFirstSave = { tag: `v${version}`, what: `Your ${label} file was written by a newer version of B24 Chat Lookup` };
      return this.#spec.read(document).value;
    }
    // A copy of the file as found, made this start before anything is written over it.
    let copy: string | null = null;
    if (version < this.#spec.version) {
      // Kept quietly: going back to the older build then finds its own file.
      copy = this.#tryBackUp(`v${version}`);
      if (copy === null) {
        this.#holdInMemory(`Your ${label} file is from an older version of B24 Chat Lookup and could not be copied aside before updating it`);
        return this.#spec.read(this.#migrateOrKeep(document, version)).value;
      }
      try {
        document = this.#migrate(document, version);
      } catch (error) {
        return this.#startOver(`Your ${label} file could not be brought up to date (${failureReason(error)})`);
      }
    }

    const { value, dropped } = this.#spec.read(document);
    const items = dropped === 1 ? 'One item' : `${dropped} items`;
    const damage = `${items} in your ${label} file could not be read and ${dropped === 1 ? 'was' : 'were'} left out`;
    if (dropped > 0 && copy === null) {
      copy = this.#tryBackUp('damaged');
      if (copy === null) {
        this.#holdInMemory(`${damage}, and the file could not be copied aside`);
        return value;
      }
    }
    this.value = value;
    if (copy === null) return value;
    if (this.save()) {
      if (dropped > 0) this.#notices.add('warning', `${damage}. A copy of it as it was is kept at ${copy}. Everything readable was kept.`);
    } else {
      // Nothing was written over the file, so the copy is not needed; the next start tries again, not piling copies.
      this.#file.discardCopy(copy);
    }
    return value;
  }

  /** Keeps the file aside and starts empty; the empty document is written, so the next start is quiet. */
  #startOver(what: string): T {
    const empty = this.#spec.empty();
    if (this.#keepAside('unreadable', what)) {
      this.value = empty;
      this.save();
    }
    return empty;
  }

  /** An older file whose copy could not be made: its data is used from memory, and the file is not touched. */
  #migrateOrKeep(document: Record<string, unknown>, version: number): Record<string, unknown> {
    try {
      return this.#migrate(document, version);
    } catch {
      return {};
    }
  }

  #migrate(document: Record<string, unknown>, from: number): Record<string, unknown> {
    let current = document;
    for (let version = from; version < this.#spec.version; version += 1) {
      const step = this.#spec.migrations[version];
      if (!step) throw new Error(`no migration from version ${version}`);
      current = step(current);
    }
    return current;
  }

  #tryBackUp(tag: string): string | null {
    try {
      return this.#file.backUp(tag);
    } catch {
      return null;
    }
  }

  /**
   * Keeps the file aside and tells the person. When even that fails the file is left alone and this session keeps
   * the document in memory only, so nothing is overwritten.
   */
  #keepAside(tag: string, what: string, rest: 'empty' | 'kept' = 'empty'): boolean {
    const { label } = this.#spec;
    const copy = this.#tryBackUp(tag);
    if (copy === null) {
      this.#holdInMemory(`${what}, and it could not be copied aside either`);
      return false;
    }
    const then = rest === 'empty' ? `The app started with empty ${label}.` : 'Everything readable was kept.';
    this.#notices.add('warning', `${what}. A copy of it is kept at ${copy}. ${then}`);
    return true;
  }

  #holdInMemory(what: string): void {
    const { path } = this.#file;
    this.#heldInMemory = true;
    this.#notices.add(
      'error',
      `${what}, so it was left untouched at ${path}. ` +
        `Your ${this.#spec.label} will not be saved in this session; the app tries again at its next start.`,
    );
  }
}

function versionOf(document: Record<string, unknown>): number | null {
  const version = document[SCHEMA_VERSION_KEY];
  if (version === undefined) return 0;
  return typeof version === 'number' && Number.isSafeInteger(version) && version >= 0 ? version : null;
}
