/**
 * What the Lookup screen says, in the person's language: what the box understood as they type, each result's name,
 * a batch's summary, what the live region announces for an answer, and why an entity may have no chat. Pure
 * functions of the main process's answers, so they are tested without a window.
 */
import { entityPagePath, readCrmKey } from '../../../electron/common/references/entity-pages.ts';
import type { ChatSection, LookupResult, LookupView, ParsedReference } from '../../../electron/core/ipc/contract.ts';
import type { MessageKey } from '../../../electron/common/i18n/catalogs.ts';
import { chatName, entityName, isCrmType, type CrmType } from './entities.ts';
import { say, t } from './i18n.svelte.ts';

/** How many names a line lists before "and N more". */
const NAMES_SHOWN = 3;
/** How much of a piece of text that is no reference is quoted. */
const QUOTE_LENGTH = 24;

/** Text quoted as the person wrote it, shortened: `“hello”`, `«hello»`. */
export function quoteInput(input: string, length = QUOTE_LENGTH): string {
  const flat = input.replace(/\s+/g, ' ').trim();
  const text = flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
  return t('lookup.summary.quoted', { text });
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
  const count = t('lookup.summary.references', { count: references.length });
  const names = references.slice(0, NAMES_SHOWN).map(referenceName).join(', ');
  const rest = references.length - NAMES_SHOWN;
  const text =
    rest > 0 ? t('lookup.summary.listMore', { count, names, more: t('lookup.summary.more', { count: rest }) }) : t('lookup.summary.list', { count, names });
  return { text, invalid: false };
}

/** What a result is about: "Deal 5", "Chat 1437", or the quoted text for one that is no reference. */
export function resultName(result: LookupResult): string {
  if (result.status === 'invalid') return quoteInput(result.input);
  if (result.entityType && result.entityId) return entityName(result.entityType, result.entityId, result.label);
  if (result.status === 'found') return chatName(result.chatId);
  return entityName(null, null, result.label);
}

/** The portal a found chat is on (its origin), as chatOpen takes it. */
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
  if (counts.found > 0) parts.push(t('lookup.summary.found', { count: counts.found }));
  if (counts.not_found - onlyOpenLines > 0) parts.push(t('lookup.summary.withoutChat', { count: counts.not_found - onlyOpenLines }));
  if (onlyOpenLines > 0) parts.push(t('lookup.summary.withOpenLines', { count: onlyOpenLines }));
  if (counts.invalid > 0) parts.push(t('lookup.summary.notReference', { count: counts.invalid }));
  if (counts.error > 0) parts.push(t('lookup.summary.failed', { count: counts.error }));
  return parts.join(', ');
}

/** "No chat for Deal 99999". */
export function noChatFor(name: string): string {
  return t('lookup.summary.noChatFor', { name });
}

/** "No chat of its own for Lead 14": it has open-line chats. */
export function noOwnChatFor(name: string): string {
  return t('lookup.summary.noOwnChatFor', { name });
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
      return t('lookup.summary.foundChat', { name: resultName(result), id: String(result.chatId) });
    case 'not_found': {
      const line = result.openLines?.[0];
      return line ? t('lookup.summary.foundOpenLine', { name: resultName(result), id: String(line.chatId) }) : noChatFor(resultName(result));
    }
    case 'invalid':
      return say(result.error);
    case 'error':
      return t('lookup.summary.failedFor', { name: resultName(result), problem: say(result.error) });
  }
}

/** What the live region announces for an answer: the one result, or the batch's summary; empty for none. */
export function announcement(view: LookupView): string {
  const [only] = view.results;
  if (!only) return '';
  return view.results.length === 1 ? resultSentence(only) : summary(view.results);
}

/** The page button's label per type: the type's name changes form inside the sentence ("страницу сделки"). */
const PAGE_LABELS = {
  LEAD: 'lookup.summary.page.lead',
  DEAL: 'lookup.summary.page.deal',
  CONTACT: 'lookup.summary.page.contact',
  COMPANY: 'lookup.summary.page.company',
  QUOTE: 'lookup.summary.page.quote',
  SMART_INVOICE: 'lookup.summary.page.smartInvoice',
} as const satisfies Record<CrmType, MessageKey>;

/** The button that opens an entity's page: "Open the deal's page"; null for a type with no page to open. */
export function entityPageLabel(entityType: string, entityId: string): string | null {
  if (entityPagePath(entityType, entityId) === null) return null;
  const type = readCrmKey(entityId)?.type ?? '';
  // Smart processes have pages too, named by no type of their own.
  return isCrmType(type) ? t(PAGE_LABELS[type]) : t('lookup.summary.page.entity');
}
