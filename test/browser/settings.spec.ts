/** First run, portals and settings in real Chromium, on the browser preview backed by the real core and a fake portal. */
import { readFileSync } from 'node:fs';
import { expect, lookUp, openWindow, test } from './preview.ts';

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { productName: string; version: string; homepage: string };
/** The releases page, as the project's own address names it (test/unit/about.test.ts ties the code to it). */
const RELEASES = `${manifest.homepage}/releases`;

test.describe('first run', () => {
  test.use({ connected: false });

  test('lands on Settings with a guide, and a pasted webhook connects at once', async ({ page, preview }) => {
    await openWindow(page, preview);
    await expect(page.getByRole('heading', { name: 'Portals' })).toBeVisible();
    await expect(page.getByText(/Incoming webhook/)).toBeVisible();
    await expect(page.getByText(/\bim\b/).first()).toBeVisible();
    const field = page.getByRole('textbox', { name: 'Webhook address' });
    await expect(field).toBeFocused();

    // A wrong address says so and adds nothing.
    await field.fill('https://example.com/not-a-webhook');
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect(field).toHaveAttribute('aria-invalid', 'true');

    // Pasting a whole webhook connects it: checked live against the portal.
    await field.fill('');
    await field.focus();
    await page.evaluate((text) => {
      const target = document.activeElement as HTMLInputElement;
      const data = new DataTransfer();
      data.setData('text/plain', text);
      target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, preview.portal.webhookUrl);
    await expect(page.getByText('Connected as Irina Volkova').first()).toBeVisible();
    // The secret does not stay on screen.
    await expect(field).toHaveValue('');
    await expect(page.locator('body')).not.toContainText(preview.portal.secret);

    await page.getByRole('button', { name: 'Lookup' }).click();
    await lookUp(page, 'D_5');
    await expect(page.getByRole('region', { name: 'Result' })).toContainText('1501');
  });

  test('a lookup before any portal says how to connect one', async ({ page, preview }) => {
    await openWindow(page, preview);
    await page.getByRole('button', { name: 'Lookup' }).click();
    await lookUp(page, 'D_5');
    const result = page.getByRole('region', { name: 'Result' });
    await expect(result).toContainText(/Connect a portal/);
    await result.getByRole('button', { name: /Settings/ }).click();
    await expect(page.getByRole('textbox', { name: 'Webhook address' })).toBeVisible();
  });
});

test('settings are kept across a reload and a restart of the app', async ({ page, preview }) => {
  await openWindow(page, preview);
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  await page.getByRole('radio', { name: 'Bitrix24 app' }).check();
  await page.getByRole('checkbox', { name: 'Launch at login' }).check();
  await page.getByRole('combobox', { name: /bare numbers/ }).selectOption('DEAL');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect.poll(async () => (await preview.desktop()).loginItem.at(-1)).toEqual({ enabled: true, refresh: false });

  await page.reload();
  await expect(page.locator('.app')).toHaveAttribute('aria-busy', 'false');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  await page.goto(await preview.restart());
  await expect(page.locator('.app')).toHaveAttribute('aria-busy', 'false');
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('combobox', { name: 'Theme' })).toHaveValue('dark');
  await expect(page.getByRole('radio', { name: 'Bitrix24 app' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Launch at login' })).toBeChecked();
  await expect(page.getByText('Connected as Irina Volkova').first()).toBeVisible();
  // A bare number is now a deal, and the saved webhook still works after the restart.
  await page.getByRole('button', { name: 'Lookup' }).click();
  await lookUp(page, '5');
  await expect(page.getByRole('region', { name: 'Result' })).toContainText('1501');
});

test('a hotkey is recorded from the keys pressed, and a system chord is refused with a reason', async ({ page, preview }) => {
  await openWindow(page, preview);
  await page.getByRole('button', { name: 'Settings' }).click();
  await page
    .getByRole('button', { name: /Record/ })
    .first()
    .click();
  await page.keyboard.press('Control+Shift+K');
  await expect.poll(async () => (await preview.desktop()).hotkeys).toContain('CommandOrControl+Shift+K');
  await expect(page.getByText('Ctrl+Shift+K').first()).toBeVisible();

  await page
    .getByRole('button', { name: /Record/ })
    .first()
    .click();
  // Esc while recording cancels it and leaves the window open.
  await page.keyboard.press('Escape');
  expect((await preview.desktop()).window).not.toContain('hide');
  await expect(page.getByText('Ctrl+Shift+K').first()).toBeVisible();

  await page
    .getByRole('button', { name: /Record/ })
    .first()
    .click();
  await page.keyboard.press('Control+C');
  // The refusal beside the hotkey (the closed local-application guide below also says "copy").
  await expect(page.getByRole('group', { name: 'Open the window' }).getByRole('alert')).toHaveText(/copy|system|reserved|another/i);
  expect((await preview.desktop()).hotkeys).toContain('CommandOrControl+Shift+K');
});

test('portals can be renamed, checked, switched and removed', async ({ page, preview }) => {
  await openWindow(page, preview);
  await page.getByRole('button', { name: 'Settings' }).click();
  await page
    .getByRole('button', { name: /Rename/ })
    .first()
    .click();
  const name = page.getByRole('textbox', { name: /name/i }).first();
  await name.fill('Sales portal');
  await name.press('Enter');
  await expect(page.getByText('Sales portal')).toBeVisible();
  await page.getByRole('button', { name: /Check/ }).first().click();
  await expect(page.getByText('Connected as Irina Volkova').first()).toBeVisible();
  await page
    .getByRole('button', { name: /Remove/ })
    .first()
    .click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /Remove/ })
    .click();
  await expect(page.getByText('Sales portal')).toHaveCount(0);
});

test.describe('About', () => {
  test('shows the version and opens exactly the releases page in the browser, from the keyboard too', async ({ page, preview }) => {
    expect(RELEASES).toBe('https://github.com/b24-chat-lookup/b24-chat-lookup/releases');
    await openWindow(page, preview);
    await page.getByRole('button', { name: 'Settings' }).click();
    const about = page.getByRole('region', { name: 'About' });
    // The last section of Settings.
    await expect(page.locator('main section').last()).toHaveAttribute('aria-labelledby', 'settings-about');
    await expect(about.getByRole('heading', { level: 2, name: 'About' })).toBeVisible();
    await expect(about).toContainText(manifest.productName);
    await expect(about).toContainText(`Version ${manifest.version}`);
    // The preview without a feed is a development run, which looks for no new version (test/browser/updates.spec.ts has one).
    await expect(about).toContainText('A development run does not look for new versions.');
    await expect(about.getByRole('button', { name: 'Check for Updates' })).toHaveCount(0);

    const button = about.getByRole('button', { name: 'Releases page (opens in the browser)' });
    await button.click();
    await expect.poll(async () => (await preview.desktop()).opened).toEqual([RELEASES]);
    await expect(about.getByRole('status')).toHaveText('Opened the releases page in the browser');

    // Reached with Tab from the last setting above it, with its focus shown, and opened with Enter.
    await page.getByRole('spinbutton', { name: /History size/ }).focus();
    await page.keyboard.press('Tab');
    await expect(button).toBeFocused();
    expect(await button.evaluate((element) => getComputedStyle(element).outlineStyle)).not.toBe('none');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await preview.desktop()).opened).toEqual([RELEASES, RELEASES]);
  });

  test.describe('in Russian', () => {
    test.use({ osLanguage: 'ru' });

    test('says it all in Russian: only the product name stays in Latin letters', async ({ page, preview }) => {
      await openWindow(page, preview);
      await page.getByRole('button', { name: 'Настройки' }).click();
      const about = page.getByRole('region', { name: 'О программе' });
      await expect(about).toContainText(`Версия ${manifest.version}`);
      await expect(about).toContainText('В режиме разработки новые версии не ищутся.');
      await about.getByRole('button', { name: 'Страница выпусков (откроется в браузере)' }).click();
      await expect(about.getByRole('status')).toHaveText('Страница выпусков открыта в браузере');
      await expect.poll(async () => (await preview.desktop()).opened).toEqual([RELEASES]);
      const text = (await about.innerText()).replaceAll(manifest.productName, '');
      expect(text).not.toMatch(/[A-Za-z]/);
      // Nor is there English in the button's accessible name, the one thing a screen reader says that is not on screen.
      expect(await about.getByRole('button').getAttribute('aria-label')).not.toMatch(/[A-Za-z]/);
    });
  });
});
