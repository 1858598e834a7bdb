/**
 * The lookup history over its two files: record, search, re-run's source, delete, clear, cap. The history file is one
 * JSON document (StateFile, with StateDocument's care for a damaged or older one); the journal beside it takes each
 * lookup as one appended line, so recording never rewrites the whole history (details at HistoryStore).
 */
import { StateDocument } from './document.ts';
import { HISTORY_PAGE_MAX, type HistoryEntry, type HistoryPage, type HistoryQuery, historySpec, MAX_TIME, type NewHistoryEntry, sanitised } from './history.ts';
import { HistoryIndex } from './history-index.ts';
import { type JournalLine, journalLineOf, readJournal, trimLineOf } from './history-journal.ts';
import { Listeners } from './listeners.ts';
import type { NoticeBoard } from './notices.ts';
import { DEFAULT_HISTORY_LIMIT } from './settings.ts';
import type { JournalFile, StateFile } from './state-file.ts';

/** What a search looks through, lower-cased once per entry. */
function haystackOf(entry: HistoryEntry): string {
  const chats = [entry.chatId, ...entry.openLines.map((chat) => chat.chatId)].filter((id) => id !== null).map((id) => `chat${id} ${id}`);
  const channels = entry.openLines.map((chat) => chat.channel);
  return [entry.input, entry.entityType, entry.entityId, entry.label, ...chats, ...channels, entry.portal].filter(Boolean).join('\n').toLowerCase();
}

/** Lookups as entries: masked and clipped (sanitised), each with an id of its own and the time it was recorded. */
function entriesOf(items: readonly NewHistoryEntry[], at: number): HistoryEntry[] {
  return items.map((item): HistoryEntry => ({ ...sanitised(item), id: crypto.randomUUID(), at }));
}

/** After this many lookups in the journal, the next write folds them into the history file and empties the journal. */
export const JOURNAL_FOLD_AT = 1_000;

/**
 * The lookup history: record, search, re-run's source, delete, clear, cap. It lives in two files: the history file
 * (one JSON document through the StateFile port, newest first, with all of StateDocument's care for a damaged or
 * older one) and beside it a journal (`history-journal.jsonl`), to which each lookup is appended as one line, so
 * recording never rewrites the whole history. Every JOURNAL_FOLD_AT lookups, and on every delete, clear or lower cap,
 * the history file is rewritten whole (atomically) with everything and the journal emptied; an entry found in both
 * (a crash between the two) is read once. A damaged journal line is left out, the journal kept aside byte for byte
 * first, and the person told, as for the history file. Nothing is read until the history is first needed (load()).
 */
export class HistoryStore {
  readonly #file: StateFile;
  readonly #journal: JournalFile;
  readonly #notices: NoticeBoard;
  #document: StateDocument<HistoryEntry[]> | null = null;
  readonly #index = new HistoryIndex<HistoryEntry>(haystackOf);
  readonly #now: () => number;
  #limit: number;
  readonly #listeners = new Listeners<[total: number]>();
  readonly #writeLater: ((write: () => void) => void) | undefined;
  /** The journal lines of lookups recorded in memory, not yet appended (writeLater). */
  #unwritten: string[] = [];
  /** Lookups recorded while their answer is on its way (writeLater), as they came: made entries before anything reads them. */
  #arriving: { items: readonly NewHistoryEntry[]; at: number }[] = [];
  #linesInJournal = 0;
  /** The journal ends in a torn line: the next append starts with a line break. */
  #journalTorn = false;
  /** The journal can be neither read nor kept aside: it is left alone, and every change rewrites the history file. */
  #journalHeld = false;
  /** The journal was damaged and kept aside: what could be read is written into the history file once it is loaded. */
  #foldNow = false;

