/**
 * What makes a translation complete: every message of the source catalog (English) and no other, each with the
 * same parameters, and a plural message with every plural category its language has. The build runs this over every
 * catalog (vite.config.ts) and fails on the first problem, so a catalog that lacks a message, or has one too many,
 * never ships; test/unit/i18n/catalogs.test.ts runs it over the real catalogs and over broken copies.
 */
import { type Catalog, type MessageText, placeholdersOf, pluralCategoriesOf } from './format.ts';

const isPlural = (text: MessageText): text is Exclude<MessageText, string> => typeof text !== 'string';

/** Every way `catalog` (in `language`) falls short of `source`, as sentences for the build log; none when it is complete. */
export function catalogProblems(source: Catalog, catalog: Catalog, language: string): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(source)) {
    const wanted = source[key];
    const entry = catalog[key];
    if (!wanted) continue;
    if (!entry || entry.message === undefined) {
      problems.push(`${language}: the message "${key}" is missing.`);
      continue;
    }
    const expected = placeholdersOf(wanted.message).join(' ');
    const actual = placeholdersOf(entry.message).join(' ');
    if (expected !== actual) problems.push(`${language}: "${key}" has the parameters {${actual}}, the source has {${expected}}.`);
    if (isPlural(wanted.message) !== isPlural(entry.message)) {
      problems.push(`${language}: "${key}" must ${isPlural(wanted.message) ? '' : 'not '}be a plural message, as in the source.`);
    } else if (isPlural(entry.message)) {
      const forms = entry.message;
      for (const category of pluralCategoriesOf(language)) {
        if (typeof forms[category as keyof typeof forms] !== 'string') problems.push(`${language}: "${key}" lacks its plural form "${category}".`);
      }
    } else if (entry.message.trim() === '') {
      problems.push(`${language}: the message "${key}" is empty.`);
    }
  }
  for (const key of Object.keys(catalog)) {
    if (!(key in source)) problems.push(`${language}: the message "${key}" is not in the source catalog (one too many).`);
  }
  return problems;
}
