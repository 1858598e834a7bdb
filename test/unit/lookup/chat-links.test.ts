import { describe, expect, test } from 'vitest';
import { chatLinks, linksPortal } from '../../../electron/core/lookup/chat-links.ts';

describe('chatLinks', () => {
  // The messenger's own links (chat-links.ts names the sources): /online/?IM_DIALOG=, bx://v2/<host>/chat/dialogId/.
  test('the web messenger on the portal and the desktop app by host', () => {
    expect(chatLinks('https://example.bitrix24.ru', 1437)).toEqual({
      dialogId: 'chat1437',
      webUrl: 'https://example.bitrix24.ru/online/?IM_DIALOG=chat1437',
      desktopUrl: 'bx://v2/example.bitrix24.ru/chat/dialogId/chat1437',
    });
  });

  test('an open-line chat opens in Open Channels, as the messenger opens one: IM_LINES and lines/dialogId', () => {
    expect(chatLinks('https://example.bitrix24.ru', 1764, 'lines')).toEqual({
      dialogId: 'chat1764',
      webUrl: 'https://example.bitrix24.ru/online/?IM_LINES=chat1764',
      desktopUrl: 'bx://v2/example.bitrix24.ru/lines/dialogId/chat1764',
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

  test('linksPortal reads the portal a chat opens on, as new URL(webUrl).origin would, whichever portal made the links last', () => {
    const here = chatLinks('https://example.bitrix24.ru', 1437);
    const there = chatLinks('https://crm.example.com:8443', 7);
    for (const links of [here, there, chatLinks('http://[::1]:3000', 5, 'lines')]) expect(linksPortal(links)).toBe(new URL(links.webUrl).origin);
    expect(linksPortal(here)).toBe('https://example.bitrix24.ru');
    expect(linksPortal(there)).toBe('https://crm.example.com:8443');
    // Links not made by chatLinks (a portal whose address starts like another's) are parsed.
    chatLinks('https://example.bitrix24.ru', 1);
    expect(linksPortal({ webUrl: 'https://example.bitrix24.ru.evil.example/online/?IM_DIALOG=chat1' })).toBe('https://example.bitrix24.ru.evil.example');
    expect(linksPortal({ webUrl: 'https://EXAMPLE.bitrix24.ru:443/online/?IM_DIALOG=chat1' })).toBe('https://example.bitrix24.ru');
  });
});
