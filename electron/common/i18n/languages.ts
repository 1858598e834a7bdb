/**
 * Which of the app's languages a person's OS asks for. The OS gives its preferred locales, most preferred first
 * (Electron's `app.getPreferredSystemLanguages()`, "de-AT", "pt-BR", "uk"); the first one the app speaks wins,
 * matched on its whole tag first ("pt-BR"), then on its language ("de-AT" → "de", "pt-PT" → "pt-BR").
 */

/**
 * Locales whose people read Russian far more often than English when their own language is not offered (Belarusian,
 * Kazakh, Kyrgyz, Tajik): they get Russian rather than the source language.
 */
const SECOND_LANGUAGE: Readonly<Record<string, string>> = { be: 'ru', kk: 'ru', ky: 'ru', tg: 'ru' };

const primaryOf = (tag: string): string => tag.toLowerCase().split(/[-_]/)[0] ?? '';

/** The language for the OS's preferred locales, among `available` (whose first entry is the fallback). */
export function matchLanguage<L extends string>(preferred: readonly string[], available: readonly L[], fallback: L): L {
  const byTag = new Map(available.map((language) => [language.toLowerCase(), language]));
  const byPrimary = new Map<string, L>();
  for (const language of available) if (!byPrimary.has(primaryOf(language))) byPrimary.set(primaryOf(language), language);
  for (const locale of preferred) {
    const tag = locale.toLowerCase().replace('_', '-');
    const primary = primaryOf(tag);
    const found = byTag.get(tag) ?? byPrimary.get(primary) ?? byPrimary.get(SECOND_LANGUAGE[primary] ?? '');
    if (found) return found;
  }
  return fallback;
}
