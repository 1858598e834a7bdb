/**
 * The window's sentences. Every one is an entry of the catalog of the person's language
 * (electron/common/locales/<language>/messages.json, keys `screen.key`), filled by the shared formatter
 * (electron/common/i18n/format.ts): `t(key, params)` for the window's own, `say(message)` for what the main process
 * sends as `{ code, params }`. The window carries only the catalog it shows: each is its own chunk, loaded by
 * `useLanguage` before the first sentence and again when the language setting changes; `t` reads the loaded
 * catalog's state, so a template that calls it follows a language change at once.
 */

import type { Catalog, Message as MainMessage, MessageParams } from '../../../electron/common/i18n/format.ts';
import { formatMessage } from '../../../electron/common/i18n/format.ts';
import type { Language, MessageKey } from '../../../electron/common/i18n/catalogs.ts';

export type { Language };

/**
 * The catalogs, one chunk each, by language (electron/common/locales/<language>/messages.json; a new language needs
 * no line here).
 */
const CATALOG_LOADERS = new Map(
  Object.entries(import.meta.glob<Catalog>('../../../electron/common/locales/*/messages.json', { import: 'default' })).map(
    ([path, load]) => [path.split('/').at(-2) as Language, load] as const,
  ),
);

/** Every language the window has a catalog for, as the language menu lists them. */
export const WINDOW_LANGUAGES: readonly Language[] = [...CATALOG_LOADERS.keys()];

/** The catalog on screen and its language (set by useLanguage once that catalog is here). */
const messages = $state<{ language: Language; catalog: Catalog | null }>({ language: 'en', catalog: null });

/** The language every sentence is shown in, and whether its catalog is here yet (nothing is shown before). */
export const locale = {
  get language(): Language {
    return messages.language;
  },
  get ready(): boolean {
    return messages.catalog !== null;
  },
};

/** The language asked for last: a slower load of an earlier choice must not replace it when it arrives. */
let wanted: Language | undefined;

/** Loads a language's catalog and shows every sentence in it from then on. */
export async function useLanguage(language: Language): Promise<void> {
  const load = CATALOG_LOADERS.get(language);
  if (!load) throw new Error(`The window has no catalog for the language "${language}".`);
  wanted = language;
  const catalog = await load();
  if (wanted !== language) return;
  messages.catalog = catalog;
  messages.language = language;
}

/** One of the window's own sentences, in the current language. */
export function t(key: MessageKey, params?: MessageParams): string {
  return formatMessage(messages.catalog ?? {}, params ? { code: key, params } : { code: key }, messages.language);
}

/** A message the main process sent (`{ code, params }`), as a sentence in the current language. */
export function say(message: MainMessage): string {
  return formatMessage(messages.catalog ?? {}, message, messages.language);
}

/** Each language's own name ("English", "Русский"), from its catalog; filled by loadLanguageNames. */
const names = $state<Partial<Record<Language, string>>>({});

/**
 * Reads every catalog's `language.name` for the language menu. Only the Settings screen needs them, so the other
 * languages' chunks load when it opens, never at the window's start.
 */
export async function loadLanguageNames(): Promise<void> {
  await Promise.all(
    [...CATALOG_LOADERS].map(async ([language, load]) => {
      const name = (await load())['language.name']?.message;
      if (typeof name === 'string') names[language] = name;
    }),
  );
}

/** A language's own name, or its code until its catalog has loaded. */
export function languageName(language: Language): string {
  return names[language] ?? language;
}

/**
 * A moment in the person's language and time zone: "14:05" today, "12 Nov, 14:05" this year, with the year before
 * that (the shared `{x, moment}` style has no year: the history keeps lookups for longer than a year).
 */
export function formatMoment(at: number, now = Date.now()): string {
  // Two moments to compare and format, never state: Svelte's reactive date would buy nothing here.
  /* eslint-disable svelte/prefer-svelte-reactivity */
  const date = new Date(at);
  const today = new Date(now);
  /* eslint-enable svelte/prefer-svelte-reactivity */
  const time: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };
  if (date.toDateString() === today.toDateString()) return date.toLocaleTimeString(messages.language, time);
  const options: Intl.DateTimeFormatOptions = { ...time, day: 'numeric', month: 'short' };
  if (date.getFullYear() !== today.getFullYear()) options.year = 'numeric';
  return date.toLocaleString(messages.language, options);
}
