import { describe, expect, test } from 'vitest';
import { BATCH_LIMIT, batchBody, chunkCommands, commandString, encodeQuery, readBatchResult } from '../../../electron/core/bitrix/batch.ts';

describe('batch commands', () => {
  test('encodeQuery writes parameters the way PHP reads them, with | and spaces encoded', () => {
    expect(encodeQuery({ ENTITY_TYPE: 'CRM', ENTITY_ID: 'DYNAMIC_128|3' })).toBe('ENTITY_TYPE=CRM&ENTITY_ID=DYNAMIC_128%7C3');
    expect(encodeQuery({ FILTER: { ID: [1, 2], TITLE: 'a b&c' }, SKIP: null, ACTIVE: true, OFF: false })).toBe(
      'FILTER[ID][0]=1&FILTER[ID][1]=2&FILTER[TITLE]=a%20b%26c&ACTIVE=1&OFF=0',
    );
    expect(encodeQuery({ NAME: 'сделка №5' })).toBe('NAME=%D1%81%D0%B4%D0%B5%D0%BB%D0%BA%D0%B0%20%E2%84%965');
    // Keys are encoded too, a nested key's brackets (and any in a key) left as they are; `%5C` (a backslash) stays encoded.
    expect(encodeQuery({ 'UF CRM': 1, FILTER: { 'a b': 2, 'x[y]': 3, 'c\\d': 4 } })).toBe('UF%20CRM=1&FILTER[a%20b]=2&FILTER[x[y]]=3&FILTER[c%5Cd]=4');
  });

  test('commandString leaves out an empty query', () => {
    expect(commandString({ method: 'scope' })).toBe('scope');
    expect(commandString({ method: 'im.chat.get', params: { ENTITY_TYPE: 'CRM', ENTITY_ID: 'LEAD|13' } })).toBe(
      'im.chat.get?ENTITY_TYPE=CRM&ENTITY_ID=LEAD%7C13',
    );
  });

  test('batchBody keys commands c0… and sends halt as the number 0', () => {
    expect(batchBody([{ method: 'scope' }, { method: 'profile' }])).toEqual({ halt: 0, cmd: { c0: 'scope', c1: 'profile' } });
    expect(() => batchBody(Array.from({ length: BATCH_LIMIT + 1 }, () => ({ method: 'scope' })))).toThrow(RangeError);
  });

  test('chunkCommands splits into chunks of at most 50, in order', () => {
    const chunks = chunkCommands(Array.from({ length: 101 }, (_, i) => i));
    expect(chunks.map((c) => c.length)).toEqual([50, 50, 1]);
    expect(chunks.flat()).toEqual(Array.from({ length: 101 }, (_, i) => i));
    expect(chunkCommands([])).toEqual([]);
    expect(() => chunkCommands([1], 51)).toThrow(RangeError);
  });

  test("a command that reads an earlier one's answer names its key in the request, and is written only in a batch", () => {
    const dialog = { method: 'im.dialog.get', reads: { param: 'DIALOG_ID', back: 1, path: ['ID'], prefix: 'chat' } };
    const body = batchBody([{ method: 'im.chat.get', params: { ENTITY_TYPE: 'CRM', ENTITY_ID: 'LEAD|13' } }, dialog]);
    expect(body.cmd.c1).toBe('im.dialog.get?DIALOG_ID=chat%24result%5Bc0%5D%5BID%5D');
    expect(() => commandString(dialog)).toThrow(RangeError);
    expect(() => batchBody([dialog])).toThrow(RangeError);
  });

  test('chunkCommands never parts a command from the one it reads: the chunk ends early instead', () => {
    // Pairs (0,1), (2,3)…: the second of each reads the first.
    const items = Array.from({ length: 103 }, (_, index) => ({ index, back: index % 2 }));
    const chunks = chunkCommands(items, 50, (item) => item.back);
    expect(chunks.map((chunk) => chunk.length)).toEqual([50, 50, 3]);
    const odd = Array.from({ length: 60 }, (_, index) => ({ index, back: index % 3 === 0 ? 0 : index % 3 }));
    const tied = chunkCommands(odd, 50, (item) => item.back);
    expect(tied.map((chunk) => chunk.length)).toEqual([48, 12]);
    expect(tied.flat()).toEqual(odd);
    expect(() => chunkCommands([{ back: 0 }, { back: 1 }], 1, (item) => item.back)).toThrow(RangeError);
  });
});

describe('batch answers', () => {
  test('maps results, nulls and errors back to the commands in order', () => {
    const outcomes = readBatchResult(
      { result: { c0: { ID: 7 }, c2: null }, result_error: { c1: { error: 'ACCESS_ERROR', error_description: 'No access' } } },
      4,
    );
    expect(outcomes).toEqual([
      { kind: 'result', value: { ID: 7 } },
      { kind: 'error', error: 'ACCESS_ERROR', description: 'No access' },
      { kind: 'result', value: null },
      { kind: 'missing' },
    ]);
  });

  test('reads empty sections written as [] by PHP', () => {
    expect(readBatchResult({ result: [], result_error: { c0: { error: 'X' } } }, 1)).toEqual([{ kind: 'error', error: 'X', description: '' }]);
    expect(readBatchResult({ result: { c0: 5 }, result_error: [] }, 1)).toEqual([{ kind: 'result', value: 5 }]);
  });

  test('says when the answer is not a batch answer at all', () => {
    expect(readBatchResult(null, 1)).toBeNull();
    expect(readBatchResult([1, 2], 1)).toBeNull();
    expect(readBatchResult({ result: 'text' }, 1)).toBeNull();
    expect(readBatchResult({ result: [1], result_error: [] }, 1)).toBeNull();
  });
});
