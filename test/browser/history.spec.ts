/** The History screen in real Chromium, on the browser preview backed by the real core and a fake portal. */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, lookUp, openWindow, type Preview, test } from './preview.ts';

async function withHistory(page: Page, preview: Preview): Promise<void> {
  await openWindow(page, preview);
  for (const text of ['LEAD|13', 'D_5', 'CONTACT|25', 'DEAL|99999']) await lookUp(page, text);
  await page.getByRole('button', { name: 'History' }).click();
}

const history = (page: Page) => page.getByRole('list', { name: 'History' });

test('lists lookups newest first, filters as you type, and re-runs one with Enter', async ({ page, preview }) => {
  await withHistory(page, preview);
  const search = page.getByRole('searchbox', { name: 'Search history' });
  await expect(search).toBeFocused();
  await expect(history(page).getByRole('listitem')).toHaveCount(4);
  await expect(history(page).getByRole('listitem').first()).toContainText('Deal 99999');
  await expect(page.getByText('4 lookups')).toBeVisible();

  await search.fill('contact');
  await expect(history(page).getByRole('listitem')).toHaveCount(1);
  await expect(history(page).getByRole('listitem')).toContainText('Contact 25');
  await search.fill('nothing like this');
  await expect(history(page).getByRole('listitem')).toHaveCount(0);
  await expect(page.getByText(/Nothing matches|No lookups match/i)).toBeVisible();

  await search.fill('lead');
  await expect(history(page).getByRole('listitem')).toHaveCount(1);
  await search.press('ArrowDown');
  await page.keyboard.press('Enter');
  const result = page.getByRole('region', { name: 'Result' });
  await expect(result.getByRole('heading', { name: 'Lead 13' })).toBeVisible();
  await expect(result).toContainText('1437');
});

test('deletes one entry with a key, and clears all after confirming', async ({ page, preview }) => {
  await withHistory(page, preview);
  await expect(history(page).getByRole('listitem')).toHaveCount(4);
  await page.getByRole('searchbox', { name: 'Search history' }).press('ArrowDown');
  await page.keyboard.press('Delete');
  await expect(history(page).getByRole('listitem')).toHaveCount(3);
  await expect(history(page)).not.toContainText('Deal 99999');

  await page.getByRole('button', { name: /Clear all/ }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  // Esc in the dialog cancels it, and does not hide the window.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(history(page).getByRole('listitem')).toHaveCount(3);
  expect((await preview.desktop()).window).not.toContain('hide');

  await page.getByRole('button', { name: /Clear all/ }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Clear history' }).click();
  await expect(history(page).getByRole('listitem')).toHaveCount(0);
  await expect(page.getByText(/appear here/)).toBeVisible();
});

test('exports the history as CSV and JSON files', async ({ page, preview }) => {
  await withHistory(page, preview);
  await page.getByRole('button', { name: 'Export CSV' }).click();
  await expect(page.getByText(/Saved 4 lookups to .*\.csv/)).toBeVisible();
  await page.getByRole('button', { name: 'Export JSON' }).click();
  await expect(page.getByText(/Saved 4 lookups to .*\.json/)).toBeVisible();
  const { exports } = await preview.desktop();
  expect(exports).toHaveLength(2);
  const csv = readFileSync(exports.find((path) => path.endsWith('.csv')) ?? '', 'utf8');
  expect(csv).toContain('DEAL|5');
  expect(csv).not.toContain(preview.portal.secret);
  const json = JSON.parse(readFileSync(exports.find((path) => path.endsWith('.json')) ?? '', 'utf8')) as { entries: unknown[] };
  expect(json.entries).toHaveLength(4);
});
