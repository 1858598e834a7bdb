import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HistoryIndex } from '../../../electron/core/state/history-index.ts';

// The history's search index alone: whatever its bits answer without reading a text (a word of one or two digits,
// a word inside a piece of text many entries share), it finds exactly what reading every text would.

interface Row {
  id: string;
  text: string;
}

const indexOf = (texts: readonly string[], { oneByOne = false } = {}) => {
  const index = new HistoryIndex<Row>((row) => row.text);
  const rows = texts.map((text, n) => ({ id: `r${n}`, text }));
  if (oneByOne) rows.forEach((row) => index.push([row]));
  else index.push(rows);
  return index;
};

/** The ids a plain scan finds, newest first. */
const scan = (texts: readonly string[], words: readonly string[]) =>
  texts
    .map((text, n) => ({ id: `r${n}`, text }))
    .filter((row) => words.every((word) => row.text.includes(word)))
    .map((row) => row.id)
    .reverse();

const found = (index: HistoryIndex<Row>, words: readonly string[]) => index.search(words, 0, 1000).entries.map((row) => row.id);

describe('the history index', () => {
  it('answers a word of one or two digits exactly, in either order of the digits and across a line break', () => {
    // A longer number is looked for in the text: '12 23' has the pairs of '123', not '123'.
    const texts = ['lead|13', 'lead|31', 'deal|7', 'chat70 70', '07', '9\n9', 'no digits', 'сделка №99', 'x1x3', '12 23', '123'];
    const index = indexOf(texts);
    for (const words of [['13'], ['31'], ['7'], ['70'], ['07'], ['99'], ['9'], ['1', '3'], ['13', 'lead'], ['123'], ['1223']])
      expect(found(index, words), words.join(' ')).toEqual(scan(texts, words));
  });

  it('confirms a word from the pieces many entries share, and still reads the text where no piece has it', () => {
    // 'lead|' and '/crm/deal/details/' are in every entry of their kind: they become shared pieces.
    const texts = [
      ...Array.from({ length: 20 }, (_, n) => `lead|${n}\nlead ${n}`),
      ...Array.from({ length: 20 }, (_, n) => `https://acme.bitrix24.ru/crm/deal/details/${n}/`),
      'leader 5',
      'mislead',
    ];
    const index = indexOf(texts);
    for (const words of [['lead'], ['ead|'], ['deal/det'], ['details', '1'], ['lead', '5'], ['acme.bitrix'], ['mis'], ['|']])
      expect(found(index, words), words.join(' ')).toEqual(scan(texts, words));
  });

  it('finds the same after entries are dropped, removed and added one by one', () => {
    const texts = [...Array.from({ length: 30 }, (_, n) => `lead|${n}`), ...Array.from({ length: 30 }, (_, n) => `deal|${n}`)];
    const index = indexOf(texts);
    index.dropOldest(5);
    index.remove('r40');
    index.push([{ id: 'new', text: 'lead|77' }]);
    const left = texts.map((text, n) => ({ id: `r${n}`, text })).filter((row, n) => n >= 5 && row.id !== 'r40');
    left.push({ id: 'new', text: 'lead|77' });
    for (const words of [['lead'], ['7'], ['77'], ['deal', '1'], ['eal|']]) {
      const expected = left
        .filter((row) => words.every((word) => row.text.includes(word)))
        .map((row) => row.id)
        .reverse();
      expect(found(index, words), words.join(' ')).toEqual(expected);
    }
  });

  it('finds exactly what a plain scan finds, for any texts and words, added at once or one by one', () => {
    const piece = fc.constantFrom('lead|', 'deal ', '/crm/lead/details/', 'сделка №', 'chat', '\n', ' ');
    const text = fc
      .array(fc.oneof(piece, fc.integer({ min: 0, max: 120 }).map(String), fc.string({ maxLength: 4 })), { maxLength: 6 })
      .map((parts) => parts.join(''));
    const word = fc.oneof(
      fc.constantFrom('lead', 'ad|1', 'details', '№1', '0', '12', '21', '9', 'chat1', 'deal', 'l'),
      fc.string({ minLength: 1, maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.array(text, { maxLength: 60 }), fc.array(word, { minLength: 1, maxLength: 3 }), fc.boolean(), (texts, words, oneByOne) => {
        expect(found(indexOf(texts, { oneByOne }), words)).toEqual(scan(texts, words));
      }),
      { numRuns: 300 },
    );
  });
});
