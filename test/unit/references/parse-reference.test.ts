/**
 * What people paste, and what the parser makes of it. Each row is an input as it arrives from a chat, a
 * spreadsheet, an address bar or a colleague's message, and the `im.chat.get` key (or chat, or error code) a user
 * would expect from it.
 */
import { describe, expect, test } from 'vitest';
import { parseIdType } from '../../../electron/common/references/entity-types.ts';
import { type ParsedReference, parseEntityReference, parseEntityReferences } from '../../../electron/common/references/parse-reference.ts';
import { sentence } from '../../support/sentence.ts';
import { referenceFailureKind } from '../../../electron/common/messages/references.ts';

/** `CRM DEAL|5`, `TASKS_TASK 8293`, `chat 1437` or `✗ invalid_id`: one reference in a line a table can hold. */
function summary(reference: ParsedReference): string {
  if (!reference.ok) return `✗ ${referenceFailureKind(reference.error.code) ?? reference.error.code}`;
  return reference.kind === 'chat' ? `chat ${reference.chatId}` : `${reference.entityType} ${reference.entityId}`;
}

const ZWSP = '\u200b';
const NBSP = '\u00a0';

// [what is pasted, what it means]
const WITHOUT_DEFAULT_TYPE: [string, string][] = [
  // TYPE|ID, the ENTITY_ID itself, in any case and spacing
  ['LEAD|13', 'CRM LEAD|13'],
  ['lead|13', 'CRM LEAD|13'],
  ['Lead|13', 'CRM LEAD|13'],
  ['LEAD | 13', 'CRM LEAD|13'],
  ['deal|05', 'CRM DEAL|5'],
  ['DEAL|5', 'CRM DEAL|5'],
  ['CONTACT|25', 'CRM CONTACT|25'],
  ['company|7', 'CRM COMPANY|7'],
  ['QUOTE|3', 'CRM QUOTE|3'],
  ['SMART_INVOICE|9', 'CRM SMART_INVOICE|9'],
  ['DYNAMIC_128|3', 'CRM DYNAMIC_128|3'],
  ['dynamic_1032|44', 'CRM DYNAMIC_1032|44'],
  ['CRM:DEAL|5', 'CRM DEAL|5'],
  ['  DEAL|5  ', 'CRM DEAL|5'],
  ['"DEAL|5"', 'CRM DEAL|5'],
  ["'LEAD|13'", 'CRM LEAD|13'],
  ['«DEAL|5»', 'CRM DEAL|5'],
  ['“DEAL|5”', 'CRM DEAL|5'],
  ['`DEAL|5`', 'CRM DEAL|5'],
  [`${ZWSP}DEAL|5${ZWSP}`, 'CRM DEAL|5'],
  [`\ufeffLEAD|13`, 'CRM LEAD|13'],
  [`DEAL${NBSP}|${NBSP}5`, 'CRM DEAL|5'],
  ['ＤＥＡＬ｜５', 'CRM DEAL|5'],
  ['DEAL|5.', 'CRM DEAL|5'],
  ['(DEAL|5)', 'CRM DEAL|5'],
  ['- DEAL|5', 'CRM DEAL|5'],
  ['• LEAD|13', 'CRM LEAD|13'],
  // binding short codes
  ['L_13', 'CRM LEAD|13'],
  ['D_5', 'CRM DEAL|5'],
  ['d_5', 'CRM DEAL|5'],
  ['C_2', 'CRM CONTACT|2'],
  ['CO_3', 'CRM COMPANY|3'],
  ['Q_4', 'CRM QUOTE|4'],
  ['SI_7', 'CRM SMART_INVOICE|7'],
  ['T80_6', 'CRM DYNAMIC_128|6'],
  ['T8a_3', 'CRM DYNAMIC_138|3'],
  ['t8A_3', 'CRM DYNAMIC_138|3'],
  ['T408_12', 'CRM DYNAMIC_1032|12'],
  ['T1f_2', 'CRM SMART_INVOICE|2'],
  ['D_007', 'CRM DEAL|7'],
  // entity pages: details and legacy show, with or without host, query or fragment
  ['https://x.bitrix24.ru/crm/deal/details/5/?IFRAME=Y', 'CRM DEAL|5'],
  ['https://x.bitrix24.ru/crm/lead/details/13/', 'CRM LEAD|13'],
  ['https://x.bitrix24.com/crm/contact/details/25/#tab', 'CRM CONTACT|25'],
  ['https://x.bitrix24.de/crm/company/details/7', 'CRM COMPANY|7'],
  ['https://x.bitrix24.ru/crm/quote/details/3/', 'CRM QUOTE|3'],
  ['https://x.bitrix24.ru/crm/deal/show/5/', 'CRM DEAL|5'],
  ['/crm/lead/show/13/', 'CRM LEAD|13'],
  ['/crm/deal/details/5/?IFRAME=Y&IFRAME_TYPE=SIDE_SLIDER', 'CRM DEAL|5'],
  ['x.bitrix24.ru/crm/deal/details/5/', 'CRM DEAL|5'],
  ['crm/lead/details/13/', 'CRM LEAD|13'],
  ['https://crm.example.com/bitrix/crm/deal/details/5/', 'CRM DEAL|5'],
  ['https://crm.example.com:8443/crm/DEAL/details/5/', 'CRM DEAL|5'],
  ['http://192.168.0.10/crm/contact/details/25/', 'CRM CONTACT|25'],
  ['<https://x.bitrix24.ru/crm/deal/details/5/>', 'CRM DEAL|5'],
  ['[Deal 5](https://x.bitrix24.ru/crm/deal/details/5/)', 'CRM DEAL|5'],
  ['https://x.bitrix24.ru/crm/deal/details/5/.', 'CRM DEAL|5'],
  ['https://x.bitrix24.ru//crm//deal//details//5//', 'CRM DEAL|5'],
  // /crm/type/<typeId>/details/<id>/
  ['https://x.bitrix24.ru/crm/type/1/details/13/', 'CRM LEAD|13'],
  ['https://x.bitrix24.ru/crm/type/2/details/5/', 'CRM DEAL|5'],
  ['https://x.bitrix24.ru/crm/type/3/details/25/', 'CRM CONTACT|25'],
  ['https://x.bitrix24.ru/crm/type/4/details/7/', 'CRM COMPANY|7'],
  ['https://x.bitrix24.ru/crm/type/7/details/3/', 'CRM QUOTE|3'],
  ['https://x.bitrix24.ru/crm/type/31/details/9/', 'CRM SMART_INVOICE|9'],
  ['https://x.bitrix24.ru/crm/type/128/details/3/?c=4', 'CRM DYNAMIC_128|3'],
  ['/crm/type/1032/details/44/', 'CRM DYNAMIC_1032|44'],
  // words, English and Russian, with # or №
  ['lead 13', 'CRM LEAD|13'],
  ['Deal #5', 'CRM DEAL|5'],
  ['deal#5', 'CRM DEAL|5'],
  ['Deal ID: 5', 'CRM DEAL|5'],
  ['deal no. 5', 'CRM DEAL|5'],
  ['Contact 25', 'CRM CONTACT|25'],
  ['company #7', 'CRM COMPANY|7'],
  ['Estimate 3', 'CRM QUOTE|3'],
  // An invoice is a smart invoice in a current portal and an old invoice in one that still has those: not guessed.
  ['invoice 9', '✗ ambiguous_type'],
  ['smart invoice 9', 'CRM SMART_INVOICE|9'],
  ['old invoice 9', 'CRM INVOICE|9'],
  ['лид 13', 'CRM LEAD|13'],
  ['лид №13', 'CRM LEAD|13'],
  ['Лид № 13', 'CRM LEAD|13'],
  ['сделка 5', 'CRM DEAL|5'],
  ['Сделка №5', 'CRM DEAL|5'],
  ['в сделке 5', 'CRM DEAL|5'],
  ['по сделке 5', 'CRM DEAL|5'],
  ['сделке 5', 'CRM DEAL|5'],
  ['сделка номер 5', 'CRM DEAL|5'],
  ['контакт 25', 'CRM CONTACT|25'],
  ['компания 7', 'CRM COMPANY|7'],
  ['коммерческое предложение 3', 'CRM QUOTE|3'],
  ['КП 3', 'CRM QUOTE|3'],
  ['счёт 9', '✗ ambiguous_type'],
  ['смарт-счёт 9', 'CRM SMART_INVOICE|9'],
  ['«Сделка № 5»', 'CRM DEAL|5'],
  ['DYNAMIC_128 3', 'CRM DYNAMIC_128|3'],
  ['счёте 9', '✗ ambiguous_type'],
  ['старый счёт 9', 'CRM INVOICE|9'],
  ['предложении 3', 'CRM QUOTE|3'],
  ['угода 5', 'CRM DEAL|5'],
  ['лід 13', 'CRM LEAD|13'],
  ['Сделка (№5)', 'CRM DEAL|5'],
  ['**DEAL|5**', 'CRM DEAL|5'],
  ['CRM|DEAL|5', 'CRM DEAL|5'],
  ['DYNAMIC_0128|3', 'CRM DYNAMIC_128|3'],
  ['smart process 128 item 3', 'CRM DYNAMIC_128|3'],
  // codes typed with the Russian layout: Cyrillic С, О, Т look like C, O, T
  ['С_2', 'CRM CONTACT|2'],
  ['СО_3', 'CRM COMPANY|3'],
  ['Т80_6', 'CRM DYNAMIC_128|6'],
  // labels in front of a reference
  ['FWD: Deal #5', 'CRM DEAL|5'],
  ['URL: https://x.bitrix24.ru/crm/deal/details/5/', 'CRM DEAL|5'],
  ['Ссылка:https://x.bitrix24.ru/crm/deal/details/5/', 'CRM DEAL|5'],
  ['UF_CRM_TASK: D_5', 'CRM DEAL|5'],
  ['ENTITY_ID=DEAL|5', 'CRM DEAL|5'],
  ['ENTITY_TYPE=CRM&ENTITY_ID=DEAL%7C5', 'CRM DEAL|5'],
  ['ENTITY_TYPE=TASKS_TASK&ENTITY_ID=8293', 'TASKS_TASK 8293'],
  // more links: legacy edit, mobile view, custom sections, redirect wrappers, markup
  ['/crm/deal/edit/5/', 'CRM DEAL|5'],
  ['https://x.bitrix24.ru/mobile/crm/deal/?page=view&deal_id=5', 'CRM DEAL|5'],
  ['https://intranet.example.com/page/onboarding/installation/type/188/details/7/', 'CRM DYNAMIC_188|7'],
  ['https://x.bitrix24.ru/automation/type/130/details/2/', 'CRM DYNAMIC_130|2'],
  ['https://www.google.com/url?q=https://x.bitrix24.ru/crm/deal/details/5/&sa=D', 'CRM DEAL|5'],
  ['https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fx.bitrix24.ru%2Fcrm%2Flead%2Fdetails%2F13%2F&data=05', 'CRM LEAD|13'],
  ['[URL=https://x.bitrix24.ru/crm/deal/details/5/]Сделка 5[/URL]', 'CRM DEAL|5'],
  ['<a href="https://x.bitrix24.ru/crm/deal/details/5/?a=1&amp;b=2">Deal 5</a>', 'CRM DEAL|5'],
  ['компания.рф/crm/deal/details/5/', 'CRM DEAL|5'],
  ['bitrix/crm/deal/details/5/', 'CRM DEAL|5'],
  ['https://x.bitrix24.ru/crm/deal/details/5/?ids=7,8', 'CRM DEAL|5'],
  ['https://x.bitrix24.ru/crm/deal/details/5/?IFRAME=Y;IFRAME_TYPE=SIDE_SLIDER', 'CRM DEAL|5'],
  ['https://x.bitrix24.ru/crm/deal/details/5/?IM_DIALOG=15', 'CRM DEAL|5'],
  // An old invoice's page is that old invoice (type 5), never a smart invoice.
  ['/crm/invoice/show/5/', 'CRM INVOICE|5'],
  ['localhost:8080/crm/deal/details/5/', 'CRM DEAL|5'],
  ['IM_DIALOG=chat5', 'chat 5'],
  ['bx://v2/%20/chat/dialogId/chat5', 'chat 5'],
  ['ENTITY_TYPE=A-B&ENTITY_ID=5', '✗ unknown_type'],
  ['ENTITY_TYPE=FOO%20BAR&ENTITY_ID=5', '✗ unknown_type'],
  // chats already
  ['https://x.bitrix24.ru/online/?IM_DIALOG=chat1437', 'chat 1437'],
  ['https://x.bitrix24.ru/messenger/?IM_DIALOG=chat1437&IM_MESSAGE=5', 'chat 1437'],
  ['/online/?IM_DIALOG=chat1437', 'chat 1437'],
  ['bx://v2/x.bitrix24.ru/chat/dialogId/chat1437', 'chat 1437'],
  ['chat1437', 'chat 1437'],
  ['chat 1437', 'chat 1437'],
  ['чат 1437', 'chat 1437'],
  ['https://x.bitrix24.ru/online/?IM_DIALOG=15', '✗ not_a_chat'],
  ['bx://v2/x.bitrix24.ru/chat/dialogId/15', '✗ not_a_chat'],
  ['bx://v2/x.bitrix24.ru/call/', '✗ unsupported_link'],
  ['https://x.bitrix24.ru/online/?IM_DIALOG=chat0', '✗ invalid_id'],
  // non-CRM types, written explicitly
  ['TASKS_TASK:8293', 'TASKS_TASK 8293'],
  ['tasks_task:8293', 'TASKS_TASK 8293'],
  ['TASKS:17', 'TASKS 17'],
  ['SONET_GROUP:12', 'SONET_GROUP 12'],
  ['CALENDAR:55', 'CALENDAR 55'],
  ['TASKS_TASK|8293', 'TASKS_TASK 8293'],
  ['TASK: 8293', 'TASKS_TASK 8293'],
  ['task 8293', 'TASKS_TASK 8293'],
  ['tasks 5', 'TASKS_TASK 5'],
  ['TASKS 5', 'TASKS 5'],
  ['задача 8293', 'TASKS_TASK 8293'],
  ['workgroup 12', 'SONET_GROUP 12'],
  ['LINES: telegram|1|55|3', 'LINES telegram|1|55|3'],
  // ORDER is a CRM type (14, [en] api-reference/crm/data-types.md:521), not an ENTITY_TYPE of its own.
  ['ORDER:5', 'CRM ORDER|5'],
  // a capitalised word and a colon is a sentence, not an ENTITY_TYPE
  ['ORDER: 5', 'CRM ORDER|5'],
  ['NOTE: CALL BACK', '✗ unrecognised'],
  ['LINES:telegram|1|55|3', 'LINES telegram|1|55|3'],
  ['LIVECHAT:livechat|1', 'LIVECHAT livechat|1'],
  ['ANNOUNCEMENT:42', 'ANNOUNCEMENT 42'],
  ['TASKS_TASK:0', '✗ invalid_id'],
  ['TASKS_TASK:abc', '✗ invalid_id'],
  ['CALL:', '✗ missing_id'],
  ['CALL:0', '✗ invalid_id'],
  // ids that are not positive whole numbers
  ['0', '✗ invalid_id'],
  ['-3', '✗ invalid_id'],
  ['12abc', '✗ invalid_id'],
  ['1.5', '✗ invalid_id'],
  ['1 234', '✗ invalid_id'],
  ['Deal #1 234', '✗ invalid_id'],
  ['сделка 1 234', '✗ invalid_id'],
  ['1,234', '✗ invalid_id'],
  ['deal 12,345', '✗ invalid_id'],
  ['LEAD|1,234,567', '✗ invalid_id'],
  ['LEAD|0', '✗ invalid_id'],
  ['LEAD|000', '✗ invalid_id'],
  ['LEAD|-13', '✗ invalid_id'],
  ['LEAD|13abc', '✗ invalid_id'],
  ['LEAD|1e3', '✗ invalid_id'],
  ['LEAD|99999999999999999999', '✗ invalid_id'],
  ['D_x', '✗ invalid_id'],
  ['https://x.bitrix24.ru/crm/deal/details/0/', '✗ invalid_id'],
  ['https://x.bitrix24.ru/crm/deal/details/new/', '✗ invalid_id'],
  // a type with no id
  ['LEAD|', '✗ missing_id'],
  ['lead', '✗ missing_id'],
  ['Deal #', '✗ missing_id'],
  ['L_', '✗ missing_id'],
  ['сделка', '✗ missing_id'],
  ['LEAD:', '✗ missing_id'],
  // types that do not exist
  ['FOO|13', '✗ unknown_type'],
  ['order 13', 'CRM ORDER|13'],
  ['DYNAMIC_127|3', '✗ unknown_type'],
  ['DYNAMIC_5|3', '✗ unknown_type'],
  ['T7f_3', '✗ unknown_type'],
  ['T80000000_3', '✗ unknown_type'],
  ['https://x.bitrix24.ru/crm/type/6/details/3/', '✗ unknown_type'],
  ['https://x.bitrix24.ru/crm/type/abc/details/3/', '✗ unknown_type'],
  ['|13', '✗ unrecognised'],
  // bare ids need a default type
  ['13', '✗ needs_type'],
  ['#13', '✗ needs_type'],
  ['№ 13', '✗ needs_type'],
  ['ID: 13', '✗ needs_type'],
  // links that are not entity pages, and things that are not references
  ['https://x.bitrix24.ru/crm/deal/kanban/', '✗ unsupported_link'],
  ['https://x.bitrix24.ru/', '✗ unsupported_link'],
  ['mailto:boss@example.com', '✗ unrecognised'],
  ['ftp://x.bitrix24.ru/crm/deal/details/5/', '✗ unsupported_link'],
  ['https://x.bitrix24.ru/rest/1/abcdef123456/', '✗ webhook_address'],
  ['https://x.bitrix24.ru/REST/1/abcdef123456/', '✗ webhook_address'],
  ['https://x.bitrix24.ru/rest/1/', '✗ webhook_address'],
  ['hello world', '✗ unrecognised'],
  ['Note: call the client back', '✗ unrecognised'],
  ['', '✗ empty'],
  ['   ', '✗ empty'],
  [`"${ZWSP}"`, '✗ empty'],
];

