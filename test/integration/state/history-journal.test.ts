/**
 * The history as it lives on disk: a history file (one document, written whole) and beside it a journal that each
 * lookup is appended to as one line. Real files in a temp folder through the real electron-store: 100,000 entries,
 * a crash in the middle of an append, a damaged tail, a journal that cannot be kept aside, a crash between the two
 * writes of a fold, and a search that finds exactly what reading every entry would.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { say } from '../../../electron/common/i18n/catalogs.ts';
import { AppendFile, journalBeside } from '../../../electron/core/state/append-file.ts';
import type { HistoryEntry, NewHistoryEntry } from '../../../electron/core/state/history.ts';
import { HistoryStore, JOURNAL_FOLD_AT } from '../../../electron/core/state/history-store.ts';
import { NoticeBoard } from '../../../electron/core/state/notices.ts';
import { historyStore, stateFile, tempDir } from '../../support/state.ts';

const JOURNAL = 'history-journal.jsonl';

const stored = (n: number, input = `LEAD|${n}`): HistoryEntry => ({
  id: `id-${n}`,
  at: 1_700_000_000_000 + n,
  input,
  outcome: 'found',
  entityType: 'CRM',
  entityId: `LEAD|${n}`,
  label: `lead ${n}`,
  chatId: 1000 + n,
  portal: n % 10 === 0 ? 'https://branch.bitrix24.ru' : 'https://acme.bitrix24.ru',
  code: null,
  params: null,
  openLines: [],
});

const lookup = (n: number): NewHistoryEntry => {
  const { id: _id, at: _at, ...rest } = stored(n);
  return rest;
};

/** Writes a history file holding entries 1…count (newest first, as the app writes it). */
function writeHistoryFile(dir: string, count: number): void {
  const entries = Array.from({ length: count }, (_, i) => stored(count - i));
  writeFileSync(join(dir, 'history.json'), JSON.stringify({ schemaVersion: 1, entries }));
}

const line = (entry: HistoryEntry): string => `${JSON.stringify(entry)}\n`;

function open(dir: string, options: ConstructorParameters<typeof HistoryStore>[3] = {}, journal?: AppendFile) {
  const notices = new NoticeBoard();
  const file = stateFile(dir, 'history');
  const history = new HistoryStore(file, journal ?? journalBeside(file), notices, options);
  history.load();
  return { history, notices, told: () => notices.take().map((notice) => say(notice.message, 'en')) };
}

const ids = (history: HistoryStore, query = '', limit = 500) => history.list({ query, limit }).entries.map((entry) => entry.id);
const journalLines = (dir: string): string[] => (existsSync(join(dir, JOURNAL)) ? readFileSync(join(dir, JOURNAL), 'utf8').split('\n').filter(Boolean) : []);
const copiesOf = (dir: string): string[] => readdirSync(dir).filter((name) => name.startsWith('history-journal.') && name !== JOURNAL);

describe('a history of 100,000 entries', () => {
  it('opens whole, finds what a scan finds, and a lookup at the cap is appended (with a mark that the oldest went), the history file left as it is', () => {
    const dir = tempDir();
    writeHistoryFile(dir, 100_000);
    const before = readFileSync(join(dir, 'history.json'));
    const { history, told } = open(dir, { limit: 100_000 });
    expect(history.size).toBe(100_000);
    expect(told()).toEqual([]);
    expect(history.list({ query: 'lead|4242', limit: 3 })).toMatchObject({ total: 11, entries: [{ id: 'id-42429' }, { id: 'id-42428' }, { id: 'id-42427' }] });
    expect(history.list({ query: 'branch lead|9999' }).entries.map((entry) => entry.id)).toEqual(['id-99990']);
    expect(history.list({ query: 'chat100999' }).total).toBe(1);
    expect(history.list({ query: 'nothing like this' }).total).toBe(0);

    history.record([lookup(100_001)]);
    expect(history.size).toBe(100_000);
    expect(ids(history, '', 1)).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/)]);
    expect(history.get('id-1')).toBeUndefined();
    expect(readFileSync(join(dir, 'history.json')).equals(before)).toBe(true);
    expect(journalLines(dir).map((text) => ('trim' in (JSON.parse(text) as object) ? 'trim' : 'entry'))).toEqual(['entry', 'trim']);
    expect(journalLines(dir)[1]).toBe('{"trim":100000}');

    // The next start reads both, and the oldest is still gone.
    const again = open(dir, { limit: 100_000 }).history;
    expect(again.size).toBe(100_000);
    expect(again.list({ limit: 1 }).entries[0]?.input).toBe('LEAD|100001');
    expect(again.get('id-1')).toBeUndefined();
  });

  it('nothing is read until the history is first needed', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'history.json'), '{ not json');
    const notices = new NoticeBoard();
    const history = historyStore(stateFile(dir, 'history'), notices);
    expect(notices.take()).toEqual([]);
    expect(readFileSync(join(dir, 'history.json'), 'utf8')).toBe('{ not json');
    expect(history.size).toBe(0);
    expect(notices.take()).toHaveLength(1);
  });
});

