import { expect, test } from './serve-window.ts';

// The built Svelte window in real Chromium, as a person sees it in a browser tab (no desktop app behind it),
// and with a preload-shaped bridge injected the way Electron's preload exposes it.

test('opens with the CRM reference field focused and ready to type into', async ({ page, windowUrl }) => {
  await page.goto(windowUrl);
  await expect(page).toHaveTitle('B24 Chat Lookup');
  await expect(page.getByRole('heading', { name: 'B24 Chat Lookup' })).toBeVisible();
  const field = page.getByLabel('CRM reference');
  await expect(field).toBeFocused();
  await page.keyboard.type('LEAD|13');
  await expect(field).toHaveValue('LEAD|13');
});

test('asks for a reference when Enter is pressed on an empty field', async ({ page, windowUrl }) => {
  await page.goto(windowUrl);
  await page.getByLabel('CRM reference').press('Enter');
  await expect(page.getByRole('status')).toHaveText(
    'Paste a CRM reference first, for example LEAD|13, D_5 or a deal page link.',
  );
});

test('says plainly when it runs in a browser without the desktop app', async ({ page, windowUrl }) => {
  await page.goto(windowUrl);
  await expect(page.getByTestId('app-status')).toHaveText('Browser preview: not connected to the desktop app');
});

test('shows the app name and version the desktop bridge reports', async ({ page, windowUrl }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'b24', {
      value: Object.freeze({ appInfo: async () => ({ ok: true, value: { name: 'B24 Chat Lookup', version: '9.8.7', platform: 'linux' } }) }),
    });
  });
  await page.goto(windowUrl);
  await expect(page.getByTestId('app-status')).toHaveText('B24 Chat Lookup 9.8.7');
});

test('says so when the desktop app refuses to answer', async ({ page, windowUrl }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'b24', {
      value: Object.freeze({ appInfo: async () => ({ ok: false, error: { code: 'forbidden', message: 'Only the B24 Chat Lookup window may ask this.' } }) }),
    });
  });
  await page.goto(windowUrl);
  await expect(page.getByTestId('app-status')).toHaveText('The desktop app did not answer');
});

test('says so when the desktop bridge does not answer', async ({ page, windowUrl }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'b24', {
      value: Object.freeze({ appInfo: () => Promise.reject(new Error('no handler')) }),
    });
  });
  await page.goto(windowUrl);
  await expect(page.getByTestId('app-status')).toHaveText('The desktop app did not answer');
});

test('follows the system dark theme', async ({ page, windowUrl }, testInfo) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(windowUrl);
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(await background()).toBe('rgb(255, 255, 255)');
  await page.screenshot({ path: testInfo.outputPath('window-light.png') });

  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await background()).toBe('rgb(28, 31, 36)');
  await page.screenshot({ path: testInfo.outputPath('window-dark.png') });
});

test('runs under the strict Content-Security-Policy without violations', async ({ page, windowUrl }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') violations.push(message.text());
  });
  await page.goto(windowUrl);
  await expect(page.getByLabel('CRM reference')).toBeVisible();
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("default-src 'none'");
  expect(policy).toContain("script-src 'self'");
  expect(policy).not.toContain('unsafe-inline');
  expect(violations).toEqual([]);
});
