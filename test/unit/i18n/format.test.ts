/**
 * The one formatter of messages (electron/common/i18n/format.ts): plural categories, quantities, moments in the person's
 * zone, lists, and what the person sees when a parameter or a whole entry is missing. Moments are built from fixed
 * epoch values and formatted in a fixed zone, so the tests read the same on any machine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Catalog, fill, formatMessage } from '../../../electron/common/i18n/format.ts';

const savedZone = process.env.TZ;
beforeAll(() => {
  // Intl reads TZ when a formatter is made; the formatter caches its formatters, so this is set before any is made.
  process.env.TZ = 'Europe/Moscow';
});
afterAll(() => {
  if (savedZone === undefined) delete process.env.TZ;
  else process.env.TZ = savedZone;
});

/** 2026-11-25 11:05 UTC, 14:05 in Moscow (UTC+3 all year). */
const AT = Date.UTC(2026, 10, 25, 11, 5);

describe('plural messages', () => {
  const requests = { one: '{count} запрос', few: '{count} запроса', many: '{count} запросов', other: '{count} запроса' };
  it.each([
    [1, '1 запрос'],
    [2, '2 запроса'],
    [5, '5 запросов'],
    [11, '11 запросов'],
    [21, '21 запрос'],
    [22, '22 запроса'],
    [1.5, '1.5 запроса'],
  ])('Russian picks the category of %s', (count, expected) => {
    expect(fill(requests, { count }, 'ru')).toBe(expected);
  });

  it('English has one and other; a category the text lacks falls back to other', () => {
    expect(fill({ one: '{count} try', other: '{count} tries' }, { count: 1 }, 'en')).toBe('1 try');
    expect(fill({ one: '{count} try', other: '{count} tries' }, { count: 3 }, 'en')).toBe('3 tries');
    expect(fill({ other: '{count} раз' }, { count: 2 }, 'ru')).toBe('2 раз');
  });
});

describe('parameters', () => {
  it("{x, number} groups a quantity the language's way; a bare number stays digits (an id)", () => {
    expect(fill('{count, number} characters', { count: 123456 }, 'en')).toBe('123,456 characters');
    expect(fill('{count, number} символов', { count: 123456 }, 'ru')).toBe('123\u00a0456 символов');
    expect(fill('chat {id}', { id: 123456 }, 'en')).toBe('chat 123456');
  });

  it("{at, time} is the time of day in the person's zone", () => {
    expect(fill('after {at, time}', { at: AT }, 'ru')).toBe('after 14:05');
    expect(fill('after {at, time}', { at: AT }, 'en')).toBe('after 02:05 PM');
  });

  it('{at, moment} adds the day only when it is not today', () => {
    expect(fill('{at, moment}', { at: AT }, 'ru', AT + 60_000)).toBe('14:05');
    expect(fill('{at, moment}', { at: AT }, 'ru', AT + 2 * 86_400_000)).toBe('25 нояб., 14:05');
  });

  it('a list is joined as the language joins one', () => {
    expect(fill('lacks {scopes}', { scopes: ['im', 'crm', 'user'] }, 'en')).toBe('lacks im, crm, and user');
    expect(fill('нет {scopes}', { scopes: ['im', 'crm'] }, 'ru')).toBe('нет im и crm');
    expect(fill('lacks {scopes}', { scopes: ['im'] }, 'en')).toBe('lacks im');
  });

  it('a parameter not given stays visible as {name}; text is never read as a placeholder', () => {
    expect(fill('{portal} refused {method}', { portal: 'acme.bitrix24.ru' }, 'en')).toBe('acme.bitrix24.ru refused {method}');
    expect(fill('“{text}” is no reference', { text: '{method}' }, 'en')).toBe('“{method}” is no reference');
  });
});

describe('formatMessage', () => {
  const en: Catalog = { cancelled: { message: 'The request to {portal} was cancelled.' }, only_en: { message: 'Only in English.' } };
  const ru: Catalog = { cancelled: { message: 'Запрос к {portal} отменён.' } };

  it('says a message in the catalog of the language', () => {
    expect(formatMessage(ru, { code: 'cancelled', params: { portal: 'acme.bitrix24.ru' } }, 'ru', en)).toBe('Запрос к acme.bitrix24.ru отменён.');
  });

  it('falls back to the source catalog for a key the language lacks, then to the key itself', () => {
    expect(formatMessage(ru, { code: 'only_en' }, 'ru', en)).toBe('Only in English.');
    expect(formatMessage(ru, { code: 'from_a_newer_app' }, 'ru', en)).toBe('from_a_newer_app');
  });
});
