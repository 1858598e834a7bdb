/**
 * The window's sentences. Every one is an entry of the catalog of the person's language
 * (electron/common/locales/<language>/messages.json, keys `screen.key`), filled by the shared formatter
 * (electron/common/i18n/format.ts): `t(key, params)` for the window's own, `say(message)` for what the main process
 * sends as `{ code, params }`. The language is the settings' (languageFrom), not a copy of it. The window carries only
 * the catalogs it shows: each is its own chunk, loaded by `useLanguage` before settings naming its language are
 * shown; `t` reads the language and the loaded catalogs' state, so a template that calls it follows a change at once.
 */

import type { Catalog, Message as MainMessage, MessageParams } from '../../../electron/common/i18n/format.ts';
import { formatMessage } from '../../../electron/common/i18n/format.ts';
import type { Language, MessageKey } from '../../../electron/common/i18n/catalogs.ts';

export type { Language };

/**
 * The catalogs, two chunks each, by language (electron/common/locales/<language>/messages.json; a new language needs
 * no line here): the first screen's sentences, and the rest, fetched right after (electron/common/i18n/catalog-parts.ts).
 */
const byLanguage = (loaders: Record<string, () => Promise<Catalog>>): Map<Language, () => Promise<Catalog>> =>
  new Map(Object.entries(loaders).map(([path, load]) => [path.split('/').at(-2) as Language, load] as const));
const CATALOG_LOADERS = byLanguage(import.meta.glob<Catalog>('../../../electron/common/locales/*/messages.json', { query: '?part=start', import: 'default' }));
const REST_LOADERS = byLanguage(import.meta.glob<Catalog>('../../../electron/common/locales/*/messages.json', { query: '?part=rest', import: 'default' }));

/** Every language the window has a catalog for, as the language menu lists them. */
export const WINDOW_LANGUAGES: readonly Language[] = [...CATALOG_LOADERS.keys()];

/** Every catalog loaded so far, by language (each chunk is fetched once). */
let catalogs = $state.raw<Partial<Record<Language, Catalog>>>({});
/** The language of a page without settings (the browser's, or a test's): the last one useLanguage loaded. */
let chosen = $state<Language>('en');
/** Where the person's language is read from: the settings as the main process sent them (languageFrom). */
let settingsLanguage: () => Language | undefined = () => undefined;

/**
 * Reads the language from the settings from now on (App.svelte, with the desktop app), so the window's language
 * cannot disagree with them. Whoever sets new settings loads their language's catalog first (useLanguage).
 */
export function languageFrom(read: () => Language | undefined): void {
  settingsLanguage = read;
}

/** The language every sentence is shown in, and whether its catalog is here yet (nothing is shown before). */
export const locale = {
  get language(): Language {
    return settingsLanguage() ?? chosen;
  },
  get ready(): boolean {
    return catalogs[locale.language] !== undefined;
  },
};

/** The language asked for last: a slower load of an earlier choice must not replace it when it arrives. */
let wanted: Language | undefined;

/** Loads a language's catalog; a page without settings shows every sentence in it from then on. */
export async function useLanguage(language: Language): Promise<void> {
  const load = CATALOG_LOADERS.get(language);
  if (!load) throw new Error(`The window has no catalog for the language "${language}".`);
  wanted = language;
  const catalog = await load();
  if (catalogs[language] === undefined) catalogs = { ...catalogs, [language]: catalog };
  if (wanted === language) chosen = language;
  void completeCatalog(language);
}

/** The languages whose catalog is here whole. */
let whole = $state.raw<Partial<Record<Language, true>>>({});

/** Each language's second part, asked for once (its sentences appear on screen as soon as it is here). */
const rest: Partial<Record<Language, Promise<void>>> = {};

/** The rest of a language's catalog, added to what is shown when it arrives; resolves once it is there. */
export function completeCatalog(language: Language = locale.language): Promise<void> {
  let loading = rest[language];
  if (!loading) {
    const load = REST_LOADERS.get(language);
    const start = CATALOG_LOADERS.get(language);
    // The first part too (a module loaded once, so no second fetch): the rest may be asked for before it is here.
    loading =
      load && start
        ? Promise.all([start(), load()]).then(([first, more]) => {
            catalogs = { ...catalogs, [language]: { ...more, ...first } };
            whole = { ...whole, [language]: true };
          })
        : Promise.resolve();
    rest[language] = loading;
  }
  return loading;
}

/** The catalog of the language on screen (empty until it is here: nothing is shown before). */
const shown = (): Catalog => catalogs[locale.language] ?? {};

/** One of the window's own sentences, in the current language. */
export function t(key: MessageKey, params?: MessageParams): string {
  return say(params ? { code: key, params } : { code: key });
}

/**
 * A message (`{ code, params }`: the main process's, or one of the window's own keys) as a sentence in the current
 * language. A sentence of the catalog's second part says nothing until that part is here (a few milliseconds after
 * the window starts), rather than show its code, and appears as the part arrives.
 */
export function say(message: MainMessage): string {
  const catalog = shown();
  if (!(message.code in catalog) && !whole[locale.language]) return '';
  return formatMessage(catalog, message, locale.language);
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
  if (date.toDateString() === today.toDateString()) return date.toLocaleTimeString(locale.language, time);
  const options: Intl.DateTimeFormatOptions = { ...time, day: 'numeric', month: 'short' };
  if (date.getFullYear() !== today.getFullYear()) options.year = 'numeric';
  return date.toLocaleString(locale.language, options);
}
