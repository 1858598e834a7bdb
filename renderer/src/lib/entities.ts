/**
 * What a CRM reference is called in the person's language: "Deal 5", "Smart process 128, item 3", "Сделка 5".
 * Built from the `im.chat.get` key the main process answers (the key is language-neutral; its English label is the
 * fallback for a type this list does not name).
 */
import { readCrmKey } from '../../../electron/common/references/entity-pages.ts';
import { locale, translator } from './i18n.svelte.ts';

const t = translator({
  en: {
    LEAD: 'Lead {id}',
    DEAL: 'Deal {id}',
    CONTACT: 'Contact {id}',
    COMPANY: 'Company {id}',
    QUOTE: 'Estimate {id}',
    SMART_INVOICE: 'Invoice {id}',
    INVOICE: 'Old invoice {id}',
    REQUISITE: 'Requisite {id}',
    ORDER: 'Order {id}',
    SMART_DOCUMENT: 'CRM document {id}',
    SMART_B2E_DOC: 'Company document {id}',
    DYNAMIC: 'Smart process {type}, item {id}',
    TASKS_TASK: 'Task {id}',
    SONET_GROUP: 'Workgroup {id}',
    CALENDAR: 'Calendar event {id}',
    chat: 'Chat {id}',
  },
  ru: {
    LEAD: 'Лид {id}',
    DEAL: 'Сделка {id}',
    CONTACT: 'Контакт {id}',
    COMPANY: 'Компания {id}',
    QUOTE: 'Предложение {id}',
    SMART_INVOICE: 'Счёт {id}',
    INVOICE: 'Старый счёт {id}',
    REQUISITE: 'Реквизит {id}',
    ORDER: 'Заказ {id}',
    SMART_DOCUMENT: 'Документ CRM {id}',
    SMART_B2E_DOC: 'Документ компании {id}',
    DYNAMIC: 'Смарт-процесс {type}, элемент {id}',
    TASKS_TASK: 'Задача {id}',
    SONET_GROUP: 'Рабочая группа {id}',
    CALENDAR: 'Событие календаря {id}',
    chat: 'Чат {id}',
  },
});

/** The built-in CRM types the window names (smart processes are named by their number), in the order it offers them. */
export const CRM_TYPES = ['LEAD', 'DEAL', 'CONTACT', 'COMPANY', 'QUOTE', 'SMART_INVOICE'] as const;
export type CrmType = (typeof CRM_TYPES)[number];
export const isCrmType = (type: string): type is CrmType => (CRM_TYPES as readonly string[]).includes(type);
/**
 * The rarer types the window names but does not offer as the default for bare numbers: old invoices (type 5), requisites,
 * orders, CRM documents and company documents ([en] api-reference/crm/data-types.md:505-522, "Invoice (old)"; [ru]
 * api-reference/crm/universal/userfieldconfig/index.md:57-61 names them in Russian).
 */
const OTHER_CRM_TYPES = ['INVOICE', 'REQUISITE', 'ORDER', 'SMART_DOCUMENT', 'SMART_B2E_DOC'] as const;
const isNamedCrmType = (type: string): type is CrmType | (typeof OTHER_CRM_TYPES)[number] =>
  isCrmType(type) || (OTHER_CRM_TYPES as readonly string[]).includes(type);

/**
 * The entity a key names. A type not named here gets the main process's label in English ("order 4"), and in Russian
 * the key itself ("ORDER 4"), which reads the same in any language, rather than an English word.
 */
export function entityName(entityType: string | null | undefined, entityId: string | null | undefined, fallback: string): string {
  if (!entityType || !entityId) return capitalise(fallback);
  const unnamed = (): string => (locale.language === 'en' ? capitalise(fallback) : `${entityType === 'CRM' ? '' : `${entityType} `}${entityId.replace('|', ' ')}`);
  if (entityType === 'CRM') {
    const key = readCrmKey(entityId);
    if (!key) return unnamed();
    if (key.dynamicTypeId !== undefined) return key.type === 'DYNAMIC' ? t('DYNAMIC', { type: key.dynamicTypeId, id: key.id }) : unnamed();
    return isNamedCrmType(key.type) ? t(key.type, { id: key.id }) : unnamed();
  }
  if (entityType === 'TASKS_TASK' || entityType === 'SONET_GROUP' || entityType === 'CALENDAR') return t(entityType, { id: entityId });
  return unnamed();
}

/** "Chat 1437" in the person's language. */
export function chatName(chatId: number): string {
  return t('chat', { id: String(chatId) });
}

function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

