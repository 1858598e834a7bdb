import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HistoryEntry, NewHistoryEntry } from '../../../electron/core/state/history.ts';
import type { HistoryStore } from '../../../electron/core/state/history-store.ts';
import { historyToCsv, historyToJson } from '../../../electron/core/state/history-export.ts';
import { say } from '../../../electron/common/i18n/catalogs.ts';
import { NoticeBoard } from '../../../electron/core/state/notices.ts';
import { HISTORY_JOURNAL, historyOnDisk, historyStore, stateFile, tempDir } from '../../support/state.ts';

const open = (dir: string, options: ConstructorParameters<typeof HistoryStore>[3] = {}) => historyStore(stateFile(dir, 'history'), new NoticeBoard(), options);

const found = (type: string, id: number, chatId: number, input = `${type}|${id}`): NewHistoryEntry => ({
  input,
  outcome: 'found',
  entityType: 'CRM',
  entityId: `${type}|${id}`,
  label: `${type.toLowerCase()} ${id}`,
  chatId,
  portal: 'https://acme.bitrix24.ru',
  code: null,
});

const invalid = (input: string): NewHistoryEntry => ({
  input,
  outcome: 'invalid',
  entityType: null,
  entityId: null,
  label: null,
  chatId: null,
  portal: null,
  code: 'unrecognised',
  params: { text: input },
});

/** The text of both history files (the document and the journal of lookups since it was written). */
const filesText = (dir: string): string =>
  ['history.json', HISTORY_JOURNAL].map((name) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : '')).join('\n');

/** The inputs in the history files as they are on disk now, newest first. */
const onDisk = (dir: string): string[] => historyOnDisk(dir).entries.map((entry) => entry.input);

describe('HistoryStore writing after the answer (the app: writeLater)', () => {
  it('a lookup is in the history at once and in the file when the write runs; lookups meanwhile share that one write', () => {
    const dir = tempDir();
    const queued: (() => void)[] = [];
    const history = open(dir, { writeLater: (write) => queued.push(write) });
    history.record([found('LEAD', 1, 11)]);
    history.record([found('LEAD', 2, 12)]);
    expect(history.list().entries.map((entry) => entry.input)).toEqual(['LEAD|2', 'LEAD|1']);
    expect(queued).toHaveLength(1);
    expect(onDisk(dir)).toEqual([]);
    queued.shift()?.();
    expect(onDisk(dir)).toEqual(['LEAD|2', 'LEAD|1']);
    // The next lookup asks for a write of its own.
    history.record([found('LEAD', 3, 13)]);
    expect(queued).toHaveLength(1);
  });

  it('the answer goes first: a lookup is taken into the history when its write runs, or sooner when anything reads it', () => {
    const dir = tempDir();
    const queued: (() => void)[] = [];
    const history = open(dir, { writeLater: (write) => queued.push(write) });
    const totals: number[] = [];
    history.onChange((total) => totals.push(total));
    history.record([found('LEAD', 1, 11)]);
    // Nothing done for it yet but its place in the queue: the window is told of the new entry once it is in.
    expect(totals).toEqual([]);
    queued.shift()?.();
    expect(totals).toEqual([1]);
    expect(onDisk(dir)).toEqual(['LEAD|1']);
    history.record([found('LEAD', 2, 12)]);
    // A read before the write sees it, and so do a re-run's lookup and a search.
    expect(history.size).toBe(2);
    expect(totals).toEqual([1, 2]);
    expect(history.list({ query: 'lead|2' }).entries.map((entry) => entry.input)).toEqual(['LEAD|2']);
    queued.shift()?.();
    expect(onDisk(dir)).toEqual(['LEAD|2', 'LEAD|1']);
    expect(totals).toEqual([1, 2]);
  });

  it('a lookup waiting for its write is masked, given its id and its time all the same: what is read or written holds no secret', () => {
    const dir = tempDir();
    const queued: (() => void)[] = [];
    let clock = Date.UTC(2026, 11, 8, 9, 30);
    const history = open(dir, { writeLater: (write) => queued.push(write), now: () => clock });
    const secret = 'q1w2e3r4t5y6u7i8';
    history.record([invalid(`https://acme.bitrix24.ru/rest/1/${secret}/ LEAD|13`), found('LEAD', 2, 12)]);
    // Read later than it was made: each entry keeps the time of its lookup, not of its write.
    clock += 60_000;
    const [second, first] = history.list().entries;
    expect(first?.input).toBe('https://acme.bitrix24.ru/rest/1/•••/ LEAD|13');
    expect([first?.at, second?.at]).toEqual([Date.UTC(2026, 11, 8, 9, 30), Date.UTC(2026, 11, 8, 9, 30)]);
    expect(new Set([first?.id, second?.id]).size).toBe(2);
    queued.shift()?.();
    expect(filesText(dir)).not.toContain(secret);
    expect(
      open(dir)
        .list()
        .entries.map((entry) => entry.id),
    ).toEqual([second?.id, first?.id]);
  });

  it('flush writes what waits (the app quitting), and a restart finds it; deleting writes at once, waiting lookups too', () => {
    const dir = tempDir();
    const queued: (() => void)[] = [];
    const history = open(dir, { writeLater: (write) => queued.push(write) });
    history.record([found('LEAD', 1, 11)]);
    history.flush();
    expect(onDisk(dir)).toEqual(['LEAD|1']);
    expect(
      open(dir)
        .list()
        .entries.map((entry) => entry.input),
    ).toEqual(['LEAD|1']);

    history.record([found('DEAL', 5, 15)]);
    const [oldest] = history.list().entries.slice(-1);
    history.delete(oldest?.id ?? '');
    expect(onDisk(dir)).toEqual(['DEAL|5']);
    // The write still queued finds nothing left to do.
    queued.splice(0).forEach((write) => write());
    expect(onDisk(dir)).toEqual(['DEAL|5']);
  });
});

