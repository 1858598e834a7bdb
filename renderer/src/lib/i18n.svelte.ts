/**
 * The window's two languages. Each screen keeps its own strings (English and Russian side by side, the Russian
 * object typed to have exactly the English keys) and gets a `t` from `translator`; `t` reads the current language,
 * so a template that calls it follows a language change at once. Plurals go through Intl.PluralRules, so Russian
 * gets its one / few / many forms ("1 запрос", "2 запроса", "5 запросов").
 */

import type { Catalog, Message as MainMessage, MessageParams } from '../../../electron/common/i18n/format.ts';
import { formatMessage } from '../../../electron/common/i18n/format.ts';
import type { MessageKey } from '../../../electron/core/i18n/catalogs.ts';

export type Language = 'en' | 'ru';

/** A plural message: the form for each of the language's plural categories (`other` is the fallback). */
export interface PluralMessage {
  one: string;
  few?: string;
  many?: string;
  other: string;
}
export type Message = string | PluralMessage;
export type Params = Record<string, string | number>;

/** The language every string is shown in; App.svelte sets it from the settings. */
export const locale = $state<{ language: Language }>({ language: 'en' });

const pluralRules = { en: new Intl.PluralRules('en'), ru: new Intl.PluralRules('ru') } satisfies Record<Language, Intl.PluralRules>;

function fill(template: string, params: Params | undefined, language: Language): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? value.toLocaleString(language) : value;
  });
}

/** Picks the plural form for `count` in a language. */
export function pluralForm(message: PluralMessage, count: number, language: Language): string {
  const category = pluralRules[language].select(count) as keyof PluralMessage;
  return message[category] ?? message.other;
}

/** One message in a language: `{name}` filled from params, a plural form chosen by `params.count`. */
export function format(message: Message, params: Params | undefined, language: Language): string {
  const template = typeof message === 'string' ? message : pluralForm(message, Number(params?.count ?? 0), language);
  return fill(template, params, language);
}

export type Translate<K extends string> = (key: K, params?: Params) => string;

/** A `t` for one screen's strings, in the current language. */
export function translator<K extends string>(catalogs: { en: Record<K, Message>; ru: Record<K, Message> }): Translate<K> {
  return (key, params) => format(catalogs[locale.language][key], params, locale.language);
}

/** A moment in the person's language: "14:05" today, "12 Nov, 14:05" this year, with the year before that. */
export function formatMoment(at: number, language: Language, now = Date.now()): string {
  // Two moments to compare and format, never state: Svelte's reactive date would buy nothing here.
  /* eslint-disable svelte/prefer-svelte-reactivity */
  const date = new Date(at);
  const today = new Date(now);
  /* eslint-enable svelte/prefer-svelte-reactivity */
  const time: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };
  if (date.toDateString() === today.toDateString()) return date.toLocaleTimeString(language, time);
  const options: Intl.DateTimeFormatOptions = { ...time, day: 'numeric', month: 'short' };
  if (date.getFullYear() !== today.getFullYear()) options.year = 'numeric';
  return date.toLocaleString(language, options);
}

/**
 * The catalogs, one chunk each, loaded when their language is chosen: the window carries only the language it shows
 * (electron/common/locales/<language>/messages.json; a new language needs no line here).
 */
const CATALOG_LOADERS = import.meta.glob<Catalog>('../../../electron/common/locales/*/messages.json', { import: 'default' });

/** The language of the catalog in `messages` (set by useLanguage, once its catalog is here). */
const messages = $state<{ language: Language; catalog: Catalog }>({ language: 'en', catalog: {} });

/** Loads a language's catalog and shows every sentence in it from then on. */
export async function useLanguage(language: Language): Promise<void> {
  const load = CATALOG_LOADERS[`../../../electron/common/locales/${language}/messages.json`];
  if (!load) throw new Error(`The window has no catalog for the language "${language}".`);
  const catalog = await load();
  messages.catalog = catalog;
  messages.language = language;
  locale.language = language;
}

/** One of the window's own sentences, in the current language. */
export function t(key: MessageKey, params?: MessageParams): string {
  return formatMessage(messages.catalog, params ? { code: key, params } : { code: key }, messages.language);
}

/** A message the main process sent (`{ code, params }`), as a sentence in the current language. */
export function say(message: MainMessage): string {
  return formatMessage(messages.catalog, message, messages.language);
}
