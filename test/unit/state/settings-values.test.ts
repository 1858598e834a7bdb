import { describe, expect, it } from 'vitest';
import { LANGUAGES as CATALOG_LANGUAGES } from '../../../electron/core/i18n/catalogs.ts';
import { defaultSettings, LANGUAGES } from '../../../electron/core/state/settings.ts';

describe("the default language: the OS's first locale the app speaks (matchLanguage)", () => {
  it.each([
    [['ru-RU'], 'ru'],
    [['en-GB', 'ru'], 'en'],
    [['de-DE', 'ru-RU', 'en'], 'ru'],
    [['be-BY'], 'ru'],
    [['kk_KZ'], 'ru'],
    [['uk-UA', 'en-US'], 'en'],
    [['fr-FR'], 'en'],
    [[], 'en'],
  ])('%j → %s', (locales, language) => {
    expect(defaultSettings(locales).language).toBe(language);
  });
});

describe('the language setting', () => {
  it('takes every language the app has a catalog for, the source one first', () => {
    expect([...LANGUAGES]).toEqual(CATALOG_LANGUAGES);
  });
});
