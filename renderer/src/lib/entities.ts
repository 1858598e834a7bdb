/**
 * What a CRM reference is called in the person's language: "Deal 5", "Smart process 128, item 3", "Сделка 5".
 * Built from the `im.chat.get` key the main process answers (the key is language-neutral; its English label is the
 * fallback for a type this list does not name).
 */
import { translator } from './i18n.svelte.ts';

const t = translator({
  en: {
    LEAD: 'Lead {id}',
    DEAL: 'Deal {id}',
    CONTACT: 'Contact {id}',
    COMPANY: 'Company {id}',
    QUOTE: 'Estimate {id}',
    SMART_INVOICE: 'Invoice {id}',
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
    DYNAMIC: 'Смарт-процесс {type}, элемент {id}',
    TASKS_TASK: 'Задача {id}',
    SONET_GROUP: 'Рабочая группа {id}',
    CALENDAR: 'Событие календаря {id}',
    chat: 'Чат {id}',
  },
});

const CRM_KEY = /^([A-Z][A-Z_]*?)(?:_(\d+))?\|(\d+)$/;
const NAMED = new Set(['LEAD', 'DEAL', 'CONTACT', 'COMPANY', 'QUOTE', 'SMART_INVOICE']);

/** The entity a key names, or `fallback` (the main process's English label) when the type is not one named here. */
export function entityName(entityType: string | null | undefined, entityId: string | null | undefined, fallback: string): string {
  if (!entityType || !entityId) return capitalise(fallback);
  if (entityType === 'CRM') {
    const match = CRM_KEY.exec(entityId);
    if (!match) return capitalise(fallback);
    const [, name = '', typeId, id = ''] = match;
    if (typeId !== undefined) return name === 'DYNAMIC' ? t('DYNAMIC', { type: typeId, id }) : capitalise(fallback);
    return NAMED.has(name) ? t(name as 'LEAD', { id }) : capitalise(fallback);
  }
  if (entityType === 'TASKS_TASK' || entityType === 'SONET_GROUP' || entityType === 'CALENDAR') return t(entityType, { id: entityId });
  return capitalise(fallback);
}

/** "Chat 1437" in the person's language. */
export function chatName(chatId: number): string {
  return t('chat', { id: String(chatId) });
}

function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

