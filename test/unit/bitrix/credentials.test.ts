import { describe, expect, test } from 'vitest';
import { describeCredentials, isLoopbackHost, parseWebhookUrl, restBase, type WebhookCredentials } from '../../../electron/core/bitrix/credentials.ts';
import { say } from '../../../electron/common/i18n/catalogs.ts';

const SECRET = 'a1b2c3d4e5f6g7h8';
const expected = (origin: string, userId = 1, pathPrefix = ''): WebhookCredentials => ({ kind: 'webhook', origin, pathPrefix, userId, secret: SECRET });

describe('parseWebhookUrl accepts webhooks as people paste them', () => {
  test.each([
    ['canonical', `https://example.bitrix24.ru/rest/1/${SECRET}/`, expected('https://example.bitrix24.ru')],
    ['no trailing slash', `https://example.bitrix24.ru/rest/1/${SECRET}`, expected('https://example.bitrix24.ru')],
    ['with profile.json', `https://example.bitrix24.ru/rest/1/${SECRET}/profile.json`, expected('https://example.bitrix24.ru')],
    ['with a method and slash', `https://example.bitrix24.ru/rest/1/${SECRET}/im.chat.get/`, expected('https://example.bitrix24.ru')],
    ['with a query string', `https://example.bitrix24.ru/rest/1/${SECRET}/crm.lead.get.json?id=13&auth=x`, expected('https://example.bitrix24.ru')],
    ['with a fragment', `https://example.bitrix24.ru/rest/1/${SECRET}/#top`, expected('https://example.bitrix24.ru')],
    ['surrounded by spaces and a newline', `  https://example.bitrix24.ru/rest/1/${SECRET}/ \n`, expected('https://example.bitrix24.ru')],
    ['in quotes', `"https://example.bitrix24.ru/rest/1/${SECRET}/"`, expected('https://example.bitrix24.ru')],
    ['in angle brackets from a mail', `<https://example.bitrix24.ru/rest/1/${SECRET}/>`, expected('https://example.bitrix24.ru')],
    ['with a zero-width space', `\u200Bhttps://example.bitrix24.ru/rest/1/${SECRET}/`, expected('https://example.bitrix24.ru')],
    ['without a scheme', `example.bitrix24.ru/rest/1/${SECRET}/`, expected('https://example.bitrix24.ru')],
    ['upper-case host', `https://Example.Bitrix24.RU/rest/1/${SECRET}/`, expected('https://example.bitrix24.ru')],
    ['another user and port', `https://b24.corp.local:8443/rest/27/${SECRET}/`, expected('https://b24.corp.local:8443', 27)],
    ['self-hosted below the site root', `https://corp.example.com/portal/rest/3/${SECRET}/`, expected('https://corp.example.com', 3, '/portal')],
    ['a doubled slash', `https://example.bitrix24.ru/rest//1/${SECRET}/`, expected('https://example.bitrix24.ru')],
    ['plain HTTP to 127.0.0.1', `http://127.0.0.1:24024/rest/1/${SECRET}/`, expected('http://127.0.0.1:24024')],
    ['plain HTTP to localhost', `http://localhost:8080/rest/1/${SECRET}/`, expected('http://localhost:8080')],
    ['plain HTTP to [::1]', `http://[::1]:8080/rest/1/${SECRET}/`, expected('http://[::1]:8080')],
    // REST 3.0's address of the same webhook ([en] api-reference/rest-v3.md:22): the app calls it at /rest/.
    ['a REST 3.0 address', `https://example.bitrix24.ru/rest/api/1/${SECRET}/`, expected('https://example.bitrix24.ru')],
    ['a REST 3.0 address with a method', `https://example.bitrix24.ru/rest/api/5/${SECRET}/tasks.task.get`, expected('https://example.bitrix24.ru', 5)],
  ])('%s', (_, input, value) => {
    expect(parseWebhookUrl(input)).toEqual({ ok: true, value });
  });
});

describe('parseWebhookUrl rejects what is not a webhook, saying what is wrong', () => {
  test.each([
    ['empty', '   ', /is empty/],
    ['not an address', 'hello there', /contains spaces/],
    ['broken address', 'https://', /not a web address/],
    ['another scheme', `ftp://example.bitrix24.ru/rest/1/${SECRET}/`, /starts with https:\/\/, not ftp:/],
    ['plain HTTP to the internet', `http://example.bitrix24.ru/rest/1/${SECRET}/`, /only over HTTPS: use https:\/\/example\.bitrix24\.ru/],
    ['plain HTTP to a LAN host', `http://192.168.1.5/rest/1/${SECRET}/`, /only over HTTPS/],
    ['a user name in the address', `https://me:pw@example.bitrix24.ru/rest/1/${SECRET}/`, /no user name or password/],
    ['the portal address only', 'https://example.bitrix24.ru/', /address of the portal example\.bitrix24\.ru, not of a webhook/],
    ['a CRM page', 'https://example.bitrix24.ru/crm/lead/details/13/', /no \/rest\/<user id>\/<code>\/ part/],
    ['cut after /rest/', 'https://example.bitrix24.ru/rest/', /cut short/],
    ['cut after the user id', 'https://example.bitrix24.ru/rest/1/', /cut short/],
    ['user id not a number', `https://example.bitrix24.ru/rest/admin/${SECRET}/`, /user id, a positive number/],
    ['user id zero', `https://example.bitrix24.ru/rest/0/${SECRET}/`, /user id, a positive number/],
    ['code too short', 'https://example.bitrix24.ru/rest/1/abc/', /unexpected characters or length/],
    ['code with odd characters', 'https://example.bitrix24.ru/rest/1/abc%20defgh/', /unexpected characters or length/],
    ['junk after the code', `https://example.bitrix24.ru/rest/1/${SECRET}/%%%/`, /not a REST method name|not a web address/],
    ['two segments after the code', `https://example.bitrix24.ru/rest/1/${SECRET}/a/b`, /goes on after the webhook code/],
    ['an OAuth endpoint', 'https://example.bitrix24.ru/rest/crm.lead.get', /cut short/],
  ])('%s', (_, input, message) => {
    const parsed = parseWebhookUrl(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(say(parsed.message, 'en')).toMatch(message);
  });
});

describe('addresses built from credentials', () => {
  test('restBase rebuilds the webhook; describeCredentials hides its code', () => {
    const credentials = expected('https://corp.example.com', 3, '/portal');
    expect(restBase(credentials)).toBe(`https://corp.example.com/portal/rest/3/${SECRET}/`);
    expect(describeCredentials(credentials)).toBe('https://corp.example.com/portal/rest/3/•••/');
  });

  test.each([
    ['localhost', true],
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['[::1]', true],
    ['localhost.', true],
    ['app.localhost', true],
    ['0.0.0.0', true],
    ['[::]', true],
    [new URL('https://[::ffff:127.0.0.1]/').hostname, true],
    ['[::ffff:7f00:1]', true],
    ['[::ffff:a00:1]', false],
    ['localhost.example.com', false],
    ['127.0.0.1.nip.io', false],
    ['10.0.0.1', false],
  ])('isLoopbackHost(%s) is %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});
