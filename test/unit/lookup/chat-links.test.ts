import { describe, expect, test } from 'vitest';
import { chatLinks } from '../../../electron/core/lookup/chat-links.ts';

describe('chatLinks', () => {
  test('the web messenger on the portal and the desktop app by host, as BITRIX24.md spells them', () => {
    expect(chatLinks('https://example.bitrix24.ru', 1437)).toEqual({
      dialogId: 'chat1437',
      webUrl: 'https://example.bitrix24.ru/online/?IM_DIALOG=chat1437',
      desktopUrl: 'bx://v2/example.bitrix24.ru/chat/dialogId/chat1437',
    });
  });

  test('a self-hosted portal keeps its port in both links', () => {
    const links = chatLinks('https://crm.example.com:8443', 7);
    expect(links.webUrl).toBe('https://crm.example.com:8443/online/?IM_DIALOG=chat7');
    expect(links.desktopUrl).toBe('bx://v2/crm.example.com:8443/chat/dialogId/chat7');
  });

  test('a chat id that is not a positive integer is a programming error', () => {
    for (const id of [0, -1, 1.5, Number.NaN]) expect(() => chatLinks('https://example.bitrix24.ru', id)).toThrow(RangeError);
  });
});
