/**
 * One versioned state document over a `StateFile`: reads it whatever state it is in, migrates an older version,
 * keeps what is readable of a damaged one, and never replaces a file it could not fully read before a copy of it
 * is kept aside. The person hears about a copy once, through the notice board.
 */
import type { NoticeMessage } from '../../common/messages/notices.ts';
import type { NoticeBoard } from './notices.ts';
import { failureReason, type StateFile } from './state-file.ts';

export interface DocumentSpec<T> {
  /** What the file holds, for the log and tests: "history", "settings", "portal profiles" (notices name the file by its path). */
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
 * Why a file could not be used as it is, with the specifics of its sentence. Each cause has two notices: the file was
 * kept aside (`_kept`, with the copy's path) or, when even that failed, left untouched (`_held`, with the file's path).
 */
type Trouble =
  | { cause: 'unreadable'; reason: string }
  | { cause: 'unversioned' }
  | { cause: 'not_migrated'; reason: string }
  | { cause: 'newer' }
  | { cause: 'older' }
  | { cause: 'damaged'; count: number };
type Outcome = 'kept' | 'held';

/** The notice for a trouble with `file` and what became of it: copied aside to `copy`, or (held) left untouched. */
function troubleNotice(trouble: Trouble, file: string, copy?: string): NoticeMessage {
  const { cause, ...specifics } = trouble;
  const outcome: Outcome = copy === undefined ? 'held' : 'kept';
  // Each Trouble variant carries exactly the parameters its two sentences need (NoticeMessages).
  return { code: `file_${cause}_${outcome}`, params: { ...specifics, file, ...(copy === undefined ? {} : { copy }) } } as NoticeMessage;
}

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
  #copyBeforeFirstSave: { tag: string; what: Trouble } | null = null;
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
      if (!this.#keepAside(tag, what)) return false;
    }
    try {
      this.#file.write({ [SCHEMA_VERSION_KEY]: this.#spec.version, ...this.#spec.write(this.value) });
      if (this.#saveFailed) {
        this.#saveFailed = false;
        this.#notices.add('info', { code: 'file_saved_again', params: { file: this.#file.path } });
      }
      return true;
    } catch (error) {
      if (this.#saveFailed) return false;
      this.#saveFailed = true;
      this.#notices.add('error', { code: 'file_save_failed', params: { file: this.#file.path, reason: failureReason(error) } });
      return false;
    }
  }

  #load(): T {
    const contents = this.#file.read();
    if (contents.kind === 'missing') return this.#spec.empty();
    if (contents.kind === 'unreadable') return this.#startOver({ cause: 'unreadable', reason: contents.reason });

    let document = contents.data;
    const version = versionOf(document);
    if (version === null) return this.#startOver({ cause: 'unversioned' });
    if (version > this.#spec.version) {
      // A newer build wrote it: use what this one understands, and leave the file as it is until the person changes
      // something; then a copy is kept for the newer build first. Its newer items are not damage.
      this.#copyBeforeFirstSave = { tag: `v${version}`, what: { cause: 'newer' } };
      return this.#spec.read(document).value;
    }
    // A copy of the file as found, made this start before anything is written over it.
    let copy: string | null = null;
    if (version < this.#spec.version) {
      // Kept quietly: going back to the older build then finds its own file.
      copy = this.#tryBackUp(`v${version}`);
      if (copy === null) {
        this.#holdInMemory({ cause: 'older' });
        return this.#spec.read(this.#migrateOrKeep(document, version)).value;
      }
      try {
        document = this.#migrate(document, version);
      } catch (error) {
        return this.#startOver({ cause: 'not_migrated', reason: failureReason(error) });
      }
    }

    const { value, dropped } = this.#spec.read(document);
    const damage: Trouble = { cause: 'damaged', count: dropped };
    if (dropped > 0 && copy === null) {
      copy = this.#tryBackUp('damaged');
      if (copy === null) {
        this.#holdInMemory(damage);
        return value;
      }
    }
    this.value = value;
    if (copy === null) return value;
    if (this.save()) {
      if (dropped > 0) this.#notices.add('warning', troubleNotice(damage, this.#file.path, copy));
    } else {
      // Nothing was written over the file, so the copy is not needed; the next start tries again, not piling copies.
      this.#file.discardCopy(copy);
    }
    return value;
  }

  /** Keeps the file aside and starts empty; the empty document is written, so the next start is quiet. */
  #startOver(what: Trouble): T {
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
  #keepAside(tag: string, what: Trouble): boolean {
    const copy = this.#tryBackUp(tag);
    if (copy === null) {
      this.#holdInMemory(what);
      return false;
    }
    // Each cause's sentence says what the app did next: started empty, or (a newer version's file) kept what it read.
    this.#notices.add('warning', troubleNotice(what, this.#file.path, copy));
    return true;
  }

  #holdInMemory(what: Trouble): void {
    this.#heldInMemory = true;
    this.#notices.add('error', troubleNotice(what, this.#file.path));
  }
}

function versionOf(document: Record<string, unknown>): number | null {
  const version = document[SCHEMA_VERSION_KEY];
  if (version === undefined) return 0;
  return typeof version === 'number' && Number.isSafeInteger(version) && version >= 0 ? version : null;
}
