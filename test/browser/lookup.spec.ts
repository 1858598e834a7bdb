/**
 * The Lookup screen in real Chromium, on the browser preview backed by the real core and a fake portal: single and
 * batch lookups, each result state and each error kind, and the actions on a result.
 */
import type { Page } from '@playwright/test';
import { FAULTS, type FakePortal } from '../fake-portal/portal.ts';
import { expect, openWindow, test } from './preview.ts';

const box = (page: Page) => page.getByRole('textbox', { name: 'CRM reference' });
const result = (page: Page) => page.getByRole('region', { name: 'Result' });

test('a reference typed and looked up shows its chat, and the chat is copied and opened from the keyboard', async ({ page, preview }) => {
  await openWindow(page, preview);
  await expect(box(page)).toBeFocused();
  await box(page).fill('D_5');
  // What the box understood, before anything is asked.
  await expect(page.getByText('Deal 5', { exact: true })).toBeVisible();
  await box(page).press('Enter');

  await expect(result(page).getByRole('heading', { name: 'Deal 5' })).toBeVisible();
  await expect(result(page)).toContainText('1501');
  await expect(result(page)).toContainText('chat1501');
  // The title comes from im.dialog.get.
  await expect(result(page)).toContainText('Deal #5: Office chairs');
  await expect(page.getByRole('status').filter({ hasText: 'Deal 5: chat 1501' })).toBeAttached();
  await expect(box(page)).toBeFocused();

  await page.keyboard.press('Control+Shift+C');
  await expect.poll(async () => (await preview.desktop()).clipboard).toBe('1501');
  await expect(page.getByText('Copied chat ID 1501')).toBeVisible();

  await page.keyboard.press('Control+Enter');
  await expect.poll(async () => (await preview.desktop()).opened).toEqual([`${preview.portal.origin}/online/?IM_DIALOG=chat1501`]);
  await result(page)
    .getByRole('button', { name: /Open in Bitrix24 app/ })
    .click();
  await expect.poll(async () => (await preview.desktop()).opened).toContain(`bx://v2/${new URL(preview.portal.origin).host}/chat/dialogId/chat1501`);
});

test('several references pasted at once run as one batch and show a list', async ({ page, preview }) => {
  await openWindow(page, preview);
  await box(page).fill('LEAD|13\nD_5\nDEAL|99999\nhello');
  await expect(page.getByText(/4 references/)).toBeVisible();
  const before = preview.portal.requests.length;
  await page.getByRole('button', { name: 'Look up', exact: true }).click();
  const list = result(page).getByRole('list', { name: 'Results' });
  await expect(list.getByRole('listitem')).toHaveCount(4);
  await expect(list.getByRole('listitem').nth(0)).toContainText('Lead 13');
  await expect(list.getByRole('listitem').nth(0)).toContainText('1437');
  await expect(list.getByRole('listitem').nth(2)).toContainText(/no chat/i);
  await expect(result(page)).toContainText(/2 found/);
  // One batch request for the three entities.
  expect(preview.portal.requests.slice(before).map((r) => r.restMethod)).toEqual(['batch']);
  await list.getByRole('button', { name: 'Copy chat ID 1437' }).click();
  await expect.poll(async () => (await preview.desktop()).clipboard).toBe('1437');
});

test('no chat says why there may be none and opens the entity page', async ({ page, preview }) => {
  await openWindow(page, preview);
  await box(page).fill('LEAD|77');
  await box(page).press('Enter');
  await expect(result(page)).toContainText('No chat for Lead 77');
  await expect(result(page)).toContainText(/opens the chat from|open.* from (its|the) card/i);
  await expect(result(page)).toContainText(/convert/i);
  await result(page).getByRole('button', { name: /page/ }).click();
  await expect.poll(async () => (await preview.desktop()).opened).toEqual([`${preview.portal.origin}/crm/lead/details/77/`]);
});

test('text that is no reference says why, as the person types and after Enter', async ({ page, preview }) => {
  await openWindow(page, preview);
  await box(page).fill('FOO|3');
  await expect(page.getByText(/not know|unknown|type/i).first()).toBeVisible();
  await box(page).press('Enter');
  await expect(result(page)).toContainText(/FOO/);
  expect(preview.portal.requests.filter((r) => r.restMethod.startsWith('im.'))).toHaveLength(0);
});