describe('the journal', () => {
  it('lookups are appended, one line each, owner-only, and every JOURNAL_FOLD_AT of them fold into the history file', () => {
    const dir = tempDir();
    const { history } = open(dir, { limit: 5_000 });
    history.record([lookup(1), lookup(2)]);
    expect(journalLines(dir).map((text) => (JSON.parse(text) as HistoryEntry).input)).toEqual(['LEAD|1', 'LEAD|2']);
    expect(existsSync(join(dir, 'history.json'))).toBe(false);
    if (process.platform !== 'win32') expect(statSync(join(dir, JOURNAL)).mode & 0o777).toBe(0o600);

    for (let n = 3; n <= JOURNAL_FOLD_AT; n += 1) history.record([lookup(n)]);
    expect(journalLines(dir)).toEqual([]);
    const file = JSON.parse(readFileSync(join(dir, 'history.json'), 'utf8')) as { entries: HistoryEntry[] };
    expect(file.entries).toHaveLength(JOURNAL_FOLD_AT);
    expect(file.entries[0]?.input).toBe(`LEAD|${JOURNAL_FOLD_AT}`);
    expect(open(dir, { limit: 5_000 }).history.size).toBe(JOURNAL_FOLD_AT);
  });

  it('a crash in the middle of an append loses only that entry: the rest is read, the journal kept aside byte for byte, the person told once', () => {
    const dir = tempDir();
    writeHistoryFile(dir, 3);
    const torn = line(stored(4)) + line(stored(5)) + line(stored(6)).slice(0, 40);
    writeFileSync(join(dir, JOURNAL), torn);

    const { history, told } = open(dir);
    expect(ids(history)).toEqual(['id-5', 'id-4', 'id-3', 'id-2', 'id-1']);
    expect(told()).toEqual([
      expect.stringMatching(
        /^1 item in .*history-journal\.jsonl could not be read and was left out\. A copy of the file as it was is kept at .*journal\.damaged-.*\.jsonl\./,
      ),
    ]);
    const [copy, ...more] = copiesOf(dir);
    expect(more).toEqual([]);
    expect(readFileSync(join(dir, copy ?? 'missing'), 'utf8')).toBe(torn);
    // What could be read is in the history file now, and the journal starts clean.
    expect(journalLines(dir)).toEqual([]);
    expect((JSON.parse(readFileSync(join(dir, 'history.json'), 'utf8')) as { entries: unknown[] }).entries).toHaveLength(5);

    history.record([lookup(7)]);
    const restarted = open(dir);
    expect(ids(restarted.history)).toEqual([expect.any(String), 'id-5', 'id-4', 'id-3', 'id-2', 'id-1']);
    expect(restarted.told()).toEqual([]);
    expect(copiesOf(dir)).toHaveLength(1);
  });

  it('a damaged tail (bytes that are not entries) is left out and kept aside; the entries before it are kept', () => {
    const dir = tempDir();
    const good = line(stored(1)) + line(stored(2));
    const damaged = `${good}\u0000\u0000garbage{"id":\n${JSON.stringify({ ...stored(3), outcome: 'teleported' })}\n`;
    writeFileSync(join(dir, JOURNAL), damaged);
    const { history, told } = open(dir);
    expect(ids(history)).toEqual(['id-2', 'id-1']);
    expect(told()).toEqual([expect.stringMatching(/^2 items in .*history-journal\.jsonl could not be read and were left out\./)]);
    expect(readFileSync(join(dir, copiesOf(dir)[0] ?? 'missing'), 'utf8')).toBe(damaged);
  });

  it('a journal that cannot be kept aside is left untouched; lookups then go into the history file', () => {
    const dir = tempDir();
    const damaged = `${line(stored(1))}{"torn`;
    writeFileSync(join(dir, JOURNAL), damaged);
    class UnmovableJournal extends AppendFile {
      override backUp(): string {
        throw Object.assign(new Error('operation not permitted'), { code: 'EPERM' });
      }
    }
    const { history, told } = open(dir, {}, new UnmovableJournal(join(dir, JOURNAL)));
    expect(ids(history)).toEqual(['id-1']);
    expect(told()).toEqual([
      expect.stringMatching(/history-journal\.jsonl could not be read, and the file could not be copied aside, so it was left untouched\./),
    ]);
    history.record([lookup(2)]);
    expect(readFileSync(join(dir, JOURNAL), 'utf8')).toBe(damaged);
    expect((JSON.parse(readFileSync(join(dir, 'history.json'), 'utf8')) as { entries: HistoryEntry[] }).entries.map((entry) => entry.id)).toEqual([
      expect.any(String),
      'id-1',
    ]);
  });

  it('an entry in both files (a crash after the history file was written, before the journal was emptied) is read once', () => {
    const dir = tempDir();
    writeHistoryFile(dir, 3);
    writeFileSync(join(dir, JOURNAL), line(stored(2)) + line(stored(3)) + line(stored(4)));
    const { history, told } = open(dir);
    expect(ids(history)).toEqual(['id-4', 'id-3', 'id-2', 'id-1']);
    expect(told()).toEqual([]);
  });

  it('a delete takes the entry out of the journal too: it does not come back at the next start', () => {
    const dir = tempDir();
    const { history } = open(dir);
    history.record([lookup(1)]);
    const [first] = history.list().entries;
    history.record([lookup(2)]);
    expect(history.delete(first?.id ?? '')).toBe(true);
    expect(journalLines(dir)).toEqual([]);
    expect(
      open(dir)
        .history.list()
        .entries.map((entry) => entry.input),
    ).toEqual(['LEAD|2']);
  });
});

