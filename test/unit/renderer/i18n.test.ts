import { beforeEach, describe, expect, it } from 'vitest';
import { entityName } from '../../../renderer/src/lib/entities.ts';
import {
  formatMoment,
  languageFrom,
  languageName,
  loadLanguageNames,
  locale,
  say,
  t,
  completeCatalog,
  useLanguage,
  WINDOW_LANGUAGES,
} from '../../../renderer/src/lib/i18n.svelte.ts';
import type { Language } from '../../../renderer/src/lib/i18n.svelte.ts';

beforeEach(() => useLanguage('en'));

describe('the window in two languages', () => {
  it("speaks the settings' language, read from them, not a copy that could disagree", async () => {
    let setting: Language | undefined = 'ru';
    languageFrom(() => setting);
    try {
      await useLanguage('ru');
      await completeCatalog('ru');
      await useLanguage('en');
      await completeCatalog('en');
      // The settings say Russian: loading another catalog does not change what the window speaks.
      expect(locale.language).toBe('ru');
      expect(t('history.total', { count: 5 })).toBe('5 запросов');
      setting = 'en';
      expect(locale.language).toBe('en');
      expect(t('history.total', { count: 5 })).toBe('5 lookups');
    } finally {
      languageFrom(() => undefined);
    }
  });

  it("picks Russian plural forms by count, and groups a quantity the language's way", async () => {
    expect([1, 2, 5].map((count) => t('history.total', { count }))).toEqual(['1 lookup', '2 lookups', '5 lookups']);
    expect(t('history.total', { count: 12_000 })).toBe('12,000 lookups');
    await useLanguage('ru');
    await completeCatalog('ru');
    expect([1, 2, 5, 11, 21, 22].map((count) => t('history.total', { count }))).toEqual([
      '1 запрос',
      '2 запроса',
      '5 запросов',
      '11 запросов',
      '21 запрос',
      '22 запроса',
    ]);
    expect(t('history.total', { count: 12_000 }).replace(/\s/g, ' ')).toBe('12 000 запросов');
  });

  it('follows the language it was told, and leaves a placeholder it has no value for', async () => {
    expect(t('portals.title', { name: 'acme' })).toBe('Remove acme?');
    expect(locale.language).toBe('en');
    await useLanguage('ru');
    await completeCatalog('ru');
    expect(locale.language).toBe('ru');
    expect(t('portals.title')).toMatch(/\{name\}/);
  });

  it('keeps the language chosen last when an earlier choice loads later', async () => {
    const first = useLanguage('ru');
    const second = useLanguage('en');
    await Promise.all([first, second]);
    expect(locale.language).toBe('en');
  });

  it('offers every language it has a catalog for, each in its own name', async () => {
    expect(WINDOW_LANGUAGES).toEqual(expect.arrayContaining(['en', 'ru']));
    await loadLanguageNames();
    expect(languageName('en')).toBe('English');
    expect(languageName('ru')).toBe('Русский');
  });

  it("names entities in the person's language, with the main process's label for a type it does not know", async () => {
    expect(entityName('CRM', 'DEAL|5', 'deal 5')).toBe('Deal 5');
    expect(entityName('CRM', 'DYNAMIC_128|3', 'smart process 128 item 3')).toBe('Smart process 128, item 3');
    expect(entityName('TASKS_TASK', '8293', 'task 8293')).toBe('Task 8293');
    expect(entityName('CRM', 'ORDER|4', 'order 4')).toBe('Order 4');
    expect(entityName('CRM', 'INVOICE|5', 'old invoice 5')).toBe('Old invoice 5');
    expect(entityName('CRM', 'SMART_DOCUMENT|2', 'CRM document 2')).toBe('CRM document 2');
    expect(entityName(null, null, 'chat 1437')).toBe('Chat 1437');
    await useLanguage('ru');
    await completeCatalog('ru');
    expect(entityName('CRM', 'SMART_INVOICE|9', 'smart invoice 9')).toBe('Счёт 9');
    expect(entityName('CRM', 'DYNAMIC_1032|12345', '')).toBe('Смарт-процесс 1032, элемент 12345');
    // The rarer CRM types the docs list, each for what it is: an old invoice is not the (new) invoice.
    expect(entityName('CRM', 'ORDER|4', 'order 4')).toBe('Заказ 4');
    expect(entityName('CRM', 'INVOICE|5', 'old invoice 5')).toBe('Старый счёт 5');
    expect(entityName('CRM', 'SMART_B2E_DOC|8', 'company document 8')).toBe('Документ компании 8');
    // No English word for a type the window does not name: the key itself.
    expect(entityName('CRM', 'CUSTOM_THING|4', 'custom thing 4')).toBe('CUSTOM_THING 4');
    expect(entityName('BLOG_POST', '12', 'blog post 12')).toBe('BLOG_POST 12');
  });

  it("shows a moment as a time today and as a date before, in the person's language", async () => {
    const now = new Date(2026, 10, 25, 18, 0).getTime();
    expect(formatMoment(new Date(2026, 10, 25, 9, 7).getTime(), now)).toMatch(/09:07/);
    expect(formatMoment(new Date(2025, 9, 3, 9, 7).getTime(), now)).toMatch(/2025/);
    await useLanguage('ru');
    await completeCatalog('ru');
    expect(formatMoment(new Date(2026, 9, 3, 9, 7).getTime(), now)).toMatch(/3 окт/);
  });
});

describe('a catalog in two parts', () => {
  it('shows the first screen from the first part, and a message of the rest only once that is here, never its code', async () => {
    // Polish is loaded by no other test of this file: both of its parts are fetched here for the first time.
    await useLanguage('pl');
    expect(t('lookup.label')).toBe('Odwołanie do CRM');
    const loading = completeCatalog('pl');
    expect(say({ code: 'no_answer' })).toBe('');
    await loading;
    expect(say({ code: 'no_answer' })).toMatch(/^\p{Lu}/u);
    expect(say({ code: 'no_answer' })).not.toBe('no_answer');
  });
});
