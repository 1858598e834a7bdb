/**
 * Settings → About with a new version out, in real Chromium on the preview playing an AppImage whose release feed (on
 * 127.0.0.1) offers 0.2.0 (test/preview/updates.ts): the real electron-updater finds it, About shows it with its notes,
 * one click downloads it with its progress, and About says it is ready, with "Restart and Install Now". In every
 * language the app speaks, with axe-core over each state; the automatic checks' switch is saved as a setting.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { Catalog } from '../../electron/common/i18n/format.ts';
import { CATALOGS, type Language, LANGUAGES } from '../../electron/common/i18n/catalogs.ts';
import { PREVIEW_NOTES } from '../preview/updates.ts';
import { expect, openWindow, test } from './preview.ts';

const SCREENSHOTS = process.env.B24_SCREENSHOTS_DIR ? resolve(process.env.B24_SCREENSHOTS_DIR) : resolve(import.meta.dirname, '../../test-results/screenshots');
const NEW = '0.2.0';

/** A window sentence in a language, its simple `{name}` placeholders filled (the About sentences have no plurals). */
function text(language: Language, key: string, params: Record<string, string> = {}): string {
  const message = (CATALOGS[language] as Catalog)[key]?.message;
  if (typeof message !== 'string') throw new Error(`The ${language} catalog has no plain "${key}".`);
  return message.replace(/\{(\w+)(?:, number)?\}/g, (_whole, name: string) => params[name] ?? `{${name}}`);
}

async function axeViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

for (const language of LANGUAGES) {
  test.describe(`a new version, in ${language}`, () => {
    test.use({ osLanguage: language, newVersion: NEW });

    test('About names it with its notes, downloads it with one click, and says it is ready to install', async ({ page, preview }) => {
      test.setTimeout(90_000);
      await openWindow(page, preview);
      await page.getByRole('button', { name: text(language, 'app.screen.settings') }).click();
      const about = page.getByRole('region', { name: text(language, 'settings.about') });
      await about.scrollIntoViewIfNeeded();
      await expect(about.getByRole('status').first()).toHaveText(text(language, 'about.available', { version: NEW }));
      await expect(about).toContainText(text(language, 'about.kind.appimage'));
      await expect(about.getByRole('heading', { name: text(language, 'about.notes', { version: NEW }) })).toBeVisible();
      // The notes arrive as HTML and are shown as text: the list's items, no markup.
      await expect(about).toContainText('• Lookups answer sooner');
      expect(PREVIEW_NOTES).toContain('<li>Lookups answer sooner</li>');
      const problems: Record<string, string[]> = {};
      problems.available = await axeViolations(page);

      await about.getByRole('button', { name: text(language, 'about.download') }).click();
      await expect(about.getByRole('status').first()).toHaveText(text(language, 'about.downloaded', { version: NEW }), { timeout: 30_000 });
      await expect(about.getByRole('button', { name: text(language, 'about.installNow') })).toBeVisible();
      await expect(about.getByRole('button', { name: text(language, 'about.download') })).toHaveCount(0);
      problems.downloaded = await axeViolations(page);
      mkdirSync(SCREENSHOTS, { recursive: true });
      await about.screenshot({ path: join(SCREENSHOTS, `updates-${language}-downloaded.png`) });
      expect(Object.fromEntries(Object.entries(problems).filter(([, found]) => found.length > 0))).toEqual({});
    });
  });
}

test.describe('the automatic checks', () => {
  test.use({ newVersion: NEW });

  test('are a setting: switched off, the choice is kept across a restart; "Check for Updates" still looks', async ({ page, preview }) => {
    await openWindow(page, preview);
    await page.getByRole('button', { name: 'Settings' }).click();
    const about = page.getByRole('region', { name: 'About' });
    const automatic = about.getByRole('checkbox', { name: 'Check for updates automatically' });
    await expect(automatic).toBeChecked();
    await automatic.uncheck();
    await expect(page.getByText('Saved')).toBeVisible();

    await preview.restart();
    await openWindow(page, preview);
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(automatic).not.toBeChecked();
    // No automatic check was made this time: nothing is said until the person asks.
    await expect(about.getByText('Version 0.2.0 is out.')).toHaveCount(0);
    await about.getByRole('button', { name: 'Check for Updates' }).click();
    await expect(about.getByRole('status').first()).toHaveText('Version 0.2.0 is out.');
  });
});
