/**
 * Properties of the reference parser over generated text: whatever is pasted, it answers (never throws), quickly (100,000
 * generated inputs, and texts at the lookup's 100,000-character limit built to make regular expressions backtrack),
 * every key it gives is one `im.chat.get` reads exactly, and the way a reference is written does not change its key.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  type ParsedReference,
  type ReferenceErrorCode,
  parseEntityReference,
  parseEntityReferences,
} from '../../../electron/common/references/parse-reference.ts';
import { referenceFailureKind } from '../../../electron/common/messages/references.ts';
import { CATALOGS, say } from '../../../electron/common/i18n/catalogs.ts';
import { placeholdersOf } from '../../../electron/common/i18n/format.ts';

const ERROR_CODES: ReadonlySet<ReferenceErrorCode> = new Set([
  'empty',
  'missing_id',
  'invalid_id',
  'needs_type',
  'unknown_type',
  'ambiguous_type',
  'unsupported_link',
  'not_a_chat',
  'webhook_address',
  'unrecognised',
  'several',
]);
const CRM_ENTITY_ID = new RegExp(
  String.raw`^(?:LEAD|DEAL|CONTACT|COMPANY|INVOICE|QUOTE|REQUISITE|ORDER|SMART_INVOICE|SMART_DOCUMENT|SMART_B2E_DOC|` +
    String.raw`DYNAMIC_(?:12[89]|1[3-9]\d|[2-9]\d\d|[1-9]\d{3,8}))\|[1-9]\d{0,14}$`,
);

/** Throws (so fast-check shrinks and reports the input) when a result is not one a caller can use as is. */
function assertWellFormed(reference: ParsedReference): void {
  if (typeof reference.input !== 'string') throw new Error(`input is not text: ${String(reference.input)}`);
  if (reference.ok && (typeof reference.label !== 'string' || reference.label.trim() === '')) throw new Error(`no label for ${reference.input}`);
  if (!reference.ok) {
    const kind = referenceFailureKind(reference.error.code);
    if (kind === null || !ERROR_CODES.has(kind)) throw new Error(`unknown error code ${reference.error.code}`);
    // Every parameter its sentence names is given: no `{name}` is left for the person to read.
    const wanted = placeholdersOf(CATALOGS.en[reference.error.code].message).map((placeholder) => placeholder.split(',')[0] ?? '');
    const missing = wanted.filter((name) => reference.error.params?.[name as keyof typeof reference.error.params] === undefined);
    if (missing.length > 0) throw new Error(`${reference.error.code} lacks ${missing.join(', ')}`);
    const english = say(reference.error, 'en');
    if (!/^\S.*\.$/s.test(english)) throw new Error(`message is not a sentence: ${english}`);
    return;
  }
  if (reference.kind === 'chat') {
    if (!Number.isSafeInteger(reference.chatId) || reference.chatId <= 0) throw new Error(`bad chat id ${reference.chatId}`);
    // The lookup builds links on this origin; it must be one.
    if (reference.portal !== undefined && (!URL.canParse(reference.portal) || new URL(reference.portal).origin !== reference.portal)) {
      throw new Error(`bad portal ${reference.portal}`);
    }
    return;
  }
  const { entityType, entityId } = reference;
  // What im.chat.get needs: an upper-case type, and an id that is neither empty, "0", padded, nor holds control characters.
  if (!/^[A-Z][A-Z0-9_]*$/.test(entityType)) throw new Error(`bad ENTITY_TYPE ${entityType}`);
  if (entityId === '' || /^0+$/.test(entityId) || entityId.trim() !== entityId || /\p{Cc}/u.test(entityId)) {
    throw new Error(`bad ENTITY_ID ${JSON.stringify(entityId)}`);
  }
  if (entityType === 'CRM' && !CRM_ENTITY_ID.test(entityId)) throw new Error(`bad CRM ENTITY_ID ${entityId}`);
}

