/**
 * Every screen in every language the app speaks, in real Chromium on the preview backed by the real core: for each
 * language and each state a person meets (an empty box, a chat found, no chat, a batch, a portal refusing, the
 * history, its confirmation, the settings, the first-run guide), axe-core finds nothing, no text is cut off by its
 * box, and no English sentence of the catalog is left on screen where the language has its own. The screenshots of
 * each language (lookup, history, settings) go to the README (`npm run screenshots`) or under test-results/.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { Catalog, MessageText } from '../../electron/common/i18n/format.ts';
import { CATALOGS, type Language, LANGUAGES } from '../../electron/common/i18n/catalogs.ts';
import { expect, openWindow, test } from './preview.ts';

const SCREENSHOTS = process.env.B24_SCREENSHOTS_DIR ? resolve(process.env.B24_SCREENSHOTS_DIR) : resolve(import.meta.dirname, '../../test-results/screenshots');

/** A catalog entry's text in a language (a plural message by its `other` form, which every language has). */
function text(language: Language, key: string): string {
  const message = (CATALOGS[language] as Catalog)[key]?.message;
  if (message === undefined) throw new Error(`The ${language} catalog has no "${key}".`);
  return typeof message === 'string' ? message : message.other;
}

const textsOf = (message: MessageText): string[] =>
  typeof message === 'string' ? [message] : Object.values(message).filter((form) => typeof form === 'string');

/**
 * The English a screen must not show in `language`: the literal parts of every English message (its placeholders cut
 * out) of two words or more, or one word of five letters or more, that the language's own message does not keep
 * (a product name, `client_id`), and that no message of the language contains either.
 */
function englishLeftBehind(language: Language): string[] {
  const own = Object.values(CATALOGS[language] as Catalog)
    .flatMap((entry) => textsOf(entry.message))
    .join('\n');
  const pieces = new Set<string>();
  for (const [key, entry] of Object.entries(CATALOGS.en as Catalog)) {
    if (key === 'language.name') continue; // each language is listed in its own name, English too
    const translated = (CATALOGS[language] as Catalog)[key]?.message;
    for (const english of textsOf(entry.message)) {
      if (translated !== undefined && textsOf(translated).includes(english)) continue;
      for (const piece of english.split(/\{[^}]*\}/)) {
        const trimmed = piece.replace(/^[\s.,:;!?()“”"'…·-]+|[\s.,:;!?()“”"'…·-]+$/g, '');
        const words = trimmed.split(/\s+/).filter((word) => /\p{L}/u.test(word));
        if ((words.length >= 2 || /\p{L}{5}/u.test(trimmed)) && !own.includes(trimmed)) pieces.add(trimmed);
      }
    }
  }
  return [...pieces];
}

async function axeViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/**
 * Text that does not fit its box: an element whose own text runs wider than it (cut, ellipsised or spilling out), a
 * field whose placeholder is wider than the field, or a page scrolled sideways.
 */
async function cutOff(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const canvas = document.createElement('canvas').getContext('2d');
    const describe = (element: Element): string => `${element.tagName.toLowerCase()} “${(element.textContent ?? '').trim().slice(0, 40)}”`;
    if (document.documentElement.scrollWidth > document.documentElement.clientWidth) found.push('the page scrolls sideways');
    // Read by screen readers only (app.css .visually-hidden: a 1 px box, clipped): cut on purpose.
    const forScreenReaders = (element: Element): boolean => {
      for (let at: Element | null = element; at; at = at.parentElement) if (getComputedStyle(at).clipPath !== 'none') return true;
      return false;
    };
    for (const element of document.querySelectorAll<HTMLElement>('body *')) {
      if (element.offsetParent === null && getComputedStyle(element).position !== 'fixed') continue; // not shown
      if (forScreenReaders(element)) continue;
      const ownText = [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent?.trim());
      if (ownText && element.clientWidth > 0 && element.scrollWidth > element.clientWidth + 1) found.push(describe(element));
      if ((element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) && element.placeholder && canvas) {
        const style = getComputedStyle(element);
        canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const room = element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        const lines =
          element instanceof HTMLTextAreaElement ? Math.max(1, Math.floor(element.clientHeight / parseFloat(style.lineHeight || style.fontSize))) : 1;
        if (canvas.measureText(element.placeholder).width > room * lines) found.push(`the placeholder “${element.placeholder}”`);
      }
    }
    return found;
  });
}

