import { beforeEach, describe, expect, it } from 'vitest';
import { defaultTypeLabel, defaultTypeOptions } from '../../../renderer/src/lib/default-types.ts';
import { completeCatalog, useLanguage } from '../../../renderer/src/lib/i18n.svelte.ts';

beforeEach(async () => {
  await useLanguage('en');
  await completeCatalog('en');
});

describe('the choices for bare numbers', () => {
  it('offers ask-each-time and the usual CRM types', () => {
    expect(defaultTypeOptions('LEAD')).toEqual([
      { value: null, label: 'Ask each time' },
      { value: 'LEAD', label: 'Lead' },
      { value: 'DEAL', label: 'Deal' },
      { value: 'CONTACT', label: 'Contact' },
      { value: 'COMPANY', label: 'Company' },
      { value: 'QUOTE', label: 'Estimate' },
      { value: 'SMART_INVOICE', label: 'Invoice' },
    ]);
    expect(defaultTypeOptions(null)).toHaveLength(7);
  });

  it('adds the current type when it is none of those, named', () => {
    expect(defaultTypeOptions('DYNAMIC_128').at(-1)).toEqual({ value: 'DYNAMIC_128', label: 'Smart process 128' });
    expect(defaultTypeOptions('TASKS_TASK').at(-1)).toEqual({ value: 'TASKS_TASK', label: 'TASKS_TASK' });
    expect(defaultTypeLabel('SOMETHING_NEW')).toBe('SOMETHING_NEW');
  });

  it('speaks Russian', async () => {
    await useLanguage('ru');
    await completeCatalog('ru');
    expect(defaultTypeLabel(null)).toBe('Спрашивать каждый раз');
    expect(defaultTypeLabel('DYNAMIC_130')).toBe('Смарт-процесс 130');
    expect(defaultTypeLabel('SMART_INVOICE')).toBe('Счёт');
  });
});