describe('search over the signatures', () => {
  const word = fc.constantFrom(
    ...['lead', 'deal', 'ea', '1', '13', '4|1', 'acme', 'branch', 'сделка', 'chat10', 'x', '|', 'bitrix24.ru', 'd|2', '7'],
    // Words the digit bits answer alone, and words inside the pieces many entries share ('/crm/deal/details/', 'lead|').
    ...['99', '0', '41', 'details', 'crm/deal', 'ead|', 'https://acme.bitrix', '№'],
  );
  const input = fc.oneof(
    fc.constantFrom('LEAD|13', 'D_5', 'Сделка №41', 'https://acme.bitrix24.ru/crm/deal/details/7/', 'hello'),
    fc.string({ maxLength: 30 }),
  );
  it('finds exactly what reading every entry would, in the same order, whatever the entries and the words', () => {
    fc.assert(
      fc.property(fc.array(input, { maxLength: 80 }), fc.array(word, { maxLength: 3 }), fc.integer({ min: 0, max: 5 }), (inputs, words, offset) => {
        const dir = tempDir();
        const { history } = open(dir);
        inputs.forEach((text, n) => history.record([{ ...lookup(n), input: text, entityId: n % 3 === 0 ? `DEAL|${n}` : `LEAD|${n}` }]));
        const all = history.all();
        const query = words.join(' ');
        const text = (entry: HistoryEntry) =>
          [entry.input, entry.entityType, entry.entityId, entry.label, `chat${entry.chatId} ${entry.chatId}`, entry.portal].join('\n').toLowerCase();
        const expected = all.filter((entry) => words.every((w) => text(entry).includes(w.toLowerCase())));
        // As recorded one by one, and as read at the next start (all at once: that is when the shared pieces are chosen).
        for (const store of [history, open(dir).history]) {
          const page = store.list({ query, offset, limit: 10 });
          expect(page.total).toBe(expected.length);
          expect(page.entries.map((entry) => entry.id)).toEqual(expected.slice(offset, offset + 10).map((entry) => entry.id));
        }
      }),
      { numRuns: 150 },
    );
  });
});