// Text built from the pieces references are made of reaches deeper into the grammar than random characters do.
const FRAGMENTS = [
  // Types and short codes, as typed and as the Russian layout types them.
  fc.constantFrom(
    'LEAD',
    'deal',
    'D',
    'CO',
    'SI',
    'Q',
    'L',
    'C',
    'T8a',
    'T7f',
    'T80',
    'DYNAMIC_',
    'DYNAMIC_128',
    'SMART_INVOICE',
    'QUOTE',
    'TASKS_TASK',
    'SONET_GROUP',
    'CALENDAR',
    'LINES',
    'LIVECHAT',
    'CRM',
    'chat',
  ),
  fc.constantFrom('сделка', 'Сделки', 'лид', 'контакт', 'компания', 'счёт', 'предложение', 'номер', 'чат', 'СО_', 'Т80_', 'IM_DIALOG='),
  // Separators and what copying adds: quotes, invisible and odd spaces, direction marks.
  fc.constantFrom('|', '_', ':', '#', '№', ' ', '/', '//', '?', '&', '=', '-', '.', ',', ';', '\n', '\r\n', '\t', '"', '«', '»', '(', ')'),
  fc.constantFrom('\u200b', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u202e', '\u2066', '\u00a0', '\u3000', '｜', '１３', '&amp;'),
  // Addresses: entity pages, chat links, webhooks.
  fc.constantFrom(
    'https://',
    'http://',
    'bx://v2/',
    '/crm/',
    'lead/',
    'deal/',
    'details/',
    'show/',
    'type/',
    'type/128/',
    'rest/1/',
    'online/?',
    'dialogId/',
    '?IFRAME=Y',
    '#top',
  ),
  fc.constantFrom(
    'acme.bitrix24.ru',
    'https://acme.bitrix24.ru/crm/deal/details/5/',
    'https://acme.bitrix24.ru/online/?IM_DIALOG=chat1437',
    'https://acme.bitrix24.ru/rest/1/q1w2e3r4t5y6u7i8/',
  ),
  fc.constantFrom(
    'ENTITY_TYPE=',
    'ENTITY_ID=',
    'LINES:',
    'URL: ',
    '%20',
    '%7C',
    '%2F',
    '%',
    'A-B',
    'Ä',
    'localhost:8080/',
    '[URL=',
    '[/URL]',
    '<a href="',
    '">',
    '</a>',
    '](',
    '[',
  ),
  // Ids, good and bad.
  fc.nat({ max: 2 ** 40 }).map(String),
  fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String),
  fc.constantFrom('0', '00', '-', '-1', '1e3', '1.5', '٣', '１３', '1 234', '1,234', 'NaN', 'Infinity'),
];
const fragments = (maxLength: number) => fc.array(fc.oneof(...FRAGMENTS), { maxLength }).map((parts) => parts.join(''));
const referenceish = fragments(16);

// Mixed: arbitrary Unicode (graphemes, and code units with lone surrogates), text made of reference fragments, and
// now and then a long run of them (up to a few thousand characters, where backtracking would show).
const anyText = fc.oneof(
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 80 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 80 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 200 }), weight: 1 },
  { arbitrary: referenceish, weight: 6 },
  { arbitrary: fc.tuple(referenceish, fc.string({ unit: 'binary', maxLength: 20 }), referenceish).map((parts) => parts.join('')), weight: 2 },
  { arbitrary: fragments(400), weight: 1 },
);
const defaultType = fc.constantFrom(undefined, null, 'DEAL', 'lead', 'T80', 'TASKS_TASK', 'DYNAMIC_128');

/** How many generated texts the parser reads (a new sample each run; fast-check prints the seed of a failure). */
const FUZZ_RUNS = 100_000;