describe('parseEntityReference: what people paste', () => {
  test('the table covers at least 80 real-looking inputs', () => {
    expect(WITHOUT_DEFAULT_TYPE.length).toBeGreaterThanOrEqual(80);
  });

  test.each(WITHOUT_DEFAULT_TYPE)('%j → %s', (input, expected) => {
    expect(summary(parseEntityReference(input))).toBe(expected);
  });
});

describe('bare ids and the default type', () => {
  test.each([
    ['13', 'DEAL', 'CRM DEAL|13'],
    ['13', 'deal', 'CRM DEAL|13'],
    ['13', 'D', 'CRM DEAL|13'],
    ['13', 'сделка', 'CRM DEAL|13'],
    ['#13', 'LEAD', 'CRM LEAD|13'],
    ['№ 13', 'LEAD', 'CRM LEAD|13'],
    [' 013 ', 'CONTACT', 'CRM CONTACT|13'],
    ['3', 'T80', 'CRM DYNAMIC_128|3'],
    ['3', 'DYNAMIC_130', 'CRM DYNAMIC_130|3'],
    ['8293', 'TASKS_TASK', 'TASKS_TASK 8293'],
    ['0', 'DEAL', '✗ invalid_id'],
    ['-3', 'DEAL', '✗ invalid_id'],
    ['12abc', 'DEAL', '✗ invalid_id'],
    // an explicit type wins over the default
    ['LEAD|13', 'DEAL', 'CRM LEAD|13'],
    ['chat1437', 'DEAL', 'chat 1437'],
  ])('%j with default type %s → %s', (input, defaultType, expected) => {
    expect(summary(parseEntityReference(input, { defaultType }))).toBe(expected);
  });

  test('without a default type, the message says what to write instead', () => {
    const reference = parseEntityReference('13');
    expect(reference.ok).toBe(false);
    if (!reference.ok) expect(sentence(reference.error)).toMatch(/deal 13.*LEAD\|13/);
  });

  test('a default type that is not a type is a programming error, not a parse result', () => {
    expect(() => parseEntityReference('13', { defaultType: 'PURCHASE' })).toThrow(RangeError);
    expect(parseIdType('PURCHASE')).toBeNull();
    // A word for two types is no default type either.
    expect(parseIdType('invoice')).toBeNull();
    expect(parseIdType('')).toBeNull();
    expect(parseIdType('  Deal ')).toEqual({ scope: 'crm', crmType: 'DEAL' });
  });
});

