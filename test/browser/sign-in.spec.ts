/**
 * Connecting a portal through its local application (OAuth) in real Chromium, on the browser preview backed by the
 * real core: the preview's desktop plays the person's browser (it follows the fake portal's authorize page back to the
 * app's listener, the application's handler address), and the fake authorization server exchanges the code. Settings' "Connect with a local
 * application": the guide and handler address, signing in, a refused application, a browser that ended on an error
 * page (its address pasted), Cancel, Reconnect after the portal stopped renewing the sign-in; Russian, axe-core in
 * both themes, the keyboard alone, 200% zoom, and screenshots of the open form.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, lookUp, openWindow, type Preview, test } from './preview.ts';

const HANDLER = 'https://b24-chat-lookup.github.io/b24-chat-lookup/sign-in/';
const SCREENSHOTS = process.env.B24_SCREENSHOTS_DIR ? resolve(process.env.B24_SCREENSHOTS_DIR) : resolve(import.meta.dirname, '../../test-results/screenshots');

async function axeViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Opens "Connect with a local application" (English or Russian). */
async function openForm(page: Page): Promise<void> {
  await page.locator('summary', { hasText: /Connect with a local application|Подключить через локальное приложение/ }).click();
  await expect(page.getByRole('textbox', { name: /Portal address|Адрес портала/ })).toBeVisible();
}

/** Fills the form with the fake portal's application (or what `change` makes of it). */
async function fillForm(page: Page, preview: Preview, change: { clientSecret?: string } = {}): Promise<void> {
  await page.getByRole('textbox', { name: /Portal address|Адрес портала/ }).fill(preview.portal.origin);
  await page.getByRole('textbox', { name: /client_id/ }).fill(preview.portal.application.clientId);
  await page.getByLabel(/client_secret/).fill(change.clientSecret ?? preview.portal.application.clientSecret);
}

/** The authorize page the app opened "in the browser" (the last one). */
async function authorizeLink(preview: Preview): Promise<string> {
  let link: string | undefined;
  await expect.poll(async () => (link = (await preview.desktop()).opened.findLast((opened) => opened.includes('/oauth/authorize/')))).toBeTruthy();
  return link ?? '';
}

