/**
 * The history in memory, oldest first, with what a search needs beside each entry: its text lower-cased once, and a
 * row of bits that say, without reading the text, what it may or must contain:
 * - a 512-bit signature of its three-character runs (trigrams). A word of three characters or more sets the bits of
 *   its own trigrams; an entry whose signature lacks one cannot contain the word, and is passed over.
 * - 110 exact bits for its digits and pairs of digits: a search word of one or two digits (`99`, `7`) is answered by
 *   them alone, with no text read.
 * - 64 bits for the pieces of text that many entries share (`lead|`, `/crm/deal/details/`, the portal's address,
 *   `сделка №`): each piece is part of the text, so a word found in a piece the entry has is in the entry. A word
 *   that matches a fifth of the history (`lead`) is then confirmed from these bits, not by reading 20,000 texts.
 * Only what the bits leave open is read from the text (`includes`), so a search finds exactly what a plain scan finds.
 * At 100,000 entries the bits take 8.8 MB.
 *
 * Why the shared pieces: at 100,000 entries a search is bound by memory, not by the code. Reading the texts of the
 * 20,000 entries that hold `lead` took 1.0 ms when the same query had just run and 3.2 ms when other queries ran in
 * between (`npm run bench:history`); the texts lie wherever the heap put them while the history was parsed.
 */
/** 32-bit words of the trigram signature: 16 × 32 = 512 bits, about a fifth of them set by a typical entry's ~100 trigrams. */
const TRIGRAM_WORDS = 16;
/** Where the digit bits start in a row, and their words: bit 10a + b for the pair "ab", bit 100 + d for the digit d. */
const DIGITS_AT = TRIGRAM_WORDS;
const DIGIT_WORDS = 4;
/** Where the shared pieces' bits start in a row, and how many pieces there can be. */
const PIECES_AT = DIGITS_AT + DIGIT_WORDS;
const PIECE_WORDS = 2;
const MAX_PIECES = PIECE_WORDS * 32;
/** 32-bit words per row. */
const ROW_WORDS = PIECES_AT + PIECE_WORDS;
/** A piece of text is shared when at least this many of the entries counted have it (and it is this long or more). */
const PIECE_SHARED_BY = 8;
const PIECE_MIN_LENGTH = 3;
/** How many texts of a load are counted to find the shared pieces. */
const PIECE_SAMPLE = 4096;

/** The signature bit (0–511) of the trigram a, b, c (UTF-16 code units), from a multiplicative hash. */
function trigramBit(a: number, b: number, c: number): number {
  return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d)) >>> 23;
}

/** Sets bit `bit` of the row of bits starting at `at`. */
function setBit(into: Uint32Array, at: number, bit: number): void {
  into[at + (bit >>> 5)] = (into[at + (bit >>> 5)] ?? 0) | (1 << (bit & 31));
}

/** The digit 0–9 a UTF-16 code unit is, or -1. */
const digitOf = (unit: number): number => (unit >= 48 && unit <= 57 ? unit - 48 : -1);

/** A word of one or two digits: the digit bits alone answer whether an entry has it. */
const isDigitWord = (word: string): boolean => word.length <= 2 && [...word].every((unit) => digitOf(unit.charCodeAt(0)) !== -1);

/**
 * Sets in `into` (its row from `at`) the bits of `text`, in one pass over it: every trigram's, every digit's and pair
 * of digits'. `piece` hears of each piece of the text between its digits and line breaks (words never hold a line
 * break) that is long enough to be shared: where it starts and ends, and a hash of it (FNV-1a over its code units),
 * so that looking one up needs no string cut out of the text.
 */
