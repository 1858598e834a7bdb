/**
 * What the Lookup screen says, in the person's language: what the box understood as they type, each result's name,
 * a batch's summary, what the live region announces for an answer, and why an entity may have no chat. Pure
 * functions of the main process's answers, so they are tested without a window.
 */
import type { ChatSection, LookupResult, LookupView, ParsedReference } from '../../../electron/core/ipc/contract.ts';
import { chatName, entityName, isCrmType } from './entities.ts';
import { locale, say, translator } from './i18n.svelte.ts';

const t = translator({
  en: {
    references: { one: '{count} reference', other: '{count} references' },
    more: { one: '{count} more', other: '{count} more' },
    list: '{count}: {names}',
    listMore: '{count}: {names} and {more}',
    found: { one: '{count} found', other: '{count} found' },
    withoutChat: { one: '{count} without a chat', other: '{count} without a chat' },
    notReference: { one: '{count} not a reference', other: '{count} not references' },
    failed: { one: '{count} failed', other: '{count} failed' },
    foundChat: '{name}: chat {id}',
    noChatFor: 'No chat for {name}',
    noOwnChatFor: 'No chat of its own for {name}',
    foundOpenLine: '{name}: no chat of its own, open-line chat {id}',
    withOpenLines: { one: '{count} with open-line chats only', other: '{count} with open-line chats only' },
    failedFor: '{name}: {problem}',
    LEAD: "Open the lead's page",
    DEAL: "Open the deal's page",
    CONTACT: "Open the contact's page",
    COMPANY: "Open the company's page",
    QUOTE: "Open the estimate's page",
    SMART_INVOICE: "Open the invoice's page",
    entityPage: "Open the entity's page",
  },
  ru: {
    references: { one: '{count} ссылка', few: '{count} ссылки', many: '{count} ссылок', other: '{count} ссылки' },
    more: { one: 'ещё {count}', other: 'ещё {count}' },
    list: '{count}: {names}',
    listMore: '{count}: {names} и {more}',
    found: { one: '{count} чат найден', few: '{count} чата найдено', many: '{count} чатов найдено', other: '{count} чата найдено' },
    withoutChat: { one: '{count} ссылка без чата', few: '{count} ссылки без чата', many: '{count} ссылок без чата', other: '{count} ссылки без чата' },
    notReference: {
      one: '{count} строка не распознана',
      few: '{count} строки не распознаны',
      many: '{count} строк не распознано',
      other: '{count} строки не распознано',
    },
    failed: { one: '{count} ошибка', few: '{count} ошибки', many: '{count} ошибок', other: '{count} ошибки' },
    foundChat: '{name}: чат {id}',
    noChatFor: '{name}: чата нет',
    noOwnChatFor: '{name}: своего чата нет',
    foundOpenLine: '{name}: своего чата нет, чат открытой линии {id}',
    withOpenLines: {
      one: '{count} ссылка только с чатами открытых линий',
      few: '{count} ссылки только с чатами открытых линий',
      many: '{count} ссылок только с чатами открытых линий',
      other: '{count} ссылки только с чатами открытых линий',
    },
    failedFor: '{name}: {problem}',
    LEAD: 'Открыть страницу лида',
    DEAL: 'Открыть страницу сделки',
    CONTACT: 'Открыть страницу контакта',
    COMPANY: 'Открыть страницу компании',
    QUOTE: 'Открыть страницу предложения',
    SMART_INVOICE: 'Открыть страницу счёта',
    entityPage: 'Открыть страницу элемента',
  },
});

/** How many names a line lists before "and N more". */
const NAMES_SHOWN = 3;
/** How much of a piece of text that is no reference is quoted. */
const QUOTE_LENGTH = 24;

/** Text quoted as the person wrote it, shortened: `“hello”`, `«hello»`. */
export function quoteInput(input: string, length = QUOTE_LENGTH): string {
  const flat = input.replace(/\s+/g, ' ').trim();
  const text = flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
  return locale.language === 'ru' ? `«${text}»` : `“${text}”`;
}

/** One reference as the box understood it: "Deal 5", "Chat 1437", or the text it could not read, quoted. */
export function referenceName(reference: ParsedReference): string {
  if (!reference.ok) return quoteInput(reference.input);
  if (reference.kind === 'chat') return chatName(reference.chatId);
  return entityName(reference.entityType, reference.entityId, reference.label);
}

export interface Understanding {
  text: string;
  /** The only reference could not be read: the text is why. */
  invalid: boolean;
}