  /**
   * `writeLater`: where lookups are recorded on a person's path (the app), they are indexed and appended just after
   * the answer is on its way rather than before: `writeLater` runs that soon (the app: setImmediate), several lookups
   * share one append, anything that reads the history first takes in what waits, and flush() writes it (the app calls
   * it when it quits). Without it every lookup is appended
   * at once. Deleting, clearing and a new cap are always written at once. `journal`: the journal beside `file`.
   */
  constructor(
    file: StateFile,
    journal: JournalFile,
    notices: NoticeBoard,
    { limit = DEFAULT_HISTORY_LIMIT, now = Date.now, writeLater }: { limit?: number; now?: () => number; writeLater?: (write: () => void) => void } = {},
  ) {
    this.#file = file;
    this.#journal = journal;
    this.#notices = notices;
    this.#now = now;
    this.#writeLater = writeLater;
    this.#limit = limit;
  }

  /**
   * Reads both files, if that has not happened yet (the app calls it once its tray is up; anything that needs the
   * entries calls it first).
   */
  load(): void {
    if (!this.#document) this.#read();
    if (this.#arriving.length > 0) this.#add(this.#arriving.splice(0).flatMap(({ items, at }) => entriesOf(items, at)));
  }

  #read(): void {
    const document = new StateDocument(this.#file, historySpec(), this.#notices);
    this.#document = document;
    const stored = document.value;
    const journal = this.#readJournal();
    const known = new Set(stored.map((entry) => entry.id));
    this.#index.push([...stored].reverse());
    // The journal's lookups go in together between its trim marks (the index learns from many at once).
    let added: HistoryEntry[] = [];
    for (const line of journal) {
      if ('trim' in line) {
        this.#index.push(added);
        added = [];
        if (this.#index.length > line.trim) this.#index.dropOldest(this.#index.length - line.trim);
      } else if (!known.has(line.id)) {
        known.add(line.id);
        added.push(line);
      }
    }
    this.#index.push(added);
    // More entries than the cap only when the cap was not the person's choice this time (settings reset after
    // damage, or a newer version allowed more): they are kept until the person sets a cap.
    this.#limit = Math.max(this.#limit, this.#index.length);
    if (this.#foldNow || this.#linesInJournal >= JOURNAL_FOLD_AT) this.compact();
    this.#foldNow = false;
  }

  /** How many entries there are. */
  get size(): number {
    this.load();
    return this.#index.length;
  }

  /**
   * Adds lookups (in the order they were made) as the newest entries, trims to the cap and saves. With writeLater
   * nothing is done for them before the answer but keeping them and their time: masking, the id, the index and the
   * append all run when the write does, or sooner when anything reads the history.
   */
  record(items: readonly NewHistoryEntry[]): void {
    // Read first: a history file holding more than the cap raises it (#read).
    if (!this.#document) this.#read();
    if (this.#limit === 0 || items.length === 0) return;
    const at = Math.min(Math.max(0, Math.trunc(this.#now())), MAX_TIME);
    if (!this.#writeLater) {
      this.load();
      this.#add(entriesOf(items, at));
      this.flush();
      return;
    }
    if (this.#arriving.length === 0 && this.#unwritten.length === 0) this.#writeLater(() => this.flush());
    this.#arriving.push({ items, at });
  }

  #add(added: HistoryEntry[]): void {
    this.#index.push(added);
    this.#unwritten.push(...added.map(journalLineOf));
    if (this.#index.length > this.#limit) {
      this.#index.dropOldest(this.#index.length - this.#limit);
      this.#unwritten.push(trimLineOf(this.#limit));
    }
    this.#listeners.emit(this.#index.length);
  }

  /** The entries matching a query, newest first, one page of them. */
  list({ query = '', offset = 0, limit = 100 }: HistoryQuery = {}): HistoryPage {
    this.load();
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return this.#index.search(words, Math.max(0, offset), Math.max(0, Math.min(limit, HISTORY_PAGE_MAX)));
  }

  /** Every entry, newest first (for export). */
  all(): readonly HistoryEntry[] {
    this.load();
    return this.#index.newestFirst();
  }

  /** One entry by its id. */
  get(id: string): HistoryEntry | undefined {
    this.load();
    return this.#index.get(id);
  }

  /** Deletes one entry; false when there was none with that id. */
  delete(id: string): boolean {
    this.load();
    if (!this.#index.remove(id)) return false;
    this.#saved();
    return true;
  }

  /** Deletes every entry. */
  clear(): void {
    this.load();
    this.#index.clear();
    this.#saved();
  }

  /** Changes the cap; entries over it go now, oldest first. */
  setLimit(limit: number): void {
    this.load();
    this.#limit = limit;
    if (this.#index.length <= limit) return;
    this.#index.dropOldest(this.#index.length - limit);
    this.#saved();
  }

  /** Calls `listener` with the number of entries after every change; returns the unsubscribe function. */
  onChange(listener: (total: number) => void): () => void {
    return this.#listeners.add(listener);
  }

  /** Appends the lookups recorded but not yet written (writeLater) to the journal; nothing when none wait. */
  flush(): void {
    if (this.#arriving.length > 0) this.load();
    if (this.#unwritten.length === 0) return;
    if (this.#journalHeld || this.#linesInJournal + this.#unwritten.length >= JOURNAL_FOLD_AT || !this.#append()) this.compact();
  }

  #saved(): void {
    this.compact();
    this.#listeners.emit(this.#index.length);
  }

  /**
   * Appends the unwritten lookups to the journal; false when that failed. Then they are written into the history file
   * instead, and only when that fails too is the person told (by StateDocument, once, naming the history file).
   */
  #append(): boolean {
    try {
      this.#journal.append(`${this.#journalTorn ? '\n' : ''}${this.#unwritten.join('\n')}\n`);
    } catch {
      return false;
    }
    this.#linesInJournal += this.#unwritten.length;
    this.#journalTorn = false;
    this.#unwritten = [];
    return true;
  }

  /**
   * Writes everything into the history file and, once that is done, empties the journal (done by itself every
   * JOURNAL_FOLD_AT lookups and at every delete; tests call it to have the whole history in one file). When the
   * history file cannot be written (the person is told by StateDocument), the waiting lookups go to the journal at least.
   */
  compact(): void {
    this.load();
    const document = this.#document;
    if (!document) return;
    document.value = this.#index.newestFirst();
    if (!document.save()) {
      if (!this.#journalHeld && this.#unwritten.length > 0) this.#append();
      return;
    }
    this.#unwritten = [];
    if (this.#journalHeld || this.#linesInJournal === 0) return;
    try {
      this.#journal.truncate();
      this.#linesInJournal = 0;
      this.#journalTorn = false;
    } catch {
      // Its entries are in the history file now, and read once from either at the next start.
    }
  }

  /** The journal's entries; a damaged journal is kept aside first (or left alone when it cannot be), the person told. */
  #readJournal(): JournalLine[] {
    const contents = this.#journal.read();
    if (contents.kind === 'missing') return [];
    const { lines, damaged, tornTail } = contents.kind === 'text' ? readJournal(contents.text) : { lines: [], damaged: 0, tornTail: false };
    this.#linesInJournal = lines.length + damaged;
    this.#journalTorn = tornTail;
    if (contents.kind === 'text' && damaged === 0) return lines;
    const file = this.#journal.path;
    let copy: string;
    try {
      copy = this.#journal.backUp('damaged');
    } catch {
      this.#journalHeld = true;
      if (contents.kind === 'unreadable') this.#notices.add('error', { code: 'file_unreadable_held', params: { file, reason: contents.reason } });
      else this.#notices.add('error', { code: 'file_damaged_held', params: { file, count: damaged } });
      return lines;
    }
    if (contents.kind === 'unreadable') this.#notices.add('warning', { code: 'file_unreadable_kept', params: { file, copy, reason: contents.reason } });
    else this.#notices.add('warning', { code: 'file_damaged_kept', params: { file, copy, count: damaged } });
    // What could be read goes into the history file at once, and the damaged journal is emptied (its copy stays).
    this.#linesInJournal = Math.max(this.#linesInJournal, 1);
    this.#foldNow = true;
    return lines;
  }
}
