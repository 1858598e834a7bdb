import { expect, test } from 'vitest';
import { readChatGetResult } from '../../../electron/core/bitrix/im.ts';

test.each([
  [{ ID: 1437 }, { found: true, chatId: 1437 }],
  [{ ID: '1437' }, { found: true, chatId: 1437 }],
  [1437, { found: true, chatId: 1437 }],
  ['1437', { found: true, chatId: 1437 }],
  [null, { found: false }],
  [{ ID: null }, { found: false }],
])('im.chat.get result %j reads as %j', (result, lookup) => {
  expect(readChatGetResult(result)).toEqual(lookup);
});

test.each([[0], [-5], [1.5], ['0'], ['01437'], ['12abc'], [true], [false], [[]], [{}], [{ id: 1437 }], [undefined], [2 ** 60]])(
  'im.chat.get result %j is not a chat id, nor "no chat"',
  (result) => {
    expect(readChatGetResult(result)).toBeUndefined();
  },
);
