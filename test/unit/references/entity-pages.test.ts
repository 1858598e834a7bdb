import { describe, expect, it } from 'vitest';
import { entityPagePath, entityPageUrl, readCrmKey } from '../../../electron/common/references/entity-pages.ts';

// Which entities have a page the app can open, in one place for the main process (link policy) and the window
// (its "Open the entity's page" button).
describe('entity pages', () => {
  it('reads a CRM key apart, a type name with a digit too', () => {
    expect(readCrmKey('DEAL|5')).toEqual({ type: 'DEAL', id: '5' });
    expect(readCrmKey('DYNAMIC_128|3')).toEqual({ type: 'DYNAMIC', dynamicTypeId: '128', id: '3' });
    expect(readCrmKey('SMART_B2E_DOC|4')).toEqual({ type: 'SMART_B2E_DOC', id: '4' });
    expect(readCrmKey('DEAL|0')).toBeNull();
    expect(readCrmKey('deal 5')).toBeNull();
  });

  it('builds the pages the docs show, estimates and smart invoices under their type ids', () => {
    expect(entityPagePath('CRM', 'LEAD|12')).toBe('/crm/lead/details/12/');
    expect(entityPagePath('CRM', 'QUOTE|3')).toBe('/crm/type/7/details/3/');
    expect(entityPagePath('CRM', 'SMART_INVOICE|9')).toBe('/crm/type/31/details/9/');
    expect(entityPagePath('CRM', 'DYNAMIC_128|3')).toBe('/crm/type/128/details/3/');
    expect(entityPageUrl('https://acme.bitrix24.ru/rest/', 'CRM', 'DEAL|5')).toBe('https://acme.bitrix24.ru/crm/deal/details/5/');
  });

  it('has no page for types the app cannot open', () => {
    expect(entityPagePath('CRM', 'ORDER|4')).toBeNull();
    expect(entityPagePath('CRM', 'SMART_B2E_DOC|4')).toBeNull();
    expect(entityPagePath('TASKS_TASK', '5')).toBeNull();
  });
});