/** Each way the portal can fail, made by the fake portal, and what the window must say and offer. */
const ERROR_KINDS: { kind: string; arrange: (portal: FakePortal) => void; warmUp?: true; says: RegExp; offers?: RegExp }[] = [
  { kind: 'auth_invalid', arrange: (p) => p.set({ webhookRejected: true }), says: /webhook/i, offers: /Settings/ },
  { kind: 'scope_missing', arrange: (p) => p.set({ scopes: ['crm'] }), says: /lacks the im scope/, offers: /Settings/ },
  { kind: 'access_denied', arrange: (p) => p.failNext(FAULTS.accessDenied), says: /denied|refused|not allowed|plan/i },
  // The portal paused im.chat.get after heavy use: its last successful answer named when the method is free again.
  {
    kind: 'operation_limited',
    arrange: (p) => p.set({ operating: { limitSeconds: 1, cost: { 'im.chat.get': 2 } } }),
    warmUp: true,
    says: /\d{1,2}:\d{2}/,
    offers: /Try again/,
  },
  { kind: 'portal_blocked', arrange: (p) => p.failNext(FAULTS.portalDeleted), says: /deleted|blocked/i, offers: /Settings/ },
  { kind: 'method_unavailable', arrange: (p) => p.set({ unavailableMethods: ['im.chat.get'] }), says: /im\.chat\.get|chat/i },
  { kind: 'server_error', arrange: (p) => p.failNext(FAULTS.internalError, 5), says: /error|went wrong/i, offers: /Try again/ },
  { kind: 'bad_response', arrange: (p) => p.failNext(FAULTS.html502, 5), says: /answered|Bitrix24/i, offers: /Try again/ },
  { kind: 'network', arrange: (p) => p.failNext(FAULTS.drop, 5), says: /reach|connection|network/i, offers: /Try again/ },
  { kind: 'rate_limited', arrange: (p) => p.failNext(FAULTS.queryLimit, 10), says: /too frequent|wait|slow/i, offers: /Try again/ },
  { kind: 'timeout', arrange: (p) => p.failNext(FAULTS.stall, 3), says: /did not answer/i, offers: /Try again/ },
  {
    kind: 'portal_error',
    arrange: (p) => p.failNext({ kind: 'error', status: 400, error: 'SOMETHING_NEW', description: 'A refusal this app has not met' }),
    says: /SOMETHING_NEW|refused|rejected/i,
  },
];

for (const { kind, arrange, warmUp, says, offers } of ERROR_KINDS) {
  test(`a portal failure (${kind}) says what happened and what to do`, async ({ page, preview }) => {
    await openWindow(page, preview);
    arrange(preview.portal);
    if (warmUp) {
      await box(page).fill('LEAD|13');
      await box(page).press('Enter');
      await expect(result(page)).toContainText('1437');
    }
    await box(page).fill('D_5');
    await box(page).press('Enter');
    await expect(result(page)).toContainText(says);
    if (offers) await expect(result(page).getByRole('button', { name: offers })).toBeVisible();
    // Never a secret on screen.
    await expect(page.locator('body')).not.toContainText(preview.portal.secret);
  });
}

test('an error offers the way out: settings for a refused webhook, another try for a passing failure', async ({ page, preview }) => {
  await openWindow(page, preview);
  preview.portal.failNext(FAULTS.drop);
  await box(page).fill('D_5');
  await box(page).press('Enter');
  await result(page)
    .getByRole('button', { name: /Try again/ })
    .click();
  await expect(result(page)).toContainText('1501');

  preview.portal.set({ webhookRejected: true });
  await box(page).fill('LEAD|13');
  await box(page).press('Enter');
  await result(page)
    .getByRole('button', { name: /Settings/ })
    .click();
  await expect(page.getByRole('heading', { name: 'Portals' })).toBeVisible();
});

test('the "open" hotkey fills the box from the clipboard, and the clipboard hotkey shows its answer', async ({ page, preview }) => {
  await openWindow(page, preview);
  await preview.setClipboard('https://portal.example/crm/deal/details/5/');
  await preview.pressHotkey('openWindow');
  await expect(box(page)).toHaveValue('https://portal.example/crm/deal/details/5/');
  await expect(page.getByText('Deal 5', { exact: true })).toBeVisible();

  // The clipboard hotkey answers with a notification and the chat id copied, without the window.
  await preview.setClipboard('LEAD|13');
  await preview.pressHotkey('lookupClipboard');
  await expect.poll(async () => (await preview.desktop()).clipboard).toBe('1437');
  expect((await preview.desktop()).notifications.at(-1)?.body).toMatch(/^Lead 13: the chat ID is copied/);
});

test('says so when the computer goes offline, and stops saying it when it is back', async ({ page, preview }) => {
  await openWindow(page, preview);
  await page.context().setOffline(true);
  await expect(page.getByRole('status').filter({ hasText: 'offline' })).toBeVisible();
  await page.context().setOffline(false);
  await expect(page.getByText(/offline/)).toHaveCount(0);
});

test('Esc hides the window', async ({ page, preview }) => {
  await openWindow(page, preview);
  await page.keyboard.press('Escape');
  await expect.poll(async () => (await preview.desktop()).window).toContain('hide');
});