/** Everything a person can read or hear on the page: its text, and the names and hints of its controls. */
async function readable(page: Page): Promise<string> {
  return page.evaluate(() => {
    const attributes = [...document.querySelectorAll('[aria-label], [placeholder], [title], [alt]')].flatMap((element) =>
      ['aria-label', 'placeholder', 'title', 'alt'].map((name) => element.getAttribute(name) ?? ''),
    );
    return [document.body.innerText, ...attributes].join('\n');
  });
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function englishOnScreen(page: Page, english: string[]): Promise<string[]> {
  const shown = await readable(page);
  return english.filter((piece) => new RegExp(`(?<!\\p{L})${escapeRegExp(piece)}(?!\\p{L})`, 'u').test(shown));
}

for (const language of LANGUAGES) {
  test.describe(`in ${text(language, 'language.name')} (${language})`, () => {
    test.use({ osLanguage: language });

    test('every screen reads in it: nothing cut off, nothing left in English, axe-core finds nothing', async ({ page, preview }) => {
      // Nine states, each with a full axe pass: seconds each on a busy two-core machine.
      test.setTimeout(150_000);
      const english = language === 'en' ? [] : englishLeftBehind(language);
      const box = page.getByRole('textbox', { name: text(language, 'lookup.label') });
      const result = page.getByRole('region', { name: text(language, 'lookup.result') });
      const problems: Record<string, string[]> = {};
      const check = async (state: string): Promise<void> => {
        const found = [...(await axeViolations(page)), ...(await cutOff(page)).map((what) => `cut off: ${what}`)];
        found.push(...(await englishOnScreen(page, english)).map((piece) => `in English: “${piece}”`));
        if (found.length > 0) problems[state] = found;
      };
      const lookUp = async (reference: string): Promise<void> => {
        await box.fill(reference);
        await box.press('Enter');
        await expect(result).not.toHaveAttribute('aria-busy', 'true');
      };

      await openWindow(page, preview);
      await expect(page.locator('html')).toHaveAttribute('lang', language);
      await check('lookup, empty');
      await lookUp('D_5');
      await expect(result).toContainText('1501');
      await check('lookup, found');
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, `language-${language}-lookup.png`) });
      await lookUp('LEAD|77');
      await check('lookup, no chat');
      await lookUp('LEAD|13\nD_5\nDEAL|99999\nhello');
      await check('lookup, several');
      preview.portal.set({ scopes: ['crm'] });
      await lookUp('D_5');
      await check('lookup, the portal refuses');
      preview.portal.set({ scopes: ['crm', 'im'] });

      await page.getByRole('button', { name: text(language, 'app.screen.history') }).click();
      await expect(
        page
          .getByRole('list', { name: text(language, 'history.list') })
          .getByRole('listitem')
          .first(),
      ).toBeVisible();
      await check('history');
      await page.screenshot({ path: join(SCREENSHOTS, `language-${language}-history.png`) });
      await page.getByRole('button', { name: text(language, 'history.clear') }).click();
      await check('history, confirm clearing');
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: text(language, 'app.screen.settings') }).click();
      await expect(page.getByRole('heading', { name: text(language, 'settings.hotkeys') })).toBeVisible();
      await check('settings');
      await page.screenshot({ path: join(SCREENSHOTS, `language-${language}-settings.png`) });

      expect(problems).toEqual({});
    });
  });

  test.describe(`the first-run guide in ${language}`, () => {
    test.use({ osLanguage: language, connected: false });

    test('reads in it, with nothing cut off or in English', async ({ page, preview }) => {
      await openWindow(page, preview);
      const english = language === 'en' ? [] : englishLeftBehind(language);
      const found = [...(await axeViolations(page)), ...(await cutOff(page)), ...(await englishOnScreen(page, english))];
      expect(found).toEqual([]);
    });
  });
}
