import { describe, expect, it } from 'vitest';
import { RELEASES_PAGE } from '../../../electron/core/about.ts';
import { authorizeUrl } from '../../../electron/core/bitrix/oauth.ts';
import { chatLinkToOpen, entityLinkToOpen, isOpenableLink } from '../../../electron/core/links/link-policy.ts';
import { UserError } from '../../../electron/core/user-error.ts';

const installed = { allowLocalPortals: false };
const policy = {
  connectedPortal: (origin: string) =>
    origin === 'https://old-name.bitrix24.ru'
      ? 'https://acme.bitrix24.ru'
      : ['https://acme.bitrix24.ru', 'http://127.0.0.1:5555'].includes(origin)
        ? origin
        : undefined,
  allowLocalPortals: false,
};

describe('isOpenableLink', () => {
  it.each([
    'https://acme.bitrix24.ru/online/?IM_DIALOG=chat1437',
    'bx://v2/acme.bitrix24.ru/chat/dialogId/chat1437',
    'https://acme.bitrix24.ru/online/?IM_LINES=chat1764',
    'bx://v2/acme.bitrix24.ru/lines/dialogId/chat1764',
    'https://crm.example.com:8443/online/?IM_DIALOG=chat5',
    'https://acme.bitrix24.ru/crm/lead/details/13/',
    'https://acme.bitrix24.ru/crm/type/128/details/3/',
  ])('opens the chat or entity link %s', (url) => {
    expect(isOpenableLink(url, installed)).toBe(true);
  });

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
    'bx://v2/acme.bitrix24.ru/call/dialogId/chat1437',
    'https://acme.bitrix24.ru/online/?IM_LINES=chat1&IM_DIALOG=chat2',
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

  it('opens the releases page, written exactly as it is, in an installed app and a development build alike', () => {
    expect(RELEASES_PAGE).toBe('https://github.com/b24-chat-lookup/b24-chat-lookup/releases');
    expect(isOpenableLink('https://github.com/b24-chat-lookup/b24-chat-lookup/releases', installed)).toBe(true);
    expect(isOpenableLink(RELEASES_PAGE, { allowLocalPortals: true })).toBe(true);
  });

  it.each([
    // Another page of the project, or of GitHub.
    'https://github.com/b24-chat-lookup/b24-chat-lookup',
    'https://github.com/b24-chat-lookup/b24-chat-lookup/',
    'https://github.com/b24-chat-lookup/b24-chat-lookup/releases/',
    'https://github.com/b24-chat-lookup/b24-chat-lookup/releases/latest',
    'https://github.com/b24-chat-lookup/b24-chat-lookup/releases/download/v0.1.0/b24-chat-lookup.exe',
    'https://github.com/b24-chat-lookup/b24-chat-lookup/releases/../../evil/repo/releases',
    'https://github.com/b24-chat-lookup/b24-chat-lookup/issues',
    'https://github.com/b24-chat-lookup/other/releases',
    'https://github.com/evil/b24-chat-lookup/releases',
    'https://github.com/',
    // The same page, spelt otherwise.
    'http://github.com/b24-chat-lookup/b24-chat-lookup/releases',
    'HTTPS://github.com/b24-chat-lookup/b24-chat-lookup/releases',
    'https://GitHub.com/b24-chat-lookup/b24-chat-lookup/releases',
    'https://github.com/B24-Chat-Lookup/b24-chat-lookup/releases',
    'https://github.com:443/b24-chat-lookup/b24-chat-lookup/releases',
    'https://github.com/b24-chat-lookup/b24-chat-lookup/releases?x=1',
    'https://github.com/b24-chat-lookup/b24-chat-lookup/releases?',
    'https://github.com/b24-chat-lookup/b24-chat-lookup/releases#x',
    'https://github.com/b24-chat-lookup/b24-chat-lookup/releases#',
    'https://github.com/b24-chat-lookup/b24-chat-lookup/releases ',
    ' https://github.com/b24-chat-lookup/b24-chat-lookup/releases',
    'https://github.com/b24-chat-lookup/b24-chat-lookup/releases\n',
    'https://github.com/b24-chat-lookup/b24-chat-lookup/releases%2F..',
    'https://github.com/b24-chat-lookup/b24-chat-lookup/%72eleases',
    'https://user@github.com/b24-chat-lookup/b24-chat-lookup/releases',
    // Look-alike hosts.
    'https://github.com.evil.example/b24-chat-lookup/b24-chat-lookup/releases',
    'https://evil.example/github.com/b24-chat-lookup/b24-chat-lookup/releases',
    'https://www.github.com/b24-chat-lookup/b24-chat-lookup/releases',
    'https://github.com./b24-chat-lookup/b24-chat-lookup/releases',
    'https://xn--gthub-n4a.com/b24-chat-lookup/b24-chat-lookup/releases',
    'https://gíthub.com/b24-chat-lookup/b24-chat-lookup/releases',
    'https://github.com@evil.example/b24-chat-lookup/b24-chat-lookup/releases',
    'https:\\\\github.com\\b24-chat-lookup\\b24-chat-lookup\\releases',
    'git+https://github.com/b24-chat-lookup/b24-chat-lookup.git',
  ])('refuses %s, which is not the releases page as the app writes it', (url) => {
    expect(isOpenableLink(url, installed)).toBe(false);
    expect(isOpenableLink(url, { allowLocalPortals: true })).toBe(false);
  });

  it('opens the fake portal over plain http only in a development build', () => {
    const local = 'http://127.0.0.1:5555/online/?IM_DIALOG=chat1437';
    expect(isOpenableLink(local, installed)).toBe(false);
    expect(isOpenableLink(local, { allowLocalPortals: true })).toBe(true);
  });
});

