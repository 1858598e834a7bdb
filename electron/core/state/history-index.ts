/**
 * The history in memory, oldest first, with what a search needs beside each entry: its text lower-cased once, and a
 * 512-bit signature of the three-character runs (trigrams) in that text. A search word of three characters or more
 * sets the bits of its own trigrams; an entry whose signature lacks one of them cannot contain the word, so it is
 * passed over without reading its text. Only the entries left are checked word by word (`includes`), so what a search
 * finds is exactly what a plain scan finds; the signatures only make it skip. At 100,000 entries they take 6.4 MB.
 */
/** 32-bit words per signature: 16 × 32 = 512 bits, about a fifth of them set by a typical entry's ~100 trigrams. */
const SIGNATURE_WORDS = 16;

/** The signature bit (0–511) of the trigram a, b, c (UTF-16 code units), from a multiplicative hash. */
function trigramBit(a: number, b: number, c: number): number {
  return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d)) >>> 23;
}

/** Sets in `into` (from `at`) the bits of every trigram of `text`. */
function addTrigrams(text: string, into: Uint32Array, at: number): void {
  for (let i = 0; i + 2 < text.length; i += 1) {
    const bit = trigramBit(text.charCodeAt(i), text.charCodeAt(i + 1), text.charCodeAt(i + 2));
    into[at + (bit >>> 5)] = (into[at + (bit >>> 5)] ?? 0) | (1 << (bit & 31));
  }
}

export interface SearchPage<Entry> {
  entries: Entry[];
  total: number;
}

export class HistoryIndex<Entry extends { readonly id: string }> {
  readonly #textOf: (entry: Entry) => string;
  #entries: Entry[] = [];
  #texts: string[] = [];
  #signatures = new Uint32Array(SIGNATURE_WORDS * 1024);
  /** Rows before this one were dropped (the oldest, over the cap); they are cleared out in bulk, not one by one. */
  #start = 0;

  /** `textOf`: what a search looks through in an entry, lower-cased (read once, when the entry is added). */
  constructor(textOf: (entry: Entry) => string) {
    this.#textOf = textOf;
  }

  /** How many entries there are. */
  get length(): number {
    return this.#entries.length - this.#start;
  }

  /** Adds entries as the newest, in the order given. */
  push(entries: readonly Entry[]): void {
    const needed = (this.#entries.length + entries.length) * SIGNATURE_WORDS;
    if (needed > this.#signatures.length) {
      const grown = new Uint32Array(Math.max(needed, this.#signatures.length * 2));
      grown.set(this.#signatures);
      this.#signatures = grown;
    }
    for (const entry of entries) {
      const text = this.#textOf(entry);
      addTrigrams(text, this.#signatures, this.#entries.length * SIGNATURE_WORDS);
      this.#entries.push(entry);
      this.#texts.push(text);
    }
  }

  /** Drops the `count` oldest entries. */
  dropOldest(count: number): void {
    this.#start = Math.min(this.#entries.length, this.#start + Math.max(0, count));
    if (this.#start > 1024 && this.#start * 4 > this.#entries.length) this.#removeRows(0, this.#start);
  }

  /** Removes the entry with this id; false when there is none. */
  remove(id: string): boolean {
    const row = this.#rowOf(id);
    if (row === -1) return false;
    this.#removeRows(row, row + 1);
    return true;
  }

  /** The entry with this id, if there is one. */
  get(id: string): Entry | undefined {
    const row = this.#rowOf(id);
    return row === -1 ? undefined : this.#entries[row];
  }

  has(id: string): boolean {
    return this.#rowOf(id) !== -1;
  }

  /** Every entry, newest first. */
  newestFirst(): Entry[] {
    return this.#entries.slice(this.#start).reverse();
  }

  clear(): void {
    this.#entries = [];
    this.#texts = [];
    this.#signatures.fill(0);
    this.#start = 0;
  }

  /** The entries containing every one of `words` (lower-case), newest first: `limit` of them from `offset`, and how many match. */
  search(words: readonly string[], offset: number, limit: number): SearchPage<Entry> {
    const entries: Entry[] = [];
    if (words.length === 0) {
      const newest = this.#entries.length - 1 - offset;
      for (let row = newest; row >= this.#start && entries.length < limit; row -= 1) entries.push(this.#entries[row] as Entry);
      return { entries, total: this.length };
    }
    // The signature words a match must have bits in, and those bits.
    const wanted = new Uint32Array(SIGNATURE_WORDS);
    for (const word of words) addTrigrams(word, wanted, 0);
    const at: number[] = [];
    const bits: number[] = [];
    wanted.forEach((mask, index) => {
      if (mask === 0) return;
      at.push(index);
      // As a signed 32-bit number, which is what `&` gives back (bit 31 set would otherwise never compare equal).
      bits.push(mask | 0);
    });
    const signatures = this.#signatures;
    const texts = this.#texts;
    const checks = at.length;
    // The longest word first: it is the likeliest to rule an entry out.
    const ordered = [...words].sort((a, b) => b.length - a.length);
    const count = ordered.length;
    let total = 0;
    rows: for (let row = this.#entries.length - 1, first = this.#start; row >= first; row -= 1) {
      const base = row * SIGNATURE_WORDS;
      for (let k = 0; k < checks; k += 1) {
        const mask = bits[k] as number;
        if (((signatures[base + (at[k] as number)] as number) & mask) !== mask) continue rows;
      }
      const text = texts[row] as string;
      for (let w = 0; w < count; w += 1) if (!text.includes(ordered[w] as string)) continue rows;
      if (total >= offset && entries.length < limit) entries.push(this.#entries[row] as Entry);
      total += 1;
    }
    return { entries, total };
  }

  #rowOf(id: string): number {
    for (let row = this.#entries.length - 1; row >= this.#start; row -= 1) if (this.#entries[row]?.id === id) return row;
    return -1;
  }

  /** Takes rows [from, to) out, moving the later ones down. */
  #removeRows(from: number, to: number): void {
    const end = this.#entries.length * SIGNATURE_WORDS;
    this.#signatures.copyWithin(from * SIGNATURE_WORDS, to * SIGNATURE_WORDS, end);
    this.#signatures.fill(0, end - (to - from) * SIGNATURE_WORDS, end);
    this.#entries.splice(from, to - from);
    this.#texts.splice(from, to - from);
    this.#start = from === 0 ? Math.max(0, this.#start - to) : this.#start;
  }
}
