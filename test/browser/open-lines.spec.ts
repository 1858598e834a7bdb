/**
 * An entity's open-line chats in the real window (Chromium, on the browser preview over the real core and a fake
 * portal whose webhook has the imopenlines scope): lead 13 has a chat of its own and two open-line chats (Telegram,
 * active; a closed live chat), lead 14 only an active live chat. They come from imopenlines.crm.chat.get ([en]
 * api-reference/imopenlines/openlines/chats/imopenlines-crm-chat-get.md) in the lookup's own batch.
 */
import type { Page } from '@playwright/test';
import { DEMO_SCOPES } from '../fake-portal/portal.ts';
import { expect, lookUp, openWindow, test } from './preview.ts';

const result = (page: Page) => page.getByRole('region', { name: 'Result' });

test.describe('with the imopenlines scope', () => {
  test.use({ portalScopes: DEMO_SCOPES });

  test('a lead with a chat of its own lists its open-line chats under it, each to copy and open', async ({ page, preview }) => {
    await openWindow(page, preview);
    await lookUp(page, 'LEAD|13');
    await expect(result(page).getByRole('heading', { name: 'Lead 13' })).toBeVisible();
    const lines = result(page).getByRole('region', { name: 'Open-line chats: 2' });
    await expect(lines.getByRole('listitem')).toHaveText([/Telegram\s*active\s*chat 1764/, /Live Chat\s*closed\s*chat 1763/]);

    // The keyboard's copy is still the entity's own chat; the open-line chats have buttons of their own.
    await page.keyboard.press('Control+Shift+C');
    await expect.poll(async () => (await preview.desktop()).clipboard).toBe('1437');
    await lines.getByRole('button', { name: 'Copy the ID of the Telegram chat 1764' }).click();
    await expect.poll(async () => (await preview.desktop()).clipboard).toBe('1764');
    await lines.getByRole('button', { name: 'Open the Live Chat chat 1763' }).click();
    await expect.poll(async () => (await preview.desktop()).opened).toEqual([`${preview.portal.origin}/online/?IM_LINES=chat1763`]);
  });

  test('a lead with only an open-line chat is not "no chat": the keys copy and open that chat', async ({ page, preview }) => {
    await openWindow(page, preview);
    await lookUp(page, 'lead 14');
    await expect(result(page).getByRole('heading', { name: 'No chat of its own for Lead 14' })).toBeVisible();
    await expect(result(page).getByRole('region', { name: 'Open-line chat' })).toContainText(/Live Chat\s*active\s*chat 1765/);
    await expect(page.getByRole('status').filter({ hasText: 'Lead 14: no chat of its own, open-line chat 1765' })).toBeAttached();
    await page.keyboard.press('Control+Shift+C');
    await expect.poll(async () => (await preview.desktop()).clipboard).toBe('1765');
    await page.keyboard.press('Control+Enter');
    await expect.poll(async () => (await preview.desktop()).opened).toEqual([`${preview.portal.origin}/online/?IM_LINES=chat1765`]);
  });

  test("a list of results gives each entity's open-line chats a line of their own, and counts the ones that have only those", async ({ page, preview }) => {
    await openWindow(page, preview);
    await lookUp(page, 'LEAD|13\nLEAD|14\nD_5');
    const items = result(page)
      .getByRole('list', { name: 'Results' })
      .getByRole('listitem')
      .filter({ has: page.getByText(/^(Lead|Deal) \d+$/) });
    await expect(items).toHaveCount(3);
    await expect(items.nth(0)).toContainText('Telegram');
    await expect(items.nth(1)).toContainText('Live Chat');
    await expect(items.nth(2)).not.toContainText('open line', { ignoreCase: true });
    await expect(result(page)).toContainText(/1 with open-line chats only/);
  });

  test('the history says what each lookup found, open-line chats included, and running one again shows them', async ({ page, preview }) => {
    await openWindow(page, preview);
    await lookUp(page, 'LEAD|13');
    await lookUp(page, 'lead 14');
    await page.getByRole('button', { name: 'History' }).click();
    const rows = page.getByRole('list', { name: 'History' }).getByRole('listitem');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText('No chat of its own · open-line chat 1765 (Live Chat)');
    await expect(rows.nth(1)).toContainText('Chat 1437 · 2 open-line chats');
    await rows.nth(1).getByRole('button', { name: 'Look up Lead 13 again' }).click();
    await expect(result(page).getByRole('region', { name: 'Open-line chats: 2' })).toBeVisible();
  });

  test.describe('in Russian', () => {
    test.use({ osLanguage: 'ru' });

    test('the open-line chats are named in Russian', async ({ page, preview }) => {
      await openWindow(page, preview);
      await lookUp(page, 'LEAD|13');
      const lines = page.getByRole('region', { name: 'Результат' }).getByRole('region', { name: 'Чаты открытых линий: 2' });
      await expect(lines.getByRole('listitem')).toHaveText([/Telegram\s*активный\s*чат 1764/, /Live Chat\s*завершён\s*чат 1763/]);
      await page.getByRole('button', { name: 'История' }).click();
      await expect(page.getByRole('list', { name: 'История' }).getByRole('listitem')).toContainText(['Чат 1437 · 2 чата открытых линий']);
    });
  });
});

test("without the imopenlines scope Settings says what it would add, and a lookup shows the entity's chat alone", async ({ page, preview }) => {
  await openWindow(page, preview);
  await lookUp(page, 'LEAD|13');
  await expect(result(page)).toContainText('1437');
  await expect(result(page).getByRole('region', { name: /Open-line chat/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByText(/Add the “imopenlines” scope to this webhook in Bitrix24 to see a lead’s or deal’s open-line chats too/)).toBeVisible();
});

test("the portal's plan is chosen in Settings and kept: a webhook cannot ask the portal which it is", async ({ page, preview }) => {
  await openWindow(page, preview);
  await page.getByRole('button', { name: 'Settings' }).click();
  const plan = page.getByRole('combobox', { name: /^Plan of / });
  await expect(plan).toHaveValue('others');
  await plan.selectOption('enterprise');
  await expect(page.getByText('Requests to this portal now keep to its plan’s limit.')).toBeVisible();
  await page.goto(await preview.restart());
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('combobox', { name: /^Plan of / })).toHaveValue('enterprise');
});