describe('isOpenableLink, for a sign-in', () => {
  const state = 'Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg';
  const clientId = 'local.5f1a2b3c4d5e6f.12345678';
  const link = `https://acme.bitrix24.ru/oauth/authorize/?client_id=${clientId}&state=${state}`;

  it("opens a portal's authorize page exactly as the sign-in writes it", () => {
    expect(authorizeUrl('https://acme.bitrix24.ru', { clientId, state })).toBe(link);
    expect(isOpenableLink(link, installed)).toBe(true);
    expect(isOpenableLink(link.replace('https://acme.bitrix24.ru', 'https://crm.example.com:8443'), installed)).toBe(true);
  });

  it("opens the fake portal's authorize page over plain http only in a development build", () => {
    const local = link.replace('https://acme.bitrix24.ru', 'http://127.0.0.1:24024');
    expect(isOpenableLink(local, installed)).toBe(false);
    expect(isOpenableLink(local, { allowLocalPortals: true })).toBe(true);
  });

  it.each([
    // Another path, or the same one spelt otherwise.
    link.replace('/oauth/authorize/', '/oauth/authorize'),
    link.replace('/oauth/authorize/', '/oauth/token/'),
    link.replace('/oauth/authorize/', '/OAUTH/authorize/'),
    link.replace('/oauth/authorize/', '/x/oauth/authorize/'),
    link.replace('/oauth/authorize/', '/oauth/authorize/../authorize/'),
    link.replace('/oauth/authorize/', '/oauth/%61uthorize/'),
    // Plain http to the internet, a user before the host, a fragment.
    link.replace('https:', 'http:'),
    link.replace('https://', 'https://user@'),
    `${link}#x`,
    // Keys the sign-in does not write (a redirect_uri among them: the portal takes it from the application), missing,
    // twice, or in another order.
    `${link}&response_type=code`,
    `${link}&scope=im`,
    `${link}&redirect_uri=http%3A%2F%2F127.0.0.1%3A31024%2Fb24-chat-lookup%2Foauth`,
    `${link}&state=${state}`,
    link.replace(`&state=${state}`, ''),
    link.replace(`client_id=${clientId}&`, ''),
    `https://acme.bitrix24.ru/oauth/authorize/?state=${state}&client_id=${clientId}`,
    link.replace('?', '?&'),
    `${link}&`,
    // A state that is not the sign-in's 32 random bytes, a client id with room for tricks.
    link.replace(state, state.slice(1)),
    link.replace(state, `${state}A`),
    link.replace(state, `${state.slice(0, -1)}%2B`),
    link.replace(clientId, 'local%2F..%2Fx'),
    link.replace(clientId, ''),
    link.replace(clientId, `${clientId}%20`),
  ])('refuses %s', (url) => {
    expect(isOpenableLink(url, installed)).toBe(false);
    expect(isOpenableLink(url, { allowLocalPortals: true })).toBe(false);
  });
});

