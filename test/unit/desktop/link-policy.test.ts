import { describe, expect, it } from 'vitest';
import { chatLinkToOpen, entityLinkToOpen, isOpenableLink } from '../../../electron/core/desktop/link-policy.ts';
import { UserError } from '../../../electron/core/user-error.ts';

const installed = { allowLocalPortals: false };
const policy = {
  connectedPortal: (origin: string) =>
    origin === 'https://old-name.bitrix24.ru' ? 'https://acme.bitrix24.ru' : ['https://acme.bitrix24.ru', 'http://127.0.0.1:5555'].includes(origin) ? origin : undefined,
  allowLocalPortals: false,
};

describe('isOpenableLink', () => {
  it.each([
    'https://acme.bitrix24.ru/online/?IM_DIALOG=chat1437',
    'bx://v2/acme.bitrix24.ru/chat/dialogId/chat1437',
    'https://crm.example.com:8443/online/?IM_DIALOG=chat5',
    'https://acme.bitrix24.ru/crm/lead/details/13/',
    'https://acme.bitrix24.ru/crm/type/128/details/3/',
  ])(
    'opens the chat or entity link %s',
    (url) => {
      expect(isOpenableLink(url, installed)).toBe(true);
    },
  );

  it.each([
    'file:///etc/passwd',
    'smb://server/share',
    'javascript:alert(1)',
    'ms-settings:privacy',
    'http://acme.bitrix24.ru/online/?IM_DIALOG=chat1437',
    'https://acme.bitrix24.ru/online/?IM_DIALOG=chat1437&next=https://evil.example',
    'https://acme.bitrix24.ru/online/?IM_DIALOG=chat0',
    'https://acme.bitrix24.ru/crm/lead/details/13/?IFRAME=Y',
    'https://acme.bitrix24.ru/crm/lead/details/0/',
    'https://acme.bitrix24.ru/crm/invoice/details/3/',
    'https://acme.bitrix24.ru/crm/lead/details/13/../../../bitrix/admin/',
    'http://acme.bitrix24.ru/crm/deal/details/5/',
    'https://user:pass@acme.bitrix24.ru/online/?IM_DIALOG=chat1',
    'https://acme.bitrix24.ru/online/?IM_DIALOG=chat1#x',
    'bx://v2/acme.bitrix24.ru/chat/dialogId/chat1437/../../x',
    'bx://v1/acme.bitrix24.ru/open',
    'BX://V2/acme.bitrix24.ru/chat/dialogId/chat1',
    'https:\\\\acme.bitrix24.ru\\online\\?IM_DIALOG=chat1',
    'https://acme.bitrix24.ru/online/?IM_DIALOG=chat1 ',
    'https://acme.bitrix24.ru/online/?IM_DIALOG=chat1#',
    'HTTPS://acme.bitrix24.ru/online/?IM_DIALOG=chat1',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isOpenableLink(url, installed)).toBe(false);
  });

  it('opens the fake portal over plain http only in a development build', () => {
    const local = 'http://127.0.0.1:5555/online/?IM_DIALOG=chat1437';
    expect(isOpenableLink(local, installed)).toBe(false);
    expect(isOpenableLink(local, { allowLocalPortals: true })).toBe(true);
  });
});

describe('chatLinkToOpen', () => {
  it('builds the web or the desktop-app link for a known portal', () => {
    expect(chatLinkToOpen({ portal: 'https://acme.bitrix24.ru', chatId: 1437, opener: 'browser' }, policy)).toBe('https://acme.bitrix24.ru/online/?IM_DIALOG=chat1437');
    expect(chatLinkToOpen({ portal: 'https://acme.bitrix24.ru/', chatId: 1437, opener: 'desktop' }, policy)).toBe('bx://v2/acme.bitrix24.ru/chat/dialogId/chat1437');
  });

  it('opens a chat looked up before the portal moved at the portal\'s address now', () => {
    expect(chatLinkToOpen({ portal: 'https://old-name.bitrix24.ru', chatId: 5, opener: 'browser' }, policy)).toBe('https://acme.bitrix24.ru/online/?IM_DIALOG=chat5');
  });

  it('refuses a portal that is not connected', () => {
    expect(() => chatLinkToOpen({ portal: 'https://acme.bitrix24.ru.evil.example', chatId: 1, opener: 'browser' }, policy)).toThrow(UserError);
    expect(() => chatLinkToOpen({ portal: 'not a url', chatId: 1, opener: 'browser' }, policy)).toThrow(/not connected to this app/);
  });

  it('refuses the plain-http fake portal in an installed app even when it is in the history', () => {
    expect(() => chatLinkToOpen({ portal: 'http://127.0.0.1:5555', chatId: 1, opener: 'browser' }, policy)).toThrow(/cannot be opened/);
    expect(chatLinkToOpen({ portal: 'http://127.0.0.1:5555', chatId: 1, opener: 'browser' }, { ...policy, allowLocalPortals: true })).toBe('http://127.0.0.1:5555/online/?IM_DIALOG=chat1');
  });
});

describe('entityLinkToOpen', () => {
  it('builds the page of a CRM entity on a connected portal, at its address now', () => {
    expect(entityLinkToOpen({ portal: 'https://old-name.bitrix24.ru', entityType: 'CRM', entityId: 'CONTACT|25' }, policy)).toBe('https://acme.bitrix24.ru/crm/contact/details/25/');
    expect(entityLinkToOpen({ portal: 'https://acme.bitrix24.ru', entityType: 'CRM', entityId: 'DYNAMIC_1032|7' }, policy)).toBe('https://acme.bitrix24.ru/crm/type/1032/details/7/');
  });

  it.each([
    ['TASKS_TASK', '8293'],
    ['CRM', 'INVOICE|3'],
    ['CRM', 'DEAL|0'],
    ['CRM', 'DEAL|5?x=1'],
    ['CRM', 'DYNAMIC_X|5'],
  ])('has no page for %s %s', (entityType, entityId) => {
    expect(() => entityLinkToOpen({ portal: 'https://acme.bitrix24.ru', entityType, entityId }, policy)).toThrow(expect.objectContaining({ code: 'no_page' }));
  });

  it('refuses a portal that is not connected', () => {
    expect(() => entityLinkToOpen({ portal: 'https://evil.example', entityType: 'CRM', entityId: 'DEAL|5' }, policy)).toThrow(UserError);
  });
});