function describe(text: string, into: Uint32Array, at: number, piece?: (from: number, to: number, hash: number) => void): void {
  const length = text.length;
  // The two code units before this one: a trigram ends at every unit from the third on.
  let a = 0;
  let b = 0;
  let digitBefore = -1;
  let from = 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i <= length; i += 1) {
    const unit = i < length ? text.charCodeAt(i) : 10;
    if (i < length) {
      if (i >= 2) setBit(into, at, trigramBit(a, b, unit));
      a = b;
      b = unit;
    }
    const digit = digitOf(unit);
    if (digit !== -1) {
      setBit(into, at + DIGITS_AT, 100 + digit);
      if (digitBefore !== -1) setBit(into, at + DIGITS_AT, digitBefore * 10 + digit);
    }
    digitBefore = digit;
    if (unit !== 10 && digit === -1) {
      hash = Math.imul(hash ^ unit, 0x01000193);
      continue;
    }
    if (piece && i - from >= PIECE_MIN_LENGTH) piece(from, i, hash);
    from = i + 1;
    hash = 0x811c9dc5;
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
  /** Each row's bits, ROW_WORDS 32-bit words a row. */
  #bits = new Uint32Array(ROW_WORDS * 1024);
  /**
   * The shared pieces and their bits, by the piece's hash as `describe` gives it (chosen when many entries are added
   * at once: the history read at start). A piece whose hash another piece has is not taken.
   */
  #piecesByHash = new Map<number, { piece: string; bit: number }>();
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
    const needed = (this.#entries.length + entries.length) * ROW_WORDS;
    if (needed > this.#bits.length) {
      const grown = new Uint32Array(Math.max(needed, this.#bits.length * 2));
      grown.set(this.#bits);
      this.#bits = grown;
    }
    const texts = entries.map((entry) => this.#textOf(entry));
    if (texts.length >= PIECE_SHARED_BY) this.#choosePieces(texts);
    const byHash = this.#piecesByHash;
    const bits = this.#bits;
    texts.forEach((text, k) => {
      const at = this.#entries.length * ROW_WORDS;
      describe(
        text,
        bits,
        at,
        byHash.size === 0
          ? undefined
          : (from, to, hash) => {
              const known = byHash.get(hash);
              if (known && known.piece.length === to - from && text.startsWith(known.piece, from)) setBit(bits, at + PIECES_AT, known.bit);
            },
      );
      this.#entries.push(entries[k] as Entry);
      this.#texts.push(text);
    });
  }

  /**
   * Takes as shared pieces (while there is room) those that many of `texts` have, the most common first. Rows added
   * before a piece was taken lack its bit; where they are candidates, their text is read, as for any other word.
   */
  #choosePieces(texts: readonly string[]): void {
    const byHash = this.#piecesByHash;
    if (byHash.size >= MAX_PIECES) return;
    // Counted in at most PIECE_SAMPLE texts spread over the lot: a piece many share shows in a sample too.
    const step = Math.max(1, Math.floor(texts.length / PIECE_SAMPLE));
    const counts = new Map<string, { count: number; hash: number }>();
    const scratch = new Uint32Array(ROW_WORDS);
    for (let k = 0; k < texts.length; k += step) {
      const text = texts[k] as string;
      describe(text, scratch, 0, (from, to, hash) => {
        const piece = text.slice(from, to);
        const counted = counts.get(piece);
        if (counted) counted.count += 1;
        else counts.set(piece, { count: 1, hash });
      });
    }
    const common = [...counts].filter(([, { count }]) => count >= PIECE_SHARED_BY).sort((a, b) => b[1].count - a[1].count);
    for (const [piece, { hash }] of common) {
      if (byHash.size >= MAX_PIECES) break;
      // Taken already (by an earlier load), or its hash is another piece's.
      if (!byHash.has(hash)) byHash.set(hash, { piece, bit: byHash.size });
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
    this.#bits.fill(0);
    this.#piecesByHash.clear();
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
    // The words of a row's bits a match must have bits in, and those bits: the words' trigrams, and the digits of
    // the words the digit bits answer alone. The other words are then looked for in the text, unless a shared piece
    // of the entry's has them.
    const wanted = new Uint32Array(ROW_WORDS);
    const read: string[] = [];
    for (const word of words) {
      // A word's digits are needed as much as its trigrams (`deal|4` needs a 4).
      describe(word, wanted, 0);
      if (!isDigitWord(word)) read.push(word);
    }
    const at: number[] = [];
    const masks: number[] = [];
    wanted.forEach((mask, index) => {
      if (mask === 0) return;
      at.push(index);
      // As a signed 32-bit number, which is what `&` gives back (bit 31 set would otherwise never compare equal).
      masks.push(mask | 0);
    });
    // The longest word first: it is the likeliest to rule an entry out.
    const ordered = read.sort((a, b) => b.length - a.length);
    const count = ordered.length;
    // For each word read, the shared pieces that hold it.
    // Signed (Int32Array), as the row's words read back through `&`: unsigned values past 2³¹ slow the loop below.
    const inPieces = new Int32Array(count * PIECE_WORDS);
    for (const { piece, bit } of this.#piecesByHash.values())
      ordered.forEach((word, w) => {
        if (piece.includes(word)) inPieces[w * PIECE_WORDS + (bit >>> 5)] = (inPieces[w * PIECE_WORDS + (bit >>> 5)] ?? 0) | (1 << (bit & 31));
      });
    const bits = this.#bits;
    const texts = this.#texts;
    const checks = at.length;
    let total = 0;
    rows: for (let row = this.#entries.length - 1, first = this.#start; row >= first; row -= 1) {
      const base = row * ROW_WORDS;
      for (let k = 0; k < checks; k += 1) {
        const mask = masks[k] as number;
        if (((bits[base + (at[k] as number)] as number) & mask) !== mask) continue rows;
      }
      const low = bits[base + PIECES_AT] as number;
      const high = bits[base + PIECES_AT + 1] as number;
      for (let w = 0; w < count; w += 1) {
        if (((low & (inPieces[w * PIECE_WORDS] as number)) | (high & (inPieces[w * PIECE_WORDS + 1] as number))) !== 0) continue;
        if (!(texts[row] as string).includes(ordered[w] as string)) continue rows;
      }
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
    const end = this.#entries.length * ROW_WORDS;
    this.#bits.copyWithin(from * ROW_WORDS, to * ROW_WORDS, end);
    this.#bits.fill(0, end - (to - from) * ROW_WORDS, end);
    this.#entries.splice(from, to - from);
    this.#texts.splice(from, to - from);
    this.#start = from === 0 ? Math.max(0, this.#start - to) : this.#start;
  }
}