test.describe('first run', () => {
  test.use({ connected: false });

  test('connects a portal with its local application: guide, handler address, sign-in in the browser', async ({ page, preview }) => {
    await openWindow(page, preview);
    // Closed at first: the webhook is the usual way.
    const summary = page.locator('summary', { hasText: 'Connect with a local application' });
    await expect(summary).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Portal address' })).toBeHidden();
    await openForm(page);

    await expect(page.getByText(/Developer resources → Other → Local application/)).toBeVisible();
    await expect(page.getByText(/Application uses API only/)).toBeVisible();
    await expect(page.getByText(/Open Channels \(imopenlines\)/)).toBeVisible();
    // Where the app itself listens, for a portal that takes that as the handler address.
    await expect(page.getByText(/http:\/\/127\.0\.0\.1:\d+\/b24-chat-lookup\/oauth/)).toBeVisible();
    await expect(page.getByText(/Chat and notifications \(im\)/).last()).toBeVisible();
    const handler = page.getByRole('textbox', { name: 'Your handler path' });
    await expect(handler).toHaveValue(HANDLER);
    await expect(handler).not.toBeEditable();
    // Selected as it gets the focus, ready to copy.
    await handler.focus();
    expect(await handler.evaluate((input: HTMLInputElement) => input.value.slice(input.selectionStart ?? 0, input.selectionEnd ?? 0))).toBe(HANDLER);
    await expect(page.getByLabel(/client_secret/)).toHaveAttribute('type', 'password');

    await fillForm(page, preview);
    await page.getByRole('form', { name: 'Connect with a local application' }).getByRole('textbox', { name: 'Name (optional)' }).fill('Fake portal');
    await page.getByRole('button', { name: 'Sign in in the browser' }).click();

    await expect(page.getByRole('status').filter({ hasText: 'Signed in as Irina Volkova via app' })).toBeVisible();
    const item = page.getByRole('list', { name: 'Connected portals' }).getByRole('listitem');
    await expect(item).toHaveCount(1);
    await expect(item).toContainText('Fake portal');
    await expect(item).toContainText('Signed in as Irina Volkova via app');
    // Said once, not twice (the main process's own sentence about the check is not shown beside it).
    expect((await item.innerText()).match(/Signed in as/g)).toHaveLength(1);
    // A sign-in has no Reconnect while it works.
    await expect(item.getByRole('button', { name: /Reconnect/ })).toHaveCount(0);
    // The fields are cleared: the secret does not stay on screen.
    await expect(page.getByLabel(/client_secret/)).toHaveValue('');
    await expect(page.getByRole('textbox', { name: /client_id/ })).toHaveValue('');
    await expect(page.getByRole('textbox', { name: 'Portal address' })).toBeFocused();
    expect(await page.locator('body').evaluate((body) => body.innerHTML)).not.toContain(preview.portal.application.clientSecret);
    expect(preview.portal.oauth.codeExchangeCount).toBe(1);
    expect(await authorizeLink(preview)).toContain(`${preview.portal.origin}/oauth/authorize/`);

    // And lookups go through the sign-in.
    await page.getByRole('button', { name: 'Lookup' }).click();
    await lookUp(page, 'D_5');
    await expect(page.getByRole('region', { name: 'Result' })).toContainText('1501');
  });

  test('a wrong application key says what to do and adds no portal', async ({ page, preview }) => {
    await openWindow(page, preview);
    await openForm(page);
    await fillForm(page, preview, { clientSecret: 'not-the-secret-at-all' });
    await page.getByRole('button', { name: 'Sign in in the browser' }).click();

    const alert = page.locator('#oauth-problem');
    await expect(alert).toHaveAttribute('role', 'alert');
    await expect(alert).toContainText(/client|application/i);
    await expect(page.getByLabel(/client_secret/)).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByRole('list', { name: 'Connected portals' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Cancel sign-in' })).toHaveCount(0);
    // Typing again takes the error away.
    await page.getByLabel(/client_secret/).fill(preview.portal.application.clientSecret);
    await expect(alert).toBeEmpty();
    await page.getByRole('button', { name: 'Sign in in the browser' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Signed in as Irina Volkova via app' })).toBeVisible();
  });

  test('the browser ended on an error page: the sign-in waits, and its address pasted finishes it', async ({ page, preview }) => {
    await openWindow(page, preview);
    await openForm(page);
    await fillForm(page, preview);
    // The portal cannot complete the sign-in for now: it shows its own error page, and the app waits.
    preview.portal.set({ signIn: 'fails' });
    await page.getByRole('button', { name: 'Sign in in the browser' }).click();

    await expect(page.getByRole('status').filter({ hasText: 'Sign in to Bitrix24 in the browser window that opened…' })).toBeVisible();
    const cancel = page.getByRole('button', { name: 'Cancel sign-in' });
    await expect(cancel).toBeFocused();
    await expect(page.getByRole('button', { name: 'Sign in in the browser' })).toBeDisabled();
    await expect(page.getByRole('textbox', { name: /client_id/ })).not.toBeEditable();
    const paste = page.getByRole('textbox', { name: 'The browser did not come back to the app? Paste the whole address it ended on here' });

    // Something that is no sign-in address says so, and the sign-in goes on waiting.
    await paste.fill('https://example.com/');
    await paste.press('Enter');
    await expect(paste).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByRole('alert').filter({ hasText: /address/ })).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);

    // Where the browser would have ended had the portal let it through: the handler address with the code.
    preview.portal.set({ signIn: 'signs_in' });
    const authorize = await fetch(await authorizeLink(preview), { redirect: 'manual' });
    const callback = authorize.headers.get('location') ?? '';
    expect(callback).toContain('code=');
    await paste.fill(callback);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Signed in as Irina Volkova via app' })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Connected portals' }).getByRole('listitem')).toHaveCount(1);
    await expect(cancel).toHaveCount(0);
  });

  test('Cancel gives the sign-in up quietly, and the form is usable again', async ({ page, preview }) => {
    await openWindow(page, preview);
    await openForm(page);
    await fillForm(page, preview);
    preview.portal.set({ signIn: 'fails' });
    await page.getByRole('button', { name: 'Sign in in the browser' }).click();
    await expect(page.getByRole('button', { name: 'Cancel sign-in' })).toBeFocused();
    // Leaving Settings and coming back still shows the sign-in waiting.
    await page.getByRole('button', { name: 'Lookup' }).click();
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Sign in to Bitrix24 in the browser window that opened…' })).toBeVisible();

    await page.getByRole('button', { name: 'Cancel sign-in' }).click();
    await expect(page.getByRole('button', { name: 'Cancel sign-in' })).toHaveCount(0);
    await expect(page.getByText('Sign in to Bitrix24 in the browser window that opened…')).toHaveCount(0);
    await expect(page.locator('#oauth-problem')).toBeEmpty();
    await expect(page.getByRole('button', { name: 'Sign in in the browser' })).toBeEnabled();
    await expect(page.getByRole('list', { name: 'Connected portals' })).toHaveCount(0);
  });

  test('a sign-in the portal stopped renewing is reconnected from its row', async ({ page, preview }) => {
    await openWindow(page, preview);
    await openForm(page);
    await fillForm(page, preview);
    await page.getByRole('button', { name: 'Sign in in the browser' }).click();
    const item = page.getByRole('list', { name: 'Connected portals' }).getByRole('listitem');
    await expect(item).toContainText('Signed in as Irina Volkova via app');

    // The access token runs out and the portal refuses to renew it: the check says so and offers Reconnect.
    preview.portal.oauth.accessExpired = true;
    preview.portal.oauth.refreshRejected = true;
    await item.getByRole('button', { name: /^Check / }).click();
    const reconnect = item.getByRole('button', { name: /^Reconnect / });
    await expect(reconnect).toBeVisible();
    await expect(item.locator('.failing')).not.toBeEmpty();
    expect(await axeViolations(page)).toEqual([]);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await item.evaluate((row) => row.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(SCREENSHOTS, 'sign-in-reconnect-en-light.png') });

    await reconnect.click();
    await expect(item).toContainText('Signed in as Irina Volkova via app');
    await expect(reconnect).toHaveCount(0);
    await expect(page.getByRole('status').filter({ hasText: 'Signed in as Irina Volkova via app' }).first()).toBeVisible();
    expect(preview.portal.oauth.codeExchangeCount).toBe(2);
    await expect(item).toHaveCount(1);
    await page.getByRole('button', { name: 'Lookup' }).click();
    await lookUp(page, 'D_5');
    await expect(page.getByRole('region', { name: 'Result' })).toContainText('1501');
  });

  test('the form works from the keyboard alone, with focus always visible', async ({ page, preview }) => {
    await openWindow(page, preview);
    // From the webhook field (where a first run starts) on to the disclosure.
    await expect(page.getByRole('textbox', { name: 'Webhook address' })).toBeFocused();
    const summary = page.locator('summary', { hasText: 'Connect with a local application' });
    for (let i = 0; i < 5 && !(await summary.evaluate((el) => el === document.activeElement)); i += 1) await page.keyboard.press('Tab');
    await expect(summary).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('textbox', { name: 'Your handler path' })).toBeVisible();

    const unmarked: string[] = [];
    const step = async (): Promise<string> => {
      await page.keyboard.press('Tab');
      return page.evaluate(() => {
        const element = document.activeElement as HTMLElement;
        const style = getComputedStyle(element);
        const visible = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
        return `${visible ? '' : 'UNMARKED '}${element.id || element.getAttribute('aria-label') || element.textContent?.trim()}`;
      });
    };
    const expectFocus = async (name: string): Promise<void> => {
      const at = await step();
      if (at.startsWith('UNMARKED')) unmarked.push(at);
      expect(at.replace('UNMARKED ', '')).toBe(name);
    };
    await expectFocus('Your handler path');
    await expectFocus('oauth-portal');
    await page.keyboard.type(preview.portal.origin);
    await expectFocus('oauth-client-id');
    await page.keyboard.type(preview.portal.application.clientId);
    await expectFocus('oauth-client-secret');
    await page.keyboard.type(preview.portal.application.clientSecret);
    await expectFocus('oauth-name');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: 'Signed in as Irina Volkova via app' })).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Portal address' })).toBeFocused();
    expect(unmarked).toEqual([]);
  });

  test('readable at 200% zoom with the form open: nothing scrolled sideways', async ({ page, preview }) => {
    await page.setViewportSize({ width: 220, height: 260 });
    await openWindow(page, preview);
    await openForm(page);
    await fillForm(page, preview);
    preview.portal.set({ signIn: 'fails' });
    await page.getByRole('button', { name: 'Sign in in the browser' }).click();
    await expect(page.getByRole('button', { name: 'Cancel sign-in' })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'sign-in-waiting-zoom-200.png'), fullPage: true });
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`axe-core finds no violation on the open form, signed in or refused (${scheme} theme), and a screenshot`, async ({ page, preview }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await openWindow(page, preview);
      await openForm(page);
      await page.locator('summary', { hasText: 'Connect with a local application' }).evaluate((summary) => summary.scrollIntoView({ block: 'start' }));
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, `sign-in-en-${scheme}.png`) });
      await page.screenshot({ path: join(SCREENSHOTS, `sign-in-en-${scheme}-full.png`), fullPage: true });
      const found: Record<string, string[]> = {};
      found.open = await axeViolations(page);
      await fillForm(page, preview, { clientSecret: 'not-the-secret-at-all' });
      await page.getByRole('button', { name: 'Sign in in the browser' }).click();
      await expect(page.locator('#oauth-problem')).not.toBeEmpty();
      found.refused = await axeViolations(page);
      await page.screenshot({ path: join(SCREENSHOTS, `sign-in-refused-en-${scheme}.png`) });
      await fillForm(page, preview);
      await page.getByRole('button', { name: 'Sign in in the browser' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Signed in as Irina Volkova via app' })).toBeVisible();
      found['signed in'] = await axeViolations(page);
      expect(Object.fromEntries(Object.entries(found).filter(([, list]) => list.length > 0))).toEqual({});
    });
  }

  test.describe('in Russian', () => {
    test.use({ osLanguage: 'ru' });

    test('the form, the waiting and the portal signed in speak Russian', async ({ page, preview }) => {
      await openWindow(page, preview);
      await openForm(page);
      await expect(page.getByText(/Разработчикам → Другое → Локальное приложение/)).toBeVisible();
      await expect(page.getByRole('textbox', { name: 'Путь вашего обработчика' })).toHaveValue(HANDLER);
      await expect(page.getByRole('button', { name: 'Войти в браузере' })).toBeVisible();
      await fillForm(page, preview);
      preview.portal.set({ signIn: 'fails' });
      await page.getByRole('button', { name: 'Войти в браузере' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Войдите в Битрикс24 в открывшемся окне браузера…' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Отменить вход' })).toBeVisible();
      await expect(
        page.getByRole('textbox', { name: 'Браузер не вернулся в приложение? Вставьте сюда адрес, на котором он остановился, целиком' }),
      ).toBeVisible();
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, 'sign-in-waiting-ru-light.png') });
      // No English left in the section but names and addresses.
      const text = await page.locator('details').innerText();
      expect(text).not.toMatch(/\b(Connect|Sign in|Cancel|Continue|Portal|Application|Handler|Allow|browser|Name)\b/);

      await page.getByRole('button', { name: 'Отменить вход' }).click();
      preview.portal.set({ signIn: 'signs_in' });
      await page.getByRole('button', { name: 'Войти в браузере' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Выполнен вход как Irina Volkova через приложение' })).toBeVisible();
      await expect(page.getByRole('list', { name: 'Подключённые порталы' })).toContainText('Выполнен вход как Irina Volkova через приложение');
    });
  });
});