describe('chatLinkToOpen', () => {
  it('builds the web or the desktop-app link for a known portal', () => {
    expect(chatLinkToOpen({ portal: 'https://acme.bitrix24.ru', chatId: 1437, opener: 'browser' }, policy)).toBe(
      'https://acme.bitrix24.ru/online/?IM_DIALOG=chat1437',
    );
    expect(chatLinkToOpen({ portal: 'https://acme.bitrix24.ru/', chatId: 1437, opener: 'desktop' }, policy)).toBe(
      'bx://v2/acme.bitrix24.ru/chat/dialogId/chat1437',
    );
    expect(chatLinkToOpen({ portal: 'https://acme.bitrix24.ru', chatId: 1764, opener: 'browser', section: 'lines' }, policy)).toBe(
      'https://acme.bitrix24.ru/online/?IM_LINES=chat1764',
    );
    expect(chatLinkToOpen({ portal: 'https://acme.bitrix24.ru', chatId: 1764, opener: 'desktop', section: 'lines' }, policy)).toBe(
      'bx://v2/acme.bitrix24.ru/lines/dialogId/chat1764',
    );
  });

  it("opens a chat looked up before the portal moved at the portal's address now", () => {
    expect(chatLinkToOpen({ portal: 'https://old-name.bitrix24.ru', chatId: 5, opener: 'browser' }, policy)).toBe(
      'https://acme.bitrix24.ru/online/?IM_DIALOG=chat5',
    );
  });

  it('refuses a portal that is not connected', () => {
    expect(() => chatLinkToOpen({ portal: 'https://acme.bitrix24.ru.evil.example', chatId: 1, opener: 'browser' }, policy)).toThrow(UserError);
    expect(() => chatLinkToOpen({ portal: 'not a url', chatId: 1, opener: 'browser' }, policy)).toThrow(
      expect.objectContaining({ code: 'chat_portal_unknown' }),
    );
  });

  it('refuses the plain-http fake portal in an installed app even when it is in the history', () => {
    expect(() => chatLinkToOpen({ portal: 'http://127.0.0.1:5555', chatId: 1, opener: 'browser' }, policy)).toThrow(
      expect.objectContaining({ code: 'portal_not_openable' }),
    );
    expect(chatLinkToOpen({ portal: 'http://127.0.0.1:5555', chatId: 1, opener: 'browser' }, { ...policy, allowLocalPortals: true })).toBe(
      'http://127.0.0.1:5555/online/?IM_DIALOG=chat1',
    );
  });
});

describe('entityLinkToOpen', () => {
  it('builds the page of a CRM entity on a connected portal, at its address now', () => {
    expect(entityLinkToOpen({ portal: 'https://old-name.bitrix24.ru', entityType: 'CRM', entityId: 'CONTACT|25' }, policy)).toBe(
      'https://acme.bitrix24.ru/crm/contact/details/25/',
    );
    expect(entityLinkToOpen({ portal: 'https://acme.bitrix24.ru', entityType: 'CRM', entityId: 'DYNAMIC_1032|7' }, policy)).toBe(
      'https://acme.bitrix24.ru/crm/type/1032/details/7/',
    );
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
