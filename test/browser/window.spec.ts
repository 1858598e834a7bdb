import type { Page } from '@playwright/test';
import { INVOKES } from '../../electron/core/ipc/contract.ts';
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

/**
 * Injects a preload-shaped bridge (`window.b24`, frozen, as the preload exposes it) before the page loads. Each call
 * answers from `answers` (by method name; `{ sequence: [...] }` for one answer after another) or refuses; every call is recorded in `window.bridgeCalls`, and
 * `window.emitBridge(event)` fires an event at the page's listeners.
 */
async function injectBridge(page: Page, answers: Record<string, unknown>, { reject = false } = {}): Promise<void> {
  await page.addInitScript(
    ({ answers, reject, names }) => {
      const calls: { name: string; payload: unknown }[] = [];
      const listeners = new Map<string, Set<(payload: unknown) => void>>();
      const api: Record<string, unknown> = {
        on: (event: string, listener: (payload: unknown) => void) => {
          listeners.set(event, (listeners.get(event) ?? new Set()).add(listener));
          return () => listeners.get(event)?.delete(listener);
        },
      };
      for (const name of names) {
        api[name] = async (payload: unknown) => {
          calls.push({ name, payload });
          if (reject) throw new Error('no handler');
          const answer = answers[name] as { sequence?: unknown[] } | undefined;
          // `{ sequence: [a, b] }` answers a, then b from then on.
          if (answer?.sequence) return answer.sequence.length > 1 ? answer.sequence.shift() : answer.sequence[0];
          return name in answers ? answer : { ok: false, error: { code: 'forbidden', message: 'Only the B24 Chat Lookup window may ask this.' } };
        };
      }
      Object.assign(window, {
        bridgeCalls: calls,
        emitBridge: (event: string, payload: unknown) => listeners.get(event)?.forEach((listener) => listener(payload)),
      });
      Object.defineProperty(window, 'b24', { value: Object.freeze(api) });
    },
    { answers, reject, names: Object.keys(INVOKES) },
  );
}

const bridgeCalls = (page: Page) => page.evaluate(() => (window as unknown as { bridgeCalls: { name: string; payload: unknown }[] }).bridgeCalls);

test('shows the app name and version the desktop bridge reports', async ({ page, windowUrl }) => {
  await injectBridge(page, { appInfo: { ok: true, value: { name: 'B24 Chat Lookup', version: '9.8.7', platform: 'linux' } } });
  await page.goto(windowUrl);
  await expect(page.getByTestId('app-status')).toHaveText('B24 Chat Lookup 9.8.7');
});

test('says so when the desktop app refuses to answer', async ({ page, windowUrl }) => {
  await injectBridge(page, {});
  await page.goto(windowUrl);
  await expect(page.getByTestId('app-status')).toHaveText('The desktop app did not answer');
});

test('says so when the desktop bridge does not answer', async ({ page, windowUrl }) => {
  await injectBridge(page, {}, { reject: true });
  await page.goto(windowUrl);
  await expect(page.getByTestId('app-status')).toHaveText('The desktop app did not answer');
});

test('takes the reference the app was opened with, looks it up when asked to, and hides on Esc', async ({ page, windowUrl }) => {
  const found = { status: 'found', input: 'LEAD|13', label: 'lead 13', chatId: 1437, dialogId: 'chat1437', webUrl: 'https://acme.bitrix24.ru/online/?IM_DIALOG=chat1437', desktopUrl: 'bx://v2/acme.bitrix24.ru/chat/dialogId/chat1437' };
  await injectBridge(page, {
    windowRequestTake: { ok: true, value: { view: 'lookup', text: 'LEAD|13', run: true } },
    lookup: { ok: true, value: { profile: null, results: [found] } },
    windowHide: { ok: true, value: null },
  });
  await page.goto(windowUrl);
  await expect(page.getByLabel('CRM reference')).toHaveValue('LEAD|13');
  await expect(page.getByRole('status')).toHaveText('lead 13: chat 1437');
  await page.keyboard.press('Escape');
  await expect.poll(async () => (await bridgeCalls(page)).map((call) => call.name)).toContain('windowHide');
  expect((await bridgeCalls(page)).find((call) => call.name === 'lookup')?.payload).toEqual({ text: 'LEAD|13' });
});

test('shows an answer the clipboard hotkey already has, without asking again, and later requests as they come', async ({ page, windowUrl }) => {
  const notFound = { status: 'not_found', input: 'DEAL|99999', label: 'deal 99999', entityType: 'CRM', entityId: 'DEAL|99999', chatId: null, reasons: ['Deleting an entity deletes its chat too.'] };
  await injectBridge(page, {
    windowRequestTake: {
      sequence: [
        { ok: true, value: { view: 'lookup', text: 'DEAL|99999', answer: { profile: null, results: [notFound] } } },
        { ok: true, value: { view: 'lookup', text: 'D_5' } },
      ],
    },
  });
  await page.goto(windowUrl);
  await expect(page.getByLabel('CRM reference')).toHaveValue('DEAL|99999');
  await expect(page.getByRole('status')).toHaveText('deal 99999: no chat. Deleting an entity deletes its chat too.');
  expect((await bridgeCalls(page)).map((call) => call.name)).not.toContain('lookup');

  // The "open" hotkey while the window is up: the event arrives, the box takes the references, nothing is looked up.
  await page.evaluate(() => (window as unknown as { emitBridge: (event: string) => void }).emitBridge('windowRequest'));
  await expect(page.getByLabel('CRM reference')).toHaveValue('D_5');
  expect((await bridgeCalls(page)).map((call) => call.name)).not.toContain('lookup');
});

test('says when a hotkey could not be registered, and updates when the settings change', async ({ page, windowUrl }) => {
  const taken = 'CommandOrControl+Alt+V could not be registered: another app already uses it, or the system keeps it for itself. Choose other keys.';
  const hotkeys = (message: string | null) => ({
    openWindow: { accelerator: 'CommandOrControl+Alt+B', status: 'active', message: null },
    lookupClipboard: { accelerator: 'CommandOrControl+Alt+V', status: message ? 'unavailable' : 'active', message },
    limitation: null,
  });
  await injectBridge(page, { settingsGet: { ok: true, value: { values: {}, secretStorage: { protection: 'os_keychain', warning: null }, hotkeys: hotkeys(taken) } } });
  await page.goto(windowUrl);
  await expect(page.getByTestId('hotkey-warning')).toHaveText(taken);
  await page.evaluate((view) => (window as unknown as { emitBridge: (event: string, payload: unknown) => void }).emitBridge('settingsChanged', view), {
    values: {},
    secretStorage: { protection: 'os_keychain', warning: null },
    hotkeys: hotkeys(null),
  });
  await expect(page.getByTestId('hotkey-warning')).toHaveCount(0);
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