describe('the parser on any text', () => {
  test(`never throws, and every result is well formed (${FUZZ_RUNS.toLocaleString('en')} inputs, each quickly)`, () => {
    let slowest = { ms: 0, text: '' };
    const started = performance.now();
    fc.assert(
      fc.property(anyText, defaultType, (text, type) => {
        const before = performance.now();
        const references = parseEntityReferences(text, { defaultType: type });
        const one = parseEntityReference(text, { defaultType: type });
        const ms = performance.now() - before;
        if (ms > slowest.ms) slowest = { ms, text };
        for (const reference of references) assertWellFormed(reference);
        assertWellFormed(one);
        // The one-reference reading agrees with the list: the same key for one reference, a refusal for several.
        if (references.length === 1) expect(one).toEqual(references[0]);
        if (references.length > 1) expect(one).toMatchObject({ ok: false, error: { code: 'several' } });
      }),
      { numRuns: FUZZ_RUNS },
    );
    const total = performance.now() - started;
    // Linear work on short texts: a few ms each at worst on a busy machine; backtracking would take seconds.
    expect(slowest.ms, `slowest input (${slowest.text.length} characters): ${JSON.stringify(slowest.text.slice(0, 200))}`).toBeLessThan(250);
    expect(total).toBeLessThan(120_000);
  }, 180_000);

  // Texts at the lookup's limit made of what the parser's expressions look for, repeated: each is read within a second
  // (linear work takes milliseconds; catastrophic backtracking would take minutes).
  const HUGE = 100_000;
  const fill = (unit: string, tail = ''): string => unit.repeat(Math.ceil((HUGE - tail.length) / unit.length)).slice(0, HUGE - tail.length) + tail;
  const adversarial: [string, string][] = [
    ['one unbroken word', fill('a', '!')],
    ['digits', fill('1')],
    ['a pipe pair that never ends', fill('LEAD|', '|x')],
    ['spaces and pipes', fill(' | ')],
    ['short codes without ids', fill('CO_', '_')],
    ['smart-process codes', fill('T8a')],
    ['a webhook path repeated', fill('/rest/1/')],
    ['webhook codes on broken lines', fill('/rest/1/abc \n')],
    ['token parameters', fill('auth=')],
    ['dumped tokens', fill('B24-auth-')],
    ['ENTITY_ID parameters', fill('ENTITY_ID=')],
    ['percent escapes', fill('%25')],
    ['half escapes', fill('%2')],
    ['opening brackets', fill('[')],
    ['BBCode that never closes', fill('[url=')],
    ['HTML anchors that never close', fill('<a href="')],
    ['Markdown links that never close', fill('[x](')],
    ['quotes and brackets', fill('«"([')],
    ['an address with a path that never ends', `https://acme.bitrix24.ru${fill('/crm', '/')}`.slice(0, HUGE)],
    ['a query string of parameters', `https://acme.bitrix24.ru/?${fill('a=1&')}`.slice(0, HUGE)],
    ['zero-width characters', fill('\u200b')],
    ['Cyrillic words and numbers', fill('сделка номер ')],
    ['one line of space-separated references', fill('D_5 ')],
    ['lines of references', fill('LEAD|13\n')],
    ['lone surrogates', fill('\ud800')],
  ];
  // The same, as lines just under the length past which a piece is no longer unwrapped: every expression runs on each.
  const line = (unit: string): string => `${unit.repeat(Math.ceil(1_999 / unit.length)).slice(0, 1_999)}\n`;
  for (const unit of ['[url=', '<a href="', '[x](', '«"([', 'LEAD|', ' | ', 'CO_', '/rest/1/', 'auth=', 'https://a.b/crm/', 'сделка №', '%7C']) {
    adversarial.push([`lines of 1,999 characters of ${JSON.stringify(unit)}`, fill(line(unit))]);
  }

  test.each(adversarial)('%s: 100,000 characters read within a second', (_name, text) => {
    expect(text.length).toBeGreaterThanOrEqual(HUGE - 10);
    const started = performance.now();
    for (const reference of parseEntityReferences(text, { defaultType: 'DEAL' })) assertWellFormed(reference);
    assertWellFormed(parseEntityReference(text));
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  test('a reference typed plainly (letters, digits, _ and | alone) reads as the whole grammar reads it', () => {
    // Such text goes straight to the grammar, past the steps that undo what copying adds; a space after it takes the
    // long way through all of them. Both must give the same answer, for text of the pieces references are made of.
    const plainPiece = fc.oneof(
      fc.constantFrom('LEAD', 'deal', 'D', 'CO', 'SI', 'T8a', 'T80', 'DYNAMIC_128', 'DYNAMIC_', 'TASKS_TASK', 'SONET_GROUP', 'CRM', 'LINES'),
      fc.constantFrom('chat', 'sg', 'imol', 'telegram', 'bearer', 'vibe_api_', 'auth', 'token', 'invoice', 'ID', 'no', 'n'),
      fc.constantFrom('|', '||', '_', '0', '00'),
      fc.nat({ max: 2 ** 40 }).map(String),
      fc.stringMatching(/^[A-Za-z0-9_|]{1,12}$/),
    );
    const plain = fc.array(plainPiece, { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(plain, defaultType, (text, type) => {
        expect(parseEntityReferences(text, { defaultType: type }), text).toEqual(parseEntityReferences(`${text} `, { defaultType: type }));
      }),
      { numRuns: 20_000 },
    );
  });

  test('a pasted webhook code never appears in a result', () => {
    const secret = fc.stringMatching(/^[a-z0-9]{8,24}$/);
    fc.assert(
      fc.property(secret, referenceish, (code, around) => {
        const text = `${around} https://x.bitrix24.ru/rest/1/${code}/ ${around}`;
        expect(JSON.stringify(parseEntityReferences(text))).not.toContain(code);
      }),
      { numRuns: 500 },
    );
  });
});

// Every way of writing one entity, for a type and id.
const CRM_TYPES = [
  { type: 'LEAD', typeId: 1, code: 'L', page: 'lead', word: 'лид' },
  { type: 'DEAL', typeId: 2, code: 'D', page: 'deal', word: 'Deal' },
  { type: 'CONTACT', typeId: 3, code: 'C', page: 'contact', word: 'контакт' },
  { type: 'COMPANY', typeId: 4, code: 'CO', page: 'company', word: 'Company' },
  { type: 'QUOTE', typeId: 7, code: 'Q', page: 'quote', word: 'quote' },
] as const;

function writtenForms(entry: (typeof CRM_TYPES)[number], id: number, zeros: number): string[] {
  const padded = `${'0'.repeat(zeros)}${id}`;
  return [
    `${entry.type}|${id}`,
    `${entry.type.toLowerCase()} | ${padded}`,
    `${entry.code}_${padded}`,
    `https://x.bitrix24.ru/crm/${entry.page}/details/${id}/?IFRAME=Y#top`,
    `/crm/${entry.page}/show/${id}`,
    `https://x.bitrix24.ru/crm/type/${entry.typeId}/details/${id}/`,
    `${entry.word} #${id}`,
    `${entry.word} №${padded}`,
    `CRM:${entry.type}|${id}`,
  ];
}

const noise = fc.constantFrom('', ' ', '\u200b', '\u00a0', '\ufeff', '\t ');
const quotes = fc.constantFrom(['', ''], ['"', '"'], ['«', '»'], ['“', '”'], ["'", "'"], ['<', '>'], ['(', ')']);

describe('one entity, written any way', () => {
  test('every written form gives the same canonical key', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CRM_TYPES), fc.integer({ min: 1, max: 2 ** 31 }), fc.nat({ max: 3 }), (entry, id, zeros) => {
        for (const form of writtenForms(entry, id, zeros)) {
          const reference = parseEntityReference(form);
          expect(reference, form).toMatchObject({ ok: true, kind: 'entity', entityType: 'CRM', entityId: `${entry.type}|${id}` });
        }
      }),
      { numRuns: 300 },
    );
  });

  test('smart process codes read the type id in hex', () => {
    fc.assert(
      fc.property(fc.integer({ min: 128, max: 0xfffff }), fc.integer({ min: 1, max: 2 ** 31 }), fc.boolean(), (typeId, id, upper) => {
        const hex = typeId.toString(16);
        const code = `T${upper ? hex.toUpperCase() : hex}_${id}`;
        expect(parseEntityReference(code)).toMatchObject({ ok: true, entityId: `DYNAMIC_${typeId}|${id}` });
        expect(parseEntityReference(`/crm/type/${typeId}/details/${id}/`)).toMatchObject({ ok: true, entityId: `DYNAMIC_${typeId}|${id}` });
      }),
      { numRuns: 300 },
    );
  });

  test('what copying adds around a reference does not change what it means', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CRM_TYPES), fc.integer({ min: 1, max: 99_999 }), noise, noise, quotes, (entry, id, before, after, [open, close]) => {
        for (const form of writtenForms(entry, id, 0)) {
          const plain = parseEntityReference(form);
          const wrapped = parseEntityReference(`${before}${open}${form}${close}${after}`);
          expect({ ...wrapped, input: '' }, `${open}${form}${close}`).toEqual({ ...plain, input: '' });
        }
      }),
      { numRuns: 200 },
    );
  });
});
