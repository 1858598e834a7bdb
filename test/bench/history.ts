/**
 * `npm run bench:history`: how the history copes at its default cap (1,000 entries), at 10,000 (a year of 50 lookups
 * a work day) and at 100,000 (the largest cap), through the real electron-store on a real file.
 *   1. Start: what the app's start pays for the history (creating the store; it reads nothing yet).
 *   2. Load: reading it once the tray is up (read, parse, validate every entry, build the search signatures).
 *   3. Search: a mix of queries (an entity, a word of the input, a chat id, Cyrillic, one that matches nothing),
 *      each timed alone.
 *   4. Record: one lookup added to the full history (one line appended to the journal, the file left as it is).
 * Reports `history_start_100k`, `history_load_100k`, `history_search_100k_p95` and `history_record_100k_p95` to the
 * runner (`npm run bench`).
 * A measurement to read, not a test: nothing here fails on a number.
 *
 *   npm run bench:history -- [--runs N | --quick]
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { report, runsOption, useFakeElectron } from './harness.ts';
import { percentile } from './stats.ts';

const runs = runsOption(30, 5);
useFakeElectron();
const { ElectronStoreFile } = await import('../../electron/shell/json-store.ts');
const { HistoryStore } = await import('../../electron/core/state/history-store.ts');
const { journalBeside } = await import('../../electron/core/state/append-file.ts');
const { NoticeBoard } = await import('../../electron/core/state/notices.ts');

const TYPES = ['LEAD', 'DEAL', 'CONTACT', 'COMPANY', 'DYNAMIC_128'];
const INPUTS = [
  (type: string, id: number) => `${type}|${id}`,
  (type: string, id: number) => `https://acme.bitrix24.ru/crm/${type.toLowerCase()}/details/${id}/`,
  (_type: string, id: number) => `Сделка №${id}`,
  (_type: string, id: number) => `${id}`,
];

function entryAt(i: number) {
  const type = TYPES[i % TYPES.length] ?? 'LEAD';
  const id = 1 + ((i * 7919) % 50_000);
  const found = i % 4 !== 3;
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    at: Date.UTC(2026, 0, 1) + i * 60_000,
    input: INPUTS[i % INPUTS.length]?.(type, id) ?? `${type}|${id}`,
    outcome: found ? 'found' : 'not_found',
    entityType: 'CRM',
    entityId: `${type}|${id}`,
    label: `${type.toLowerCase()} ${id}`,
    chatId: found ? 1000 + i : null,
    portal: i % 10 === 0 ? 'https://branch.bitrix24.ru' : 'https://acme.bitrix24.ru',
    code: null,
    message: null,
  };
}

/** Measures a history of ENTRIES entries; returns the load and search times, ascending. */
function bench(ENTRIES: number): { starts: number[]; loads: number[]; searches: number[]; records: number[] } {
  const dir = mkdtempSync(join(tmpdir(), 'b24-bench-history-'));
  try {
    const path = join(dir, 'history.json');
    writeFileSync(path, JSON.stringify({ schemaVersion: 1, entries: Array.from({ length: ENTRIES }, (_, i) => entryAt(ENTRIES - 1 - i)) }));
    const sizeKiB = statSync(path).size / 1024;

    const open = () => {
      const file = new ElectronStoreFile('history', dir);
      return new HistoryStore(file, journalBeside(file), new NoticeBoard(), { limit: ENTRIES });
    };
    open().load(); // warm-up: module compilation and the first file read are not what a person waits for twice
    const starts: number[] = [];
    const loads: number[] = [];
    let history = open();
    for (let run = 0; run < Math.min(runs, ENTRIES > 10_000 ? 10 : runs); run += 1) {
      let started = performance.now();
      history = open();
      starts.push(performance.now() - started);
      started = performance.now();
      history.load();
      loads.push(performance.now() - started);
    }
    if (history.size !== ENTRIES) throw new Error(`expected ${ENTRIES} entries, loaded ${history.size}`);

    const QUERIES = ['lead', 'deal|4', 'сделка 12', '1437', 'chat5000', 'branch contact', 'details 99', 'nothing-matches-this'];
    const searches: number[] = [];
    const byQuery = new Map<string, number[]>();
    const hits = new Map<string, number>();
    for (let run = 0; run < Math.max(runs * 10, 100); run += 1) {
      for (const query of QUERIES) {
        const started = performance.now();
        const page = history.list({ query, limit: 100 });
        const ms = performance.now() - started;
        searches.push(ms);
        byQuery.set(query, [...(byQuery.get(query) ?? []), ms]);
        hits.set(query, page.total);
      }
    }

    const records: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      const started = performance.now();
      history.record([{ ...entryAt(run), chatId: 1437, outcome: 'found' }]);
      records.push(performance.now() - started);
    }

    const sorted = (list: number[]) => [...list].sort((a, b) => a - b);
    const line = (name: string, list: number[]) => {
      const s = sorted(list);
      return (
        `${name.padEnd(34)} median ${percentile(s, 50).toFixed(2).padStart(7)} ms   p95 ${percentile(s, 95).toFixed(2).padStart(7)} ms` +
        `   max ${(s.at(-1) ?? 0).toFixed(2).padStart(7)} ms`
      );
    };
    console.log(`History of ${ENTRIES.toLocaleString('en')} entries, ${sizeKiB.toFixed(0)} KiB on disk; Node ${process.version}, ${runs} runs`);
    console.log(line('start (the store created)', starts));
    console.log(line('load (read + validate + index)', loads));
    console.log(line(`search (${searches.length} queries)`, searches));
    console.log(line('record one lookup (appended)', records));
    const perQuery = [...hits].map(([query, total]) => `${JSON.stringify(query)} ${total} (${percentile(sorted(byQuery.get(query) ?? []), 50).toFixed(2)})`);
    console.log(`matches per query (median ms): ${perQuery.join(', ')}`);
    return { starts: sorted(starts), loads: sorted(loads), searches: sorted(searches), records: sorted(records) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

bench(1_000);
bench(10_000);
const largest = bench(100_000);
report({ name: 'history_start_100k', unit: 'ms', value: percentile(largest.starts, 50), target: '< 30 ms' });
report({ name: 'history_load_100k', unit: 'ms', value: percentile(largest.loads, 50) });
report({ name: 'history_search_100k_p95', unit: 'ms', value: percentile(largest.searches, 95), target: '< 2 ms' });
report({ name: 'history_record_100k_p95', unit: 'ms', value: percentile(largest.records, 95) });
