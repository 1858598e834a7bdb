import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { CATALOGS } from '../../../electron/common/i18n/catalogs.ts';
import { defaultSettings, SETTING_SCHEMAS } from '../../../electron/core/state/settings.ts';

describe("the default language: the OS's first locale the app speaks (matchLanguage)", () => {
  it.each([
    [['ru-RU'], 'ru'],
    [['en-GB', 'ru'], 'en'],
    [['de-DE', 'ru-RU', 'en'], 'de'],
    [['de-AT'], 'de'],
    [['pt-PT'], 'pt-BR'],
    [['pt_BR'], 'pt-BR'],
    [['es-419', 'en'], 'es'],
    [['pl'], 'pl'],
    [['fr-FR', 'pl-PL', 'en'], 'pl'],
    [['be-BY'], 'ru'],
    [['kk_KZ'], 'ru'],
    [['uk-UA', 'en-US'], 'uk'],
    [['fr-FR'], 'en'],
    [[], 'en'],
  ])('%j → %s', (locales, language) => {
    expect(defaultSettings(locales).language).toBe(language);
  });
});

describe('the language setting', () => {
  it('takes every language the app has a catalog for, and no other', () => {
    for (const language of Object.keys(CATALOGS)) expect(v.is(SETTING_SCHEMAS.language, language)).toBe(true);
    for (const other of ['fr', 'EN', 'ru-RU', '']) expect(v.is(SETTING_SCHEMAS.language, other)).toBe(false);
  });
});