/** What the box understood, for the line under it; null for empty text. */
export function understanding(references: readonly ParsedReference[]): Understanding | null {
  const [first] = references;
  if (!first) return null;
  if (references.length === 1) {
    return first.ok ? { text: referenceName(first), invalid: false } : { text: say(first.error), invalid: true };
  }
  const count = t('references', { count: references.length });
  const names = references.slice(0, NAMES_SHOWN).map(referenceName).join(', ');
  const rest = references.length - NAMES_SHOWN;
  const text = rest > 0 ? t('listMore', { count, names, more: t('more', { count: rest }) }) : t('list', { count, names });
  return { text, invalid: false };
}

/** What a result is about: "Deal 5", "Chat 1437", or the quoted text for one that is no reference. */
export function resultName(result: LookupResult): string {
  if (result.status === 'invalid') return quoteInput(result.input);
  if (result.entityType && result.entityId) return entityName(result.entityType, result.entityId, result.label);
  if (result.status === 'found') return chatName(result.chatId);
  return entityName(null, null, result.label);
}

/** The portal a found chat is on (its origin), as chatOpen and chatTitle take it. */
export function chatPortal(result: Extract<LookupResult, { status: 'found' }>): string {
  return new URL(result.webUrl).origin;
}

export interface Counts {
  found: number;
  not_found: number;
  invalid: number;
  error: number;
}

export function countResults(results: readonly LookupResult[]): Counts {
  const counts: Counts = { found: 0, not_found: 0, invalid: 0, error: 0 };
  for (const result of results) counts[result.status] += 1;
  return counts;
}

/** A batch in one line: "2 found, 1 without a chat, 1 not a reference" (kinds with none left out). */
export function summary(results: readonly LookupResult[]): string {
  const counts = countResults(results);
  const parts: string[] = [];
  // An entity whose only chats are open-line ones is not "without a chat".
  const onlyOpenLines = results.filter((result) => result.status === 'not_found' && (result.openLines?.length ?? 0) > 0).length;
  if (counts.found > 0) parts.push(t('found', { count: counts.found }));
  if (counts.not_found - onlyOpenLines > 0) parts.push(t('withoutChat', { count: counts.not_found - onlyOpenLines }));
  if (onlyOpenLines > 0) parts.push(t('withOpenLines', { count: onlyOpenLines }));
  if (counts.invalid > 0) parts.push(t('notReference', { count: counts.invalid }));
  if (counts.error > 0) parts.push(t('failed', { count: counts.error }));
  return parts.join(', ');
}

/** "No chat for Deal 99999". */
export function noChatFor(name: string): string {
  return t('noChatFor', { name });
}

/** "No chat of its own for Lead 14": it has open-line chats. */
export function noOwnChatFor(name: string): string {
  return t('noOwnChatFor', { name });
}

/**
 * The chat one key copies and opens for a single answer: the entity's own, or else its first open-line chat (active
 * first); null when there is none.
 */
export function primaryChat(result: LookupResult | undefined): { portal: string; chatId: number; section: ChatSection } | null {
  if (result?.status === 'found') return { portal: chatPortal(result), chatId: result.chatId, section: 'chat' };
  const line = result?.status === 'not_found' ? result.openLines?.[0] : undefined;
  return line ? { portal: new URL(line.webUrl).origin, chatId: line.chatId, section: 'lines' } : null;
}

/** One result in one sentence, as the live region says it. */
export function resultSentence(result: LookupResult): string {
  switch (result.status) {
    case 'found':
      return t('foundChat', { name: resultName(result), id: String(result.chatId) });
    case 'not_found': {
      const line = result.openLines?.[0];
      return line ? t('foundOpenLine', { name: resultName(result), id: String(line.chatId) }) : noChatFor(resultName(result));
    }
    case 'invalid':
      return say(result.error);
    case 'error':
      return t('failedFor', { name: resultName(result), problem: say(result.error) });
  }
}

/** What the live region announces for an answer: the one result, or the batch's summary; empty for none. */
export function announcement(view: LookupView): string {
  const [only] = view.results;
  if (!only) return '';
  return view.results.length === 1 ? resultSentence(only) : summary(view.results);
}

/** The button that opens an entity's page: "Open the deal's page"; null for a type with no page to open. */
export function entityPageLabel(entityType: string, entityId: string): string | null {
  if (entityType !== 'CRM') return null;
  const type = entityId.slice(0, entityId.indexOf('|'));
  if (isCrmType(type)) return t(type);
  // Smart processes have pages too; other types (orders, old invoices) have none the app can open.
  return /^DYNAMIC_\d+$/.test(type) ? t('entityPage') : null;
}
