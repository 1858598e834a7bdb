/**
 * Messages as data, and the one function that turns them into a sentence. The main process never sends a sentence:
 * it sends `{ code, params }` and whoever shows it (the window, or the main process for the surfaces it owns: the
 * notifications, the tray menu, the sign-in page, the command line) formats it here with the catalog of the person's
 * language. Pure code: no Node, no DOM, no Electron (main, preload and window all import it).
 *
 * A catalog is a `locales/<language>/messages.json` file, one entry per message, in the shape of Signal Desktop's
 * `_locales/<lang>/messages.json`: `{ "key": { "message": "…", "description": "…" } }`. In a message:
 * - `{name}` is a parameter: a string as it is, a number as its digits (an id: "chat 1437"), a list with
 *   Intl.ListFormat ("a, b and c");
 * - `{name, number}` is a quantity, grouped the language's way (Intl.NumberFormat: "12 345");
 * - `{name, time}` is a moment (epoch ms) as a time of day, `{name, moment}` as a time with its day when it is not
 *   today, both in the person's time zone;
 * - a plural message is an object of Intl.PluralRules categories (`one`, `few`, `many`, `other`: the ones the
 *   language has) picked by the `count` parameter.
 */

/** A plural message: one text per plural category of the language (`other` is required in every language). */
export interface PluralText {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

export type MessageText = string | PluralText;

/** One catalog entry. `description` says to a translator where the text shows and what its parameters are. */
export interface CatalogEntry {
  message: MessageText;
  description?: string;
}

export type Catalog = Readonly<Record<string, CatalogEntry>>;

/** What a parameter can hold: text, a number (a count, an id, a moment in epoch ms), or a list of texts. */
export type ParamValue = string | number | readonly string[];
export type MessageParams = Readonly<Record<string, ParamValue>>;

/** A message as data: what to say (`code`, the catalog key) and its specifics. */
export interface Message<C extends string = string> {
  code: C;
  params?: MessageParams;
}

/** `{name}` or `{name, style}`. */
const PLACEHOLDER = /\{(\w+)(?:,\s*(\w+))?\}/g;

/** The parameters and their styles a text asks for (the catalog check compares them across languages). */
export function placeholdersOf(text: MessageText): string[] {
  const texts = typeof text === 'string' ? [text] : Object.values(text).filter((value): value is string => typeof value === 'string');
  const found = new Set<string>();
  for (const one of texts) for (const match of one.matchAll(PLACEHOLDER)) found.add(match[2] ? `${match[1]}, ${match[2]}` : (match[1] as string));
  return [...found].sort();
}

const cache = new Map<string, Intl.PluralRules | Intl.NumberFormat | Intl.ListFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.PluralRules | Intl.NumberFormat | Intl.ListFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let found = cache.get(key) as T | undefined;
  if (!found) {
    found = make();
    cache.set(key, found);
  }
  return found;
}

/** The plural categories a language has ("one", "few", "many", "other" for Russian). */
export function pluralCategoriesOf(language: string): string[] {
  return cached(`p:${language}`, () => new Intl.PluralRules(language)).resolvedOptions().pluralCategories;
}

function pick(text: MessageText, count: number, language: string): string {
  if (typeof text === 'string') return text;
  const category = cached(`p:${language}`, () => new Intl.PluralRules(language)).select(count) as keyof PluralText;
  return text[category] ?? text.other;
}

const sameDay = (a: Date, b: Date): boolean => a.toDateString() === b.toDateString();

function styled(value: ParamValue, style: string | undefined, language: string, now: number): string {
  if (Array.isArray(value)) {
    return cached(`l:${language}`, () => new Intl.ListFormat(language, { type: 'conjunction' })).format(value as string[]);
  }
  if (typeof value === 'string') return value;
  const number = value as number;
  if (style === 'time' || style === 'moment') {
    const at = new Date(number);
    const withDay = style === 'moment' && !sameDay(at, new Date(now));
    const format = withDay
      ? cached(`m:${language}`, () => new Intl.DateTimeFormat(language, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }))
      : cached(`t:${language}`, () => new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit' }));
    return format.format(at);
  }
  if (style === 'number') return cached(`n:${language}`, () => new Intl.NumberFormat(language)).format(number);
  return String(number);
}

/** Fills a text's placeholders; a parameter the caller did not give stays visible as `{name}` rather than vanishing. */
export function fill(text: MessageText, params: MessageParams | undefined, language: string, now = Date.now()): string {
  const count = params?.['count'];
  const template = pick(text, typeof count === 'number' ? count : 0, language);
  return template.replace(PLACEHOLDER, (whole, name: string, style: string | undefined) => {
    const value = params?.[name];
    return value === undefined ? whole : styled(value, style, language, now);
  });
}

/**
 * A message in a language: its catalog entry with the parameters filled in. A key the catalog lacks (a message from
 * a newer main process than this window, say) falls back to the source catalog, then to the key itself: the person
 * sees something to report rather than nothing.
 */
export function formatMessage(catalog: Catalog, message: Message, language: string, fallback?: Catalog, now = Date.now()): string {
  const entry = catalog[message.code] ?? fallback?.[message.code];
  return entry ? fill(entry.message, message.params, language, now) : message.code;
}
