import { afterEach, describe, expect, it } from 'vitest';
import { entityName } from '../../../renderer/src/lib/entities.ts';
import { format, formatMoment, locale, translator } from '../../../renderer/src/lib/i18n.svelte.ts';

afterEach(() => {
  locale.language = 'en';
});

describe('the window in two languages', () => {
  it('picks Russian plural forms by count, English ones too', () => {
    const lookups = { one: '{count} lookup', other: '{count} lookups' };
    const russian = { one: '{count} запрос', few: '{count} запроса', many: '{count} запросов', other: '{count} запроса' };
    expect([1, 2, 5].map((count) => format(lookups, { count }, 'en'))).toEqual(['1 lookup', '2 lookups', '5 lookups']);
    expect([1, 2, 5, 11, 21, 22, 1.5].map((count) => format(russian, { count }, 'ru'))).toEqual([
      '1 запрос',
      '2 запроса',
      '5 запросов',
      '11 запросов',
      '21 запрос',
      '22 запроса',
      '1,5 запроса',
    ]);
    expect(format(lookups, { count: 12_000 }, 'en')).toBe('12,000 lookups');
  });

  it('follows the current language, and leaves a placeholder it has no value for', () => {
    const t = translator({ en: { hello: 'Hello, {name}' }, ru: { hello: 'Привет, {name}' } });
    expect(t('hello', { name: 'Irina' })).toBe('Hello, Irina');
    locale.language = 'ru';
    expect(t('hello')).toBe('Привет, {name}');
  });

  it('names entities in the person\'s language, with the main process\'s label for a type it does not know', () => {
    expect(entityName('CRM', 'DEAL|5', 'deal 5')).toBe('Deal 5');
    expect(entityName('CRM', 'DYNAMIC_128|3', 'smart process 128 item 3')).toBe('Smart process 128, item 3');
    expect(entityName('TASKS_TASK', '8293', 'task 8293')).toBe('Task 8293');
    expect(entityName('CRM', 'ORDER|4', 'order 4')).toBe('Order 4');
    expect(entityName('CRM', 'INVOICE|5', 'old invoice 5')).toBe('Old invoice 5');
    expect(entityName('CRM', 'SMART_DOCUMENT|2', 'CRM document 2')).toBe('CRM document 2');
    expect(entityName(null, null, 'chat 1437')).toBe('Chat 1437');
    locale.language = 'ru';
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

  it('shows a moment as a time today and as a date before', () => {
    const now = new Date(2026, 10, 25, 18, 0).getTime();
    expect(formatMoment(new Date(2026, 10, 25, 9, 7).getTime(), 'en', now)).toMatch(/09:07/);
    expect(formatMoment(new Date(2026, 9, 3, 9, 7).getTime(), 'ru', now)).toMatch(/3 окт/);
    expect(formatMoment(new Date(2025, 9, 3, 9, 7).getTime(), 'en', now)).toMatch(/2025/);
  });
});
