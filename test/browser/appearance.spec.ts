/**
 * How the window looks and reads, in real Chromium on the preview backed by the real core: axe-core on every screen
 * and state in both themes, Russian throughout, keyboard-only use with focus always visible, 200% zoom, and the
 * README's screenshots (taken here, from the real UI; `npm run screenshots` writes them into the repository).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, lookUp, openWindow, test } from './preview.ts';

const SCREENSHOTS = process.env.B24_SCREENSHOTS_DIR ? resolve(process.env.B24_SCREENSHOTS_DIR) : resolve(import.meta.dirname, '../../test-results/screenshots');

async function axeViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`axe-core finds no violation on any screen or state (${scheme} theme)`, async ({ page, preview }) => {
    // Eight full axe passes: seconds each on a busy two-core machine.
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme: scheme });
    await openWindow(page, preview);
    const found: Record<string, string[]> = {};
    found['lookup, empty'] = await axeViolations(page);
    await lookUp(page, 'D_5');
    await expect(page.getByRole('region', { name: 'Result' })).toContainText('Deal #5');
    found['lookup, found'] = await axeViolations(page);
    await lookUp(page, 'LEAD|77');
    found['lookup, no chat'] = await axeViolations(page);
    await lookUp(page, 'LEAD|13\nD_5\nDEAL|99999\nhello');
    found['lookup, batch'] = await axeViolations(page);
    preview.portal.set({ scopes: ['crm'] });
    await lookUp(page, 'D_5');
    found['lookup, error'] = await axeViolations(page);
    await page.getByRole('button', { name: 'History' }).click();
    await expect(page.getByRole('list', { name: 'History' }).getByRole('listitem').first()).toBeVisible();
    found.history = await axeViolations(page);
    await page.getByRole('button', { name: /Clear all/ }).click();
    found['history, confirm'] = await axeViolations(page);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Settings' }).click();
    found.settings = await axeViolations(page);
    expect(Object.fromEntries(Object.entries(found).filter(([, list]) => list.length > 0))).toEqual({});
  });
}

test.describe('first run', () => {
  test.use({ connected: false });
  test('axe-core finds no violation on the first-run guide', async ({ page, preview }) => {
    await openWindow(page, preview);
    expect(await axeViolations(page)).toEqual([]);
  });
});

test.describe('in Russian', () => {
  test.use({ osLanguage: 'ru' });

  test('every screen speaks Russian, with the right plural forms', async ({ page, preview }) => {
    await openWindow(page, preview);
    await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
    await expect(page.getByRole('button', { name: 'Поиск' })).toBeVisible();
    await lookUp(page, 'D_5');
    const result = page.getByRole('region', { name: 'Результат' });
    await expect(result.getByRole('heading', { name: 'Сделка 5' })).toBeVisible();
    await expect(result.getByRole('button', { name: /Копировать/ })).toBeVisible();
    await lookUp(page, 'LEAD|77');
    await expect(result).toContainText('Лид 77');
    preview.portal.set({ scopes: ['crm'] });
    await lookUp(page, 'D_5');
    await expect(result).toContainText('права im');
    preview.portal.set({ scopes: ['crm', 'im'] });
    await lookUp(page, 'LEAD|13');
    await page.getByRole('button', { name: 'История' }).click();
    await expect(page.getByText('4 запроса')).toBeVisible();
    await page.getByRole('button', { name: 'Настройки' }).click();
    await expect(page.getByRole('heading', { name: 'Горячие клавиши' })).toBeVisible();
    // No English left on the settings screen but names and addresses.
    const text = await page.locator('main').innerText();
    expect(text).not.toMatch(/\b(Settings|Theme|Language|Hotkeys|Portals|Remove|Rename|Record|About|Version|Releases|GitHub)\b/);
  });
});

test('the whole window works from the keyboard alone, with focus always visible', async ({ page, preview }) => {
  await openWindow(page, preview);
  await page.keyboard.type('D_5');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: 'Result' })).toContainText('1501');
  await page.keyboard.press('Control+Shift+C');
  await expect.poll(async () => (await preview.desktop()).clipboard).toBe('1501');

  // Every control reached with Tab shows where the focus is.
  const unmarked: string[] = [];
  for (const screen of ['1', '2', '3']) {
    await page.keyboard.press(`Control+${screen}`);
    for (let i = 0; i < 25; i += 1) {
      await page.keyboard.press('Tab');
      const focus = await page.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        if (!element || element === document.body) return null;
        const style = getComputedStyle(element);
        const visible = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
        return { visible, name: `${element.tagName.toLowerCase()} ${element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 30) ?? ''}` };
      });
      if (focus && !focus.visible) unmarked.push(focus.name);
    }
  }
  expect([...new Set(unmarked)]).toEqual([]);

  // History: re-run from the keyboard.
  await page.keyboard.press('Control+2');
  await expect(page.getByRole('searchbox', { name: 'Search history' })).toBeFocused();
  await expect(page.getByRole('list', { name: 'History' }).getByRole('listitem').first()).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: 'Result' })).toContainText('1501');
});

test('readable at 200% zoom: nothing cut off or scrolled sideways', async ({ page, preview }) => {
  // 200% zoom halves the CSS pixels of the 440×520 window.
  await page.setViewportSize({ width: 220, height: 260 });
  await openWindow(page, preview);
  await lookUp(page, 'D_5');
  const overflow = async (): Promise<number> => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(await overflow()).toBeLessThanOrEqual(0);
  await page.getByRole('button', { name: 'History' }).click();
  expect(await overflow()).toBeLessThanOrEqual(0);
  await page.getByRole('button', { name: 'Settings' }).click();
  expect(await overflow()).toBeLessThanOrEqual(0);
});

test.describe('screenshots for the README', () => {
  for (const language of ['en', 'ru'] as const) {
    test.describe(language, () => {
      test.use({ osLanguage: language });
      for (const scheme of ['light', 'dark'] as const) {
        test(`the lookup window, ${scheme}`, async ({ page, preview }) => {
          await page.emulateMedia({ colorScheme: scheme });
          await openWindow(page, preview);
          await lookUp(page, 'D_5');
          await expect(page.getByRole('region', { name: /Result|Результат/ })).toContainText('Deal #5: Office chairs');
          mkdirSync(SCREENSHOTS, { recursive: true });
          await page.screenshot({ path: join(SCREENSHOTS, `lookup-${language}-${scheme}.png`) });
          await page.getByRole('button', { name: /History|История/ }).click();
          await page.screenshot({ path: join(SCREENSHOTS, `history-${language}-${scheme}.png`) });
          await page.getByRole('button', { name: /Settings|Настройки/ }).click();
          await page.screenshot({ path: join(SCREENSHOTS, `settings-${language}-${scheme}.png`) });
        });
      }
    });
  }
});