describe('what a result says about itself', () => {
  test('an entity carries a label a person reads', () => {
    const labels = ['LEAD|13', 'T80_6', 'TASKS_TASK:8293', 'chat1437', 'SI_7'].map((input) => {
      const reference = parseEntityReference(input);
      return reference.ok ? reference.label : reference.error.code;
    });
    expect(labels).toEqual(['lead 13', 'smart process 128 item 6', 'task 8293', 'chat 1437', 'invoice 7']);
  });

  test('errors name the text they could not read, in one sentence', () => {
    const cases = { '12abc': /“12abc” is not an id/, 'FOO|13': /“FOO” is not a CRM type/, 'LEAD|': /lead needs an id/i, T7f_3: /T80/ };
    for (const [input, message] of Object.entries(cases)) {
      const reference = parseEntityReference(input);
      expect(reference.ok, input).toBe(false);
      if (!reference.ok) expect(sentence(reference.error)).toMatch(message);
    }
  });

  test('a long paste is cut short inside a message', () => {
    const reference = parseEntityReference(`FOO${'x'.repeat(500)}|13`);
    expect(reference.ok).toBe(false);
    if (!reference.ok) expect(sentence(reference.error).length).toBeLessThan(200);
  });

  test('a pasted webhook address never travels on with its secret', () => {
    const secret = 'k3yq9x0s8d7f6g5h';
    for (const text of [
      `https://x.bitrix24.ru/rest/1/${secret}/`,
      `https://x.bitrix24.ru/rest/1/${secret}/im.chat.get.json`,
      `x.bitrix24.ru/rest/7/${secret}`,
    ]) {
      const [reference] = parseEntityReferences(text);
      expect(reference?.ok).toBe(false);
      expect(JSON.stringify(reference)).not.toContain(secret);
      if (reference && !reference.ok) expect(reference.error.code).toBe('webhook_address');
    }
  });

  test('a chat link keeps the portal it names', () => {
    expect(parseEntityReference('https://x.bitrix24.ru/online/?IM_DIALOG=chat5')).toMatchObject({ kind: 'chat', portal: 'https://x.bitrix24.ru' });
    expect(parseEntityReference('bx://v2/x.bitrix24.ru/chat/dialogId/chat5')).toMatchObject({ kind: 'chat', portal: 'https://x.bitrix24.ru' });
    expect(parseEntityReference('chat5')).not.toHaveProperty('portal');
    // A desktop link whose host is no host keeps the chat, not the host.
    expect(parseEntityReference('bx://v2/%20/chat/dialogId/chat5')).not.toHaveProperty('portal');
  });

  test('an OAuth token in a pasted page address is masked in the result', () => {
    const [reference] = parseEntityReferences('https://x.bitrix24.ru/crm/deal/details/5/?auth=tok3n0secret123&IFRAME=Y');
    expect(reference && summary(reference)).toBe('CRM DEAL|5');
    expect(JSON.stringify(reference)).not.toContain('tok3n0secret123');
  });
});