describe('HistoryStore', () => {
  it('keeps lookups newest first across a restart', () => {
    const dir = tempDir();
    const history = open(dir);
    history.record([found('LEAD', 13, 1437)]);
    history.record([found('DEAL', 5, 1501), invalid('hello')]);

    const restarted = open(dir);
    expect(restarted.list().entries.map((e) => e.input)).toEqual(['hello', 'DEAL|5', 'LEAD|13']);
    expect(restarted.list().total).toBe(3);
    const [newest] = restarted.list().entries;
    expect(newest).toMatchObject({ outcome: 'invalid', code: 'unrecognised', params: { text: 'hello' } });
    expect(newest).not.toHaveProperty('message');
    expect(newest?.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps entries in the order they were made, whatever the clock said (same millisecond, or set back)', () => {
    const dir = tempDir();
    const clock = [5_000, 5_000, 1_000];
    const history = open(dir, { now: () => clock.shift() ?? 0 });
    history.record([found('LEAD', 1, 11), found('LEAD', 2, 12)]);
    history.record([found('LEAD', 3, 13)]);
    history.record([found('LEAD', 4, 14)]);
    const order = (store: HistoryStore) => store.list().entries.map((e) => [e.input, e.at]);
    expect(order(history)).toEqual([
      ['LEAD|4', 1_000],
      ['LEAD|3', 5_000],
      ['LEAD|2', 5_000],
      ['LEAD|1', 5_000],
    ]);
    expect(order(open(dir))).toEqual(order(history));
  });

  it('stores every field within what it reads back: a huge label is cut, not lost with its entry on restart', () => {
    const dir = tempDir();
    const history = open(dir, { now: () => 9e15 });
    history.record([{ ...invalid('x'), label: 'l'.repeat(3_000) }]);
    const [entry] = open(dir).list().entries;
    expect(entry?.label).toHaveLength(2_000);
    expect(entry?.at).toBe(8.64e15);
    expect(historyToCsv([...open(dir).all()])).toContain('+275760-09-13T00:00:00.000Z');
  });

  it('a label quoting a webhook is masked too, not only the input', () => {
    const dir = tempDir();
    open(dir).record([{ ...invalid('see below'), label: 'That is the webhook https://a.bitrix24.ru/rest/1/q1w2e3r4t5y6u7i8/ itself.' }]);
    expect(filesText(dir)).not.toContain('q1w2e3r4t5y6u7i8');
  });

  it('keeps a failed lookup as its code and parameters; a file from before keeps the code and drops the English sentence', () => {
    const dir = tempDir();
    writeFileSync(
      stateFile(dir, 'history').path,
      JSON.stringify({
        schemaVersion: 1,
        entries: [
          {
            id: 'old',
            at: 1_000,
            input: 'hello',
            outcome: 'invalid',
            entityType: null,
            entityId: null,
            label: null,
            chatId: null,
            portal: null,
            code: 'unrecognised',
            message: 'That does not look like a CRM reference.',
          },
        ],
      }),
    );
    const history = open(dir);
    expect(history.list().entries).toEqual([expect.objectContaining({ id: 'old', code: 'unrecognised', params: null })]);
    expect(history.list().entries[0]).not.toHaveProperty('message');
    history.record([{ ...invalid('LEAD|1'), outcome: 'error', code: 'operation_limited', params: { retryAt: 5_000 } }]);
    expect(open(dir).list().entries[0]).toMatchObject({ code: 'operation_limited', params: { retryAt: 5_000 } });
    // Nothing was left out: the old entry is read, not taken for damage; the next rewrite leaves out its sentence.
    expect(open(dir).list().total).toBe(2);
    history.compact();
    expect(filesText(dir)).not.toContain('does not look like');
  });

  it('finds entries by any words of the input, the entity or the chat id, in any case', () => {
    const history = open(tempDir());
    history.record([
      found('LEAD', 13, 1437, 'https://acme.bitrix24.ru/crm/lead/details/13/'),
      found('DEAL', 5, 1501, 'Сделка №5'),
      invalid('hello world'),
      found('CONTACT', 25, 1502),
    ]);
    const inputs = (query: string) => history.list({ query }).entries.map((e) => e.input);
    expect(inputs('lead|13')).toEqual(['https://acme.bitrix24.ru/crm/lead/details/13/']);
    expect(inputs('сделка')).toEqual(['Сделка №5']);
    expect(inputs('deal 5')).toEqual(['Сделка №5']);
    expect(inputs('1501')).toEqual(['Сделка №5']);
    expect(inputs('chat1502')).toEqual(['CONTACT|25']);
    expect(inputs('WORLD hello')).toEqual(['hello world']);
    expect(inputs('lead 99')).toEqual([]);
    expect(history.list({ query: 'acme' }).total).toBe(3);
  });

  it('pages through a long history', () => {
    const history = open(tempDir());
    history.record(Array.from({ length: 30 }, (_, i) => found('LEAD', i + 1, 100 + i)));
    const page = history.list({ offset: 10, limit: 5 });
    expect(page.total).toBe(30);
    expect(page.entries.map((e) => e.input)).toEqual(['LEAD|20', 'LEAD|19', 'LEAD|18', 'LEAD|17', 'LEAD|16']);
  });

  it('keeps at most the cap, dropping the oldest, and trims at once when the cap is lowered', () => {
    const dir = tempDir();
    const history = open(dir, { limit: 3 });
    for (let i = 1; i <= 5; i += 1) history.record([found('LEAD', i, 100 + i)]);
    expect(history.list().entries.map((e) => e.input)).toEqual(['LEAD|5', 'LEAD|4', 'LEAD|3']);
    history.setLimit(1);
    expect(
      open(dir)
        .list()
        .entries.map((e) => e.input),
    ).toEqual(['LEAD|5']);
  });

  it('a history longer than the cap it is opened with stays that long until the person sets a cap', () => {
    // The settings that held a cap of 5,000 were damaged and reset to 1,000 (or a newer version allowed more).
    const dir = tempDir();
    const history = open(dir, { limit: 10 });
    history.record(Array.from({ length: 6 }, (_, i) => found('LEAD', i + 1, 100 + i)));
    const reopened = open(dir, { limit: 4 });
    expect(reopened.size).toBe(6);
    reopened.record([found('DEAL', 1, 9)]);
    expect(reopened.list().entries.map((e) => e.input)).toEqual(['DEAL|1', 'LEAD|6', 'LEAD|5', 'LEAD|4', 'LEAD|3', 'LEAD|2']);
    reopened.setLimit(4);
    expect(
      open(dir, { limit: 4 })
        .list()
        .entries.map((e) => e.input),
    ).toEqual(['DEAL|1', 'LEAD|6', 'LEAD|5', 'LEAD|4']);
  });

  it('with a cap of 0 keeps nothing', () => {
    const dir = tempDir();
    const history = open(dir, { limit: 0 });
    history.record([found('LEAD', 1, 2)]);
    expect(history.size).toBe(0);
    expect(stateFile(dir, 'history').read()).toEqual({ kind: 'missing' });
  });

  it('deletes one entry or all of them, for good', () => {
    const dir = tempDir();
    const history = open(dir);
    history.record([found('LEAD', 1, 11), found('LEAD', 2, 12)]);
    const first = history.list().entries.at(-1);
    expect(history.delete(first?.id ?? '')).toBe(true);
    expect(history.delete(first?.id ?? '')).toBe(false);
    expect(
      open(dir)
        .list()
        .entries.map((e) => e.input),
    ).toEqual(['LEAD|2']);
    history.clear();
    expect(open(dir).size).toBe(0);
  });

  it('never stores a secret, even one handed to it by mistake', () => {
    const dir = tempDir();
    const secret = 'q1w2e3r4t5y6u7i8';
    open(dir).record([invalid(`https://acme.bitrix24.ru/rest/1/${secret}/ LEAD|13`)]);
    const file = filesText(dir);
    expect(file).not.toContain(secret);
    expect(file).toContain('/rest/1/•••/ LEAD|13');
  });
});

describe('history export', () => {
  const entries = (): HistoryEntry[] => {
    const history = open(tempDir(), { now: () => Date.UTC(2026, 10, 25, 12, 0, 0) });
    history.record([
      found('LEAD', 13, 1437, 'Lead "Acme, Inc."'),
      invalid('=HYPERLINK("http://evil.example","click")'),
      found('DEAL', 5, 1501, 'Сделка №5\nsecond line'),
      invalid('a;=HYPERLINK("http://evil.example")\tb'),
    ]);
    return [...history.all()];
  };

  it('writes CSV a spreadsheet opens as text: header, quoting, Cyrillic, no formulas', () => {
    const csv = historyToCsv(entries(), (message) => say(message, 'en'));
    expect(csv.startsWith('\uFEFFtime,input,outcome,entity_type,entity_id,label,chat_id,portal,error_code,message,open_line_chats\r\n')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[1]).toBe(
      `2026-11-25T12:00:00.000Z,"a;=HYPERLINK(""http://evil.example"")\tb",invalid,,,,,,unrecognised,` +
        `"“a;=HYPERLINK(""http://evil.example"")\tb” does not look like a CRM reference. ` +
        `Try LEAD|13, D_5, deal 5, an entity's page address or a chat link.",`,
    );
    expect(lines[2]).toBe('2026-11-25T12:00:00.000Z,"Сделка №5\nsecond line",found,CRM,DEAL|5,deal 5,1501,https://acme.bitrix24.ru,,,');
    expect(lines[3]).toBe(
      `2026-11-25T12:00:00.000Z,"'=HYPERLINK(""http://evil.example"",""click"")",invalid,,,,,,unrecognised,` +
        `"“=HYPERLINK(""http://evil.example"",""click"")” does not look like a CRM reference. ` +
        `Try LEAD|13, D_5, deal 5, an entity's page address or a chat link.",`,
    );
    expect(lines[4]).toBe('2026-11-25T12:00:00.000Z,"Lead ""Acme, Inc.""",found,CRM,LEAD|13,lead 13,1437,https://acme.bitrix24.ru,,,');
    expect(lines[5]).toBe('');
  });

  it('writes JSON that reads back as the same entries', () => {
    const list = entries();
    const json = JSON.parse(historyToJson(list, { exportedAt: Date.UTC(2026, 10, 25), appVersion: '1.2.3' }));
    expect(json).toEqual({ exportedAt: '2026-11-25T00:00:00.000Z', app: 'B24 Chat Lookup 1.2.3', entries: list });
  });
});
