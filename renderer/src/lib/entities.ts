/**
 * What a CRM reference is called in the person's language: "Deal 5", "Smart process 128, item 3", "Сделка 5".
 * Built from the `im.chat.get` key the main process answers (the key is language-neutral; its English label is the
 * fallback for a type this list does not name).
 */
import { readCrmKey } from '../../../electron/common/references/entity-pages.ts';
import type { MessageKey } from '../../../electron/common/i18n/catalogs.ts';
import { locale, t } from './i18n.svelte.ts';

/** Each type's name in the catalog, written once: the entity's name ("Deal 5") and the type menu ("Deal") both use it. */
const TYPE_NAMES = {
  LEAD: 'entities.lead',
  DEAL: 'entities.deal',
  CONTACT: 'entities.contact',
  COMPANY: 'entities.company',
  QUOTE: 'entities.quote',
  SMART_INVOICE: 'entities.smartInvoice',
  INVOICE: 'entities.invoice',
  REQUISITE: 'entities.requisite',
  ORDER: 'entities.order',
  SMART_DOCUMENT: 'entities.smartDocument',
  SMART_B2E_DOC: 'entities.smartB2eDoc',
  TASKS_TASK: 'entities.task',
  SONET_GROUP: 'entities.workgroup',
  CALENDAR: 'entities.calendarEvent',
} as const satisfies Record<string, MessageKey>;

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
  const unnamed = (): string =>
    locale.language === 'en' ? capitalise(fallback) : `${entityType === 'CRM' ? '' : `${entityType} `}${entityId.replace('|', ' ')}`;
  if (entityType === 'CRM') {
    const key = readCrmKey(entityId);
    if (!key) return unnamed();
    if (key.dynamicTypeId !== undefined)
      return key.type === 'DYNAMIC' ? t('entities.item', { type: smartProcessName(key.dynamicTypeId), id: key.id }) : unnamed();
    return isNamedCrmType(key.type) ? named(key.type, key.id) : unnamed();
  }
  if (entityType === 'TASKS_TASK' || entityType === 'SONET_GROUP' || entityType === 'CALENDAR') return named(entityType, entityId);
  return unnamed();
}

const named = (type: keyof typeof TYPE_NAMES, id: string): string => t('entities.named', { type: typeName(type), id });

/** A type's name in the person's language ("Deal", "Сделка"). */
export function typeName(type: keyof typeof TYPE_NAMES): string {
  return t(TYPE_NAMES[type]);
}

/** A smart process named by its number ("Smart process 128"). */
export function smartProcessName(typeId: string): string {
  return t('entities.smartProcess', { id: typeId });
}

/** "Chat 1437" in the person's language. */
export function chatName(chatId: number): string {
  return t('entities.chat', { id: String(chatId) });
}

function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}
