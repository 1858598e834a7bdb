/**
 * Properties of the reference parser over generated text: whatever is pasted, it answers (never throws), every
 * key it gives is one `im.chat.get` reads exactly, and the way a reference is written does not change its key.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  type ParsedReference,
  type ReferenceErrorCode,
  parseEntityReference,
  parseEntityReferences,
} from '../../../electron/core/references/parse-reference.ts';

const ERROR_CODES: ReadonlySet<ReferenceErrorCode> = new Set([
  'empty',
  'missing_id',
  'invalid_id',
  'needs_type',
  'unknown_type',
  'unsupported_link',
  'not_a_chat',
  'webhook_address',
  'unrecognised',
  'several',
]);
const CRM_ENTITY_ID = /^(?:LEAD|DEAL|CONTACT|COMPANY|QUOTE|SMART_INVOICE|DYNAMIC_(?:12[89]|1[3-9]\d|[2-9]\d\d|[1-9]\d{3,8}))\|[1-9]\d{0,14}$/;

/** Throws (so fast-check shrinks and reports the input) when a result is not one a caller can use as is. */
function assertWellFormed(reference: ParsedReference): void {
  if (!reference.ok) {
    if (!ERROR_CODES.has(reference.error.code)) throw new Error(`unknown error code ${reference.error.code}`);
    if (!/^\S.*\.$/s.test(reference.error.message)) throw new Error(`message is not a sentence: ${reference.error.message}`);
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
const referenceish = fc
  .array(
    fc.oneof(
      fc.constantFrom('LEAD', 'deal', 'D', 'CO', 'T8a', 'T7f', 'DYNAMIC_', 'TASKS_TASK', 'CRM', 'chat', 'сделка', 'лид', 'IM_DIALOG='),
      fc.constantFrom('|', '_', ':', '#', '№', ' ', '/', '//', '?', '&', '=', '-', '.', ',', '\n', '\t', '"', '«', '»', '\u200b', '\u00a0'),
      fc.constantFrom('https://', 'bx://v2/', '/crm/', 'details/', 'show/', 'type/', 'rest/1/', 'online/?', 'dialogId/'),
      fc.constantFrom('ENTITY_TYPE=', 'ENTITY_ID=', 'LINES:', 'URL: ', '%20', '%7C', 'A-B', 'Ä', 'localhost:8080/', '[URL=', '[/URL]', '<a href="'),
      fc.nat({ max: 2 ** 40 }).map(String),
      fc.constantFrom('0', '00', '-', '1e3', '٣', '１３'),
    ),
    { maxLength: 16 },
  )
  .map((parts) => parts.join(''));

const anyText = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 80 }), referenceish);
const defaultType = fc.constantFrom(undefined, 'DEAL', 'lead', 'T80', 'TASKS_TASK');

describe('the parser on any text', () => {
  test('never throws, and every result is well formed', () => {
    fc.assert(
      fc.property(anyText, defaultType, (text, type) => {
        for (const reference of parseEntityReferences(text, { defaultType: type })) assertWellFormed(reference);
        assertWellFormed(parseEntityReference(text, { defaultType: type }));
      }),
      { numRuns: 3000 },
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