describe('several references in one text', () => {
  const all = (text: string, defaultType?: string): string[] => parseEntityReferences(text, { defaultType }).map(summary);

  test('a column pasted from a sheet, one per line, blank lines ignored', () => {
    expect(all('LEAD|13\r\nD_5\n\n  \nhttps://x.bitrix24.ru/crm/contact/details/25/\n')).toEqual(['CRM LEAD|13', 'CRM DEAL|5', 'CRM CONTACT|25']);
  });

  test('commas, semicolons and cells of a copied row', () => {
    expect(all('lead 13, deal 5; contact 25\tCO_7')).toEqual(['CRM LEAD|13', 'CRM DEAL|5', 'CRM CONTACT|25', 'CRM COMPANY|7']);
  });

  test('self-explaining references separated by spaces, with the words between them as their own errors', () => {
    expect(all('LEAD|13 D_5 chat1437')).toEqual(['CRM LEAD|13', 'CRM DEAL|5', 'chat 1437']);
    expect(all('deal 5 lead 13 коммерческое предложение 3')).toEqual(['CRM DEAL|5', 'CRM LEAD|13', 'CRM QUOTE|3']);
    const mixed = parseEntityReferences('LEAD|13 D_5 typo');
    expect(mixed.map(summary)).toEqual(['CRM LEAD|13', 'CRM DEAL|5', '✗ unrecognised']);
    expect(mixed.map((r) => r.input)).toEqual(['LEAD|13', 'D_5', 'typo']);
    expect(all('Deal 5 Office chairs').length).toBe(2);
  });

  test('a type carries along its line: "сделки 101, 102" are both deals, whatever the default', () => {
    expect(all('сделки 101, 102, 103', 'LEAD')).toEqual(['CRM DEAL|101', 'CRM DEAL|102', 'CRM DEAL|103']);
    expect(all('Deals #5, 6', 'LEAD')).toEqual(['CRM DEAL|5', 'CRM DEAL|6']);
    // A new line starts again from the default.
    expect(all('Deals #5, 6\n7', 'LEAD')).toEqual(['CRM DEAL|5', 'CRM DEAL|6', 'CRM LEAD|7']);
  });

  test('a type in one cell and its id in the next, as two cells of a sheet copy', () => {
    const [reference, ...rest] = parseEntityReferences('Сделка\t5', { defaultType: 'LEAD' });
    expect(rest).toEqual([]);
    expect(reference && summary(reference)).toBe('CRM DEAL|5');
    expect(reference?.input).toBe('Сделка 5');
    expect(all('Deal\tAcme')).toEqual(['✗ missing_id', '✗ unrecognised']);
    expect(all('Deal ID:\t5\nсделка №\t6')).toEqual(['CRM DEAL|5', 'CRM DEAL|6']);
  });

  test('bare ids in a column use the default type; spaces never split a number', () => {
    expect(all('13\n14\n15', 'DEAL')).toEqual(['CRM DEAL|13', 'CRM DEAL|14', 'CRM DEAL|15']);
    expect(all('1 234', 'DEAL')).toEqual(['✗ invalid_id']);
  });

  test('a number with thousands separators stays one (refused) item even in a list', () => {
    expect(all('1,234, 5', 'DEAL')).toEqual(['✗ invalid_id', 'CRM DEAL|5']);
    expect(all('deal 1,234, 5')).toEqual(['✗ invalid_id', 'CRM DEAL|5']);
    expect(all('5; 1,234,567', 'DEAL')).toEqual(['CRM DEAL|5', '✗ invalid_id']);
  });

  test('a separator inside a link query joins it, unless what follows starts a reference of its own', () => {
    expect(all('https://x.bitrix24.ru/crm/deal/details/5/?ids=7,8;9')).toEqual(['CRM DEAL|5']);
    expect(all('https://x.bitrix24.ru/crm/deal/details/5/?IFRAME=Y,https://x.bitrix24.ru/crm/deal/details/6/')).toEqual(['CRM DEAL|5', 'CRM DEAL|6']);
    expect(all('https://x.bitrix24.ru/crm/deal/details/5/#x,D_6')).toEqual(['CRM DEAL|5', 'CRM DEAL|6']);
    expect(all('https://x.bitrix24.ru/crm/deal/details/5/?a=1; LEAD|13')).toEqual(['CRM DEAL|5', 'CRM LEAD|13']);
  });

  test('a number with a thousands separator is refused, never read as two ids; a list with commas still splits', () => {
    expect(all('1,234', 'DEAL')).toEqual(['✗ invalid_id']);
    expect(parseEntityReferences('1,234', { defaultType: 'DEAL' })[0]).toMatchObject({ error: { code: 'invalid_id_thousands', params: { id: '1234' } } });
    expect(all('13,14,15', 'DEAL')).toEqual(['CRM DEAL|13', 'CRM DEAL|14', 'CRM DEAL|15']);
    expect(all('1, 234', 'DEAL')).toEqual(['CRM DEAL|1', 'CRM DEAL|234']);
    expect(all('LEAD|13,DEAL|5')).toEqual(['CRM LEAD|13', 'CRM DEAL|5']);
  });

  test('order is kept and bad lines stay in place, with their own input', () => {
    const references = parseEntityReferences('D_5\n12abc\nL_13');
    expect(references.map(summary)).toEqual(['CRM DEAL|5', '✗ invalid_id', 'CRM LEAD|13']);
    expect(references.map((r) => r.input)).toEqual(['D_5', '12abc', 'L_13']);
  });

  test('blank text is no references; parseEntityReference calls it empty', () => {
    expect(parseEntityReferences(' \n\t ')).toEqual([]);
    expect(summary(parseEntityReference(''))).toBe('✗ empty');
  });

  test('parseEntityReference refuses several at once and says how many', () => {
    const reference = parseEntityReference('LEAD|13\nDEAL|5');
    expect(summary(reference)).toBe('✗ several');
    if (!reference.ok) expect(sentence(reference.error)).toContain('2 references');
  });
});
