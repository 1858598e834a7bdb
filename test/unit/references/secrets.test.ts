/**
 * Secrets pasted by mistake among references never travel on: not in `input`, a message, a label or a key, not
 * whole and not in part, however the paste wrapped, escaped or encoded them.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseEntityReference, parseEntityReferences } from '../../../electron/common/references/parse-reference.ts';
import { maskSecrets, secretsIn } from '../../../electron/common/references/secrets.ts';

const CODE = 'k3yq9x0s8d7f6g5h';
const TOKEN = 'tok3n0secret0value';

const everything = (text: string): string => JSON.stringify([parseEntityReferences(text, { defaultType: 'DEAL' }), parseEntityReference(text)]);

describe('secrets in pasted text', () => {
  test.each([
    ['a webhook address', `https://x.bitrix24.ru/rest/1/${CODE}/`],
    ['a webhook with a method after it', `https://x.bitrix24.ru/rest/1/${CODE}/im.chat.get.json`],
    ['a webhook without its scheme, among references', `LEAD|13\nx.bitrix24.ru/rest/7/${CODE}\nD_5`],
    ['a webhook whose code a line break moved to the next line', `https://x.bitrix24.ru/rest/1/\n${CODE}/`],
    ['a webhook inside a SafeLinks wrapper', `https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fx.bitrix24.ru%2Frest%2F1%2F${CODE}%2F&data=05`],
    ['a token in a page address', `https://x.bitrix24.ru/crm/deal/details/5/?auth=${TOKEN}&IFRAME=Y`],
    ['a token after an escaped ampersand', `https://x.bitrix24.ru/crm/deal/details/5/?IFRAME=Y&amp;auth=${TOKEN}`],
    ['a token after a semicolon', `https://x.bitrix24.ru/crm/deal/details/5/?IFRAME=Y;auth=${TOKEN}`],
    ['a token parameter on its own', `access_token=${TOKEN}`],
    ['a token written auth[access_token]', `https://x/crm/deal/details/5/?auth[access_token]=${TOKEN}`],
    ['a token written auth%5Baccess_token%5D', `https://x/crm/deal/details/5/?auth%5Baccess_token%5D=${TOKEN}`],
    ['a token behind a label', `LINK:https://x.bitrix24.ru/crm/deal/details/5/?refresh_token=${TOKEN}`],
    ['a webhook code with a zero-width space in it', `https://x.bitrix24.ru/rest/1/${CODE.slice(0, 4)}\u200b${CODE.slice(4)}/`],
    ['a webhook with a full-width user id', `https://x.bitrix24.ru/rest/１/${CODE}/`],
    ['a webhook written with backslashes', `https://x.bitrix24.ru\\rest\\1\\${CODE}\\`],
    ['a webhook with a doubled slash', `https://x.bitrix24.ru/rest//1/${CODE}/`],
    ['a webhook with a /./ segment', `https://x.bitrix24.ru/rest/1/./${CODE}/`],
    ['an encoded webhook after a lone percent sign', `100% sure: https%3A%2F%2Fx.bitrix24.ru%2Frest%2F1%2F${CODE}%2F`],
    ['a Google redirect with a lone percent sign after it', `https://www.google.com/url?q=https%3A%2F%2Fx.bitrix24.ru%2Frest%2F1%2F${CODE}%2F&sa=D 50%`],
    ['tokens as JSON writes them', `{"access_token": "${TOKEN}", "refresh_token":"${TOKEN}z"}`],
    ['tokens as JSON inside a JSON string', `{"body":"{\\"access_token\\":\\"${TOKEN}\\"}"}`],
    ['a token as PHP print_r shows it', `Array\n(\n    [AUTH_ID] => ${TOKEN}\n    [member_id] => 42\n)`],
    ['a token in a PHP array', `['access_token' => '${TOKEN}']`],
    ['a token as YAML or a header', `refresh_token: ${TOKEN}`],
    ['a token as XML writes it', `<response><access_token>${TOKEN}</access_token></response>`],
    ['a token in an Authorization header', `Authorization: Bearer ${TOKEN}`],
    ['a webhook whose code has its own letters percent-encoded', `https://x.bitrix24.ru/rest/1/%6B${CODE.slice(1)}/`],
    ['a token as an assignment in a config or shell', `ACCESS_TOKEN="${TOKEN}"`],
    ['a token under a prefixed name', `export B24_ACCESS_TOKEN='${TOKEN}'`],
    ['a token assigned with spaces and tabs', `auth_id =\t${TOKEN}`],
    ['a token in XML CDATA', `<access_token><![CDATA[${TOKEN}]]></access_token>`],
    ['a webhook in HTML with escaped slashes', `<a href="https:&#x2F;&#x2F;x.bitrix24.ru&#x2F;rest&#x2F;1&#x2F;${CODE}&#x2F;">hook</a>`],
    ['a webhook with a NUL in its path', `https://x.bitrix24.ru/rest\u0000/1/${CODE}/`],
    ['a webhook in HTML with decimal-escaped slashes', `https:&#47;&#47;x.bitrix24.ru&#47;rest&#47;1&#47;${CODE}&#47;`],
    ["an OAuth sign-in's callback address (its code)", `http://127.0.0.1/b24-chat-lookup/oauth?code=${TOKEN}&state=abc&domain=x.bitrix24.ru`],
  ])('%s', (_name, text) => {
    const out = everything(text);
    expect(out).not.toContain(CODE);
    expect(out).not.toContain(TOKEN);
    expect(out).toContain('•••');
  });

  test('a key that only looks like a token key leaves ordinary references alone', () => {
    expect(maskSecrets('auth: LEAD|13')).toBe('auth: LEAD|13');
    expect(maskSecrets('"auth": "1234"\nLEAD|1234')).toBe('"auth": "1234"\nLEAD|1234');
    // `code` is masked only as a link's parameter: an error code in a dump stays readable.
    expect(maskSecrets('{"code": "invalid_request_parameter"}')).toBe('{"code": "invalid_request_parameter"}');
    expect(maskSecrets('barcode=4600000000000 LEAD|13')).toBe('barcode=4600000000000 LEAD|13');
  });

  test('a webhook code cut in two by a line break: neither half travels on', () => {
    const out = everything(`https://x.bitrix24.ru/rest/1/${CODE.slice(0, 8)}\n${CODE.slice(8)}/`);
    expect(out).not.toContain(CODE.slice(0, 8));
    expect(out).not.toContain(CODE.slice(8));
  });

  test.each([
    ['a blank line', '\r\n\r\n'],
    ['a space', ' '],
    ['a zero-width space and a line break', '\u200b\n'],
  ])('a webhook code cut by %s: neither half travels on', (_name, cut) => {
    const out = everything(`https://x.bitrix24.ru/rest/1/${CODE.slice(0, 8)}${cut}${CODE.slice(8)}/`);
    expect(out).not.toContain(CODE.slice(0, 8));
    expect(out).not.toContain(CODE.slice(8));
  });

  test('an id on the line after a webhook is not taken for part of its code', () => {
    const references = parseEntityReferences(`https://x.bitrix24.ru/rest/1/abc123\n12345\nD_12345`);
    expect(references.at(-1)).toMatchObject({ ok: true, entityId: 'DEAL|12345' });
  });

  test('property: wherever a line break cuts a webhook code, no piece of 4 or more characters survives', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9]{16}$/), fc.integer({ min: 4, max: 12 }), fc.constantFrom('\n', '\r\n', ' \n '), (code, cut, breakWith) => {
        const out = everything(`see https://x.bitrix24.ru/rest/1/${code.slice(0, cut)}${breakWith}${code.slice(cut)}/ and D_5`);
        expect(out).not.toContain(code.slice(0, cut));
        expect(out).not.toContain(code.slice(cut));
      }),
      { numRuns: 300 },
    );
  });

  test('a token of 90,000 characters is masked whole (one regular expression of it would be too large to build)', () => {
    const token = 'a1'.repeat(45_000);
    const masked = maskSecrets(`LEAD|13 access_token=${token} D_5`);
    expect(masked).toBe('LEAD|13 access_token=••• D_5');
    const escaped = maskSecrets(`LEAD|13 access_token=${'a%25'.repeat(20_000)}`);
    expect(escaped).not.toContain('a%25a%25a%25');
  });

  test('thousands of secrets of every length are masked in one text', () => {
    const tokens = Array.from({ length: 3_000 }, (_, i) => `tok${i}x${'q'.repeat(i % 40)}`);
    const masked = maskSecrets(tokens.map((token) => `auth=${token}`).join(' '));
    for (const token of tokens) expect(masked).not.toContain(`=${token} `);
  });

  test('masking leaves ordinary references alone', () => {
    const text = 'LEAD|13, D_5\nhttps://x.bitrix24.ru/crm/deal/details/5/?IFRAME=Y\n1234';
    expect(secretsIn(text)).toEqual([]);
    expect(maskSecrets(text)).toBe(text);
  });

  // secretsIn skips a text with none of the characters any secret's shape needs; these are the edges of that shortcut.
  test.each([
    ['a bearer token, in any case', `BEARER ${TOKEN}`],
    ['a bearer token split by a control character a browser drops', `Bea\u0007rer ${TOKEN}`],
    ['a Vibecode key alone', `vibe_api_${TOKEN}`],
    ['a token whose = is percent-encoded', `access_token%3D${TOKEN}`],
    ['a token whose & is an HTML entity', `LEAD|13&amp;auth%3D${TOKEN}`],
    ['a dump with a comma', `define('C_REST_CLIENT_SECRET','${TOKEN}')`],
  ])('still found when the text has little else: %s', (_name, text) => {
    expect(secretsIn(text)).toContain(TOKEN);
    expect(maskSecrets(text)).not.toContain(TOKEN);
  });

  test('a text that cannot hold a secret comes back as it was', () => {
    for (const text of ['LEAD|13', 'deal 5', 'сделка 101 102', 'D_5 L_7', 'chat1437', '']) {
      expect(secretsIn(text)).toEqual([]);
      expect(maskSecrets(text)).toBe(text);
    }
  });
});
