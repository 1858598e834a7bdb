import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { catalogProblems } from '../../../electron/common/i18n/catalog-check.ts';
import type { Catalog } from '../../../electron/common/i18n/format.ts';
import { CATALOGS, LANGUAGES } from '../../../electron/common/i18n/catalogs.ts';
import { completeCatalogs, LOCALES_DIR } from '../../../vite.config.ts';

const readCatalog = (dir: string, language: string): Catalog => JSON.parse(readFileSync(join(dir, language, 'messages.json'), 'utf8')) as Catalog;

describe('the catalogs', () => {
  it('are every language folder, and the main process knows each one', () => {
    const folders = readdirSync(LOCALES_DIR).sort();
    expect([...LANGUAGES].sort()).toEqual(folders);
  });

  it.each(LANGUAGES.filter((language) => language !== 'en'))('%s has every English message, no other, with the same parameters', (language) => {
    expect(catalogProblems(CATALOGS.en, CATALOGS[language], language)).toEqual([]);
  });
});

describe('a catalog that falls short', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** A copy of the real catalogs with one more language, made from English and then broken by `spoil`. */
  function localesWith(spoil: (catalog: Record<string, unknown>) => void): string {
    const dir = mkdtempSync(join(tmpdir(), 'b24-locales-'));
    dirs.push(dir);
    cpSync(LOCALES_DIR, dir, { recursive: true });
    const catalog = structuredClone(readCatalog(dir, 'en')) as Record<string, unknown>;
    spoil(catalog);
    cpSync(join(dir, 'en'), join(dir, 'xx'), { recursive: true });
    writeFileSync(join(dir, 'xx', 'messages.json'), JSON.stringify(catalog));
    return dir;
  }

  /** A real Vite build of a one-line entry, with the catalog check the project's builds run. */
  async function buildWith(dir: string): Promise<void> {
    const entry = join(dir, 'entry.js');
    writeFileSync(entry, 'export const answer = 42;\n');
    await build({
      configFile: false,
      logLevel: 'silent',
      plugins: [completeCatalogs(dir)],
      build: { write: false, lib: { entry, formats: ['es'], fileName: 'entry' } },
    });
  }

  it('with a message missing fails the build, naming the message', async () => {
    const dir = localesWith((catalog) => delete catalog['language.name']);
    await expect(buildWith(dir)).rejects.toThrow('xx: the message "language.name" is missing.');
  });

  it('with one message too many fails the build', async () => {
    const dir = localesWith((catalog) => (catalog['lookup.nothing'] = { message: 'Nothing' }));
    await expect(buildWith(dir)).rejects.toThrow('xx: the message "lookup.nothing" is not in the source catalog (one too many).');
  });

  it('with a parameter renamed fails the build', async () => {
    const dir = localesWith((catalog) => (catalog['language.system'] = { message: 'System ({language})' }));
    await expect(buildWith(dir)).rejects.toThrow('"language.system" has the parameters {language}, the source has {name}.');
  });

  it('that is complete builds', async () => {
    const dir = localesWith(() => undefined);
    await expect(buildWith(dir)).resolves.toBeUndefined();
  });

  it('lacking a plural form its language has is named', () => {
    const source: Catalog = { n: { message: { one: '{count} request', other: '{count} requests' } } };
    const russian: Catalog = { n: { message: { one: '{count} запрос', other: '{count} запросов' } } };
    expect(catalogProblems(source, russian, 'ru')).toEqual(['ru: "n" lacks its plural form "few".', 'ru: "n" lacks its plural form "many".']);
  });
});
