/**
 * The history journal's lines (`history-journal.jsonl` beside the history file): one JSON document a line, each a
 * lookup's entry or a trim mark, written by HistoryStore and read back here, a damaged line counted and left out.
 */
import * as v from 'valibot';
import { type HistoryEntry, historyEntrySchema } from './history.ts';

/**
 * A journal line: a lookup's entry, or `{"trim": n}` where a lookup pushed the oldest out (at most n entries were
 * kept then), so that they stay out whatever the cap at the next start.
 */
export type JournalLine = HistoryEntry | { trim: number };
const trimSchema = v.strictObject({ trim: v.pipe(v.number(), v.safeInteger(), v.minValue(0)) });

/** The journal's lines that could be read, in order, and how many could not. */
export function readJournal(text: string): { lines: JournalLine[]; damaged: number; tornTail: boolean } {
  const lines: JournalLine[] = [];
  let damaged = 0;
  // A file that does not end with a line break was cut in the middle of an append: the next one starts on a line of its own.
  const tornTail = text !== '' && !text.endsWith('\n');
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      damaged += 1;
      continue;
    }
    const parsed = v.safeParse(historyEntrySchema, raw);
    const trim = parsed.success ? null : v.safeParse(trimSchema, raw);
    if (parsed.success) lines.push(parsed.output);
    else if (trim?.success) lines.push(trim.output);
    else damaged += 1;
  }
  return { lines, damaged, tornTail };
}

/** A lookup's journal line. */
export const journalLineOf = (entry: HistoryEntry): string => JSON.stringify(entry);

/** The line that says a lookup pushed the oldest out: at most `kept` entries were kept then. */
export const trimLineOf = (kept: number): string => JSON.stringify({ trim: kept });
