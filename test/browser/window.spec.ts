import type { Page } from '@playwright/test';
import { INVOKES } from '../../electron/core/ipc/contract.ts';
import { expect, test } from './serve-window.ts';

// The built window in real Chromium, served as built (the strict Content-Security-Policy included), in the cases the
// browser preview cannot make: no desktop app behind the page, a bridge that does not answer, answers only the main
// process's desktop side produces (the clipboard hotkey's, a hotkey the OS refused). Everything else is in the specs
// that drive the preview (lookup, history, settings, appearance).

const SETTINGS = {
  values: {
    hotkeys: { openWindow: 'CommandOrControl+Alt+B', lookupClipboard: 'CommandOrControl+Alt+V' },
    defaultType: 'LEAD',
    launchAtLogin: false,
    theme: 'system',
    language: 'en',
    historyLimit: 1000,
    openChatIn: 'browser',
  },
  secretStorage: { protection: 'os_keychain', warning: null },
  hotkeys: {
    openWindow: { accelerator: 'CommandOrControl+Alt+B', status: 'active', message: null },
    lookupClipboard: { accelerator: 'CommandOrControl+Alt+V', status: 'active', message: null },
    limitation: null,
  },
};
const PROFILE = {
  id: 'p1',
  name: 'Acme',
  portal: 'https://acme.bitrix24.ru',
  host: 'acme.bitrix24.ru',
  kind: 'webhook',
  userId: 1,
  userName: 'Irina Volkova',
  status: 'connected',
  statusMessage: null,
  checkedAt: 1,
  active: true,
};
const CONNECTED = {
  appInfo: { ok: true, value: { name: 'B24 Chat Lookup', version: '9.8.7', platform: 'linux' } },
  settingsGet: { ok: true, value: SETTINGS },
  profilesList: { ok: true, value: { profiles: [PROFILE], activeId: 'p1', secretStorage: SETTINGS.secretStorage } },
  noticesTake: { ok: true, value: [] },
  windowRequestTake: { ok: true, value: null },
  windowHide: { ok: true, value: null },
};
const found = {
  status: 'found',
  input: 'LEAD|13',
  label: 'lead 13',
  entityType: 'CRM',
  entityId: 'LEAD|13',
  chatId: 1437,
  dialogId: 'chat1437',
  webUrl: 'https://acme.bitrix24.ru/online/?IM_DIALOG=chat1437',
  desktopUrl: 'bx://v2/acme.bitrix24.ru/chat/dialogId/chat1437',
};
const acme = { id: 'p1', name: 'Acme', host: 'acme.bitrix24.ru', portal: 'https://acme.bitrix24.ru' };

test('says plainly when it runs in a browser without the desktop app', async ({ page, windowUrl }) => {
  await page.goto(windowUrl);
  await expect(page).toHaveTitle('B24 Chat Lookup');
  await expect(page.getByRole('alert')).toContainText('not connected to the desktop app');
  await expect(page.getByRole('textbox', { name: 'CRM reference' })).toBeFocused();
});

/**
 * Injects a preload-shaped bridge (`window.b24`, frozen, as the preload exposes it) before the page loads. Each call
 * answers from `answers` (by method name; `{ sequence: [...] }` for one answer after another) or refuses; every call is recorded in `window.bridgeCalls`, and
 * `window.emitBridge(event, payload)` fires an event at the page's listeners.
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

test('says so when the desktop bridge does not answer, instead of waiting forever', async ({ page, windowUrl }) => {
  await injectBridge(page, {}, { reject: true });
  await page.goto(windowUrl);
  const box = page.getByRole('textbox', { name: 'CRM reference' });
  await box.fill('LEAD|13');
  await box.press('Enter');
  await expect(page.getByRole('region', { name: 'Result' })).toContainText('The desktop app did not answer');
});

test('takes the reference the app was opened with and looks it up when asked to (a reference on the command line)', async ({ page, windowUrl }) => {
  await injectBridge(page, {
    ...CONNECTED,
    windowRequestTake: { ok: true, value: { view: 'lookup', text: 'LEAD|13', run: true } },
    lookup: { ok: true, value: { profile: acme, results: [found] } },
  });
  await page.goto(windowUrl);
  await expect(page.getByRole('textbox', { name: 'CRM reference' })).toHaveValue('LEAD|13');
  await expect(page.getByRole('region', { name: 'Result' }).getByRole('heading', { name: 'Lead 13' })).toBeVisible();
  expect((await bridgeCalls(page)).filter((call) => call.name === 'lookup').map((call) => call.payload)).toEqual([{ text: 'LEAD|13' }]);
});

test('shows an answer the clipboard hotkey already has without asking again, and a later request as it comes', async ({ page, windowUrl }) => {
  const notFound = { status: 'not_found', input: 'DEAL|99999', label: 'deal 99999', entityType: 'CRM', entityId: 'DEAL|99999', chatId: null, reasons: [] };
  await injectBridge(page, {
    ...CONNECTED,
    windowRequestTake: { ok: true, value: { view: 'lookup', text: 'DEAL|99999', answer: { profile: acme, results: [notFound] } } },
  });
  await page.goto(windowUrl);
  await expect(page.getByRole('textbox', { name: 'CRM reference' })).toHaveValue('DEAL|99999');
  await expect(page.getByRole('region', { name: 'Result' })).toContainText('No chat for Deal 99999');
  expect((await bridgeCalls(page)).map((call) => call.name)).not.toContain('lookup');

  // The clipboard hotkey again, with nothing to look up: the request comes with the event, and the window says why.
  await page.evaluate((request) => (window as unknown as { emitBridge: (event: string, payload: unknown) => void }).emitBridge('windowRequest', request), {
    view: 'lookup',
    message: { code: 'notify_invalid_body' },
  });
  await expect(page.getByRole('region', { name: 'Result' })).toContainText('The clipboard does not hold a CRM reference');
  const calls = (await bridgeCalls(page)).map((call) => call.name);
  expect(calls).not.toContain('lookup');
  expect(calls.filter((name) => name === 'windowRequestTake')).toHaveLength(1);
});

test('says a message whose sentence is in the part of the catalog that arrives after it, as soon as that part is here', async ({ page, windowUrl }) => {
  // The catalog's second part held back until the message has come: the sentence must appear when the part does,
  // and the live region must read it, not nothing.
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/messages-en\.rest-[^/]*\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await injectBridge(page, {
    ...CONNECTED,
    windowRequestTake: { ok: true, value: { view: 'lookup', message: { code: 'notify_invalid_body' } } },
  });
  await page.goto(windowUrl);
  const result = page.getByRole('region', { name: 'Result' });
  await expect(page.getByRole('textbox', { name: 'CRM reference' })).toBeVisible();
  await expect.poll(() => bridgeCalls(page).then((calls) => calls.map((call) => call.name))).toContain('windowRequestTake');
  release();
  await expect(result).toContainText('The clipboard does not hold a CRM reference');
  await expect(page.getByRole('status').filter({ hasText: 'The clipboard does not hold a CRM reference' })).toHaveCount(1);
});

test('says when a hotkey could not be registered, and updates when the settings change', async ({ page, windowUrl }) => {
  // The main process sends the hotkey's state as a message; the window says it with the keys as the platform writes them.
  const taken = { code: 'hotkey_taken', params: { hotkey: 'CommandOrControl+Alt+V' } };
  const withTaken = {
    ...SETTINGS,
    hotkeys: { ...SETTINGS.hotkeys, lookupClipboard: { accelerator: 'CommandOrControl+Alt+V', status: 'unavailable', message: taken } },
  };
  await injectBridge(page, { ...CONNECTED, settingsGet: { ok: true, value: withTaken } });
  await page.goto(windowUrl);
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByText('Ctrl+Alt+V could not be registered: another app already uses it')).toBeVisible();
  await page.evaluate((view) => (window as unknown as { emitBridge: (event: string, payload: unknown) => void }).emitBridge('settingsChanged', view), SETTINGS);
  await expect(page.getByText(/could not be registered/)).toHaveCount(0);
});

test('follows the system theme unless the settings pick one', async ({ page, windowUrl }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await injectBridge(page, CONNECTED);
  await page.goto(windowUrl);
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(await background()).toBe('rgb(255, 255, 255)');
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await background()).toBe('rgb(28, 31, 36)');
  await page.evaluate((view) => (window as unknown as { emitBridge: (event: string, payload: unknown) => void }).emitBridge('settingsChanged', view), {
    ...SETTINGS,
    values: { ...SETTINGS.values, theme: 'light' },
  });
  // New settings are applied once their language's catalog is here: a moment later, as a person sees it.
  await expect.poll(background).toBe('rgb(255, 255, 255)');
});

test('runs every screen under the strict Content-Security-Policy without violations', async ({ page, windowUrl }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') violations.push(message.text());
  });
  await injectBridge(page, {
    ...CONNECTED,
    lookup: { ok: true, value: { profile: acme, results: [{ ...found, title: 'Lead #13' }] } },
    historyList: { ok: true, value: { entries: [], total: 0 } },
  });
  await page.goto(windowUrl);
  const box = page.getByRole('textbox', { name: 'CRM reference' });
  await box.fill('LEAD|13');
  await box.press('Enter');
  await expect(page.getByRole('region', { name: 'Result' })).toContainText('Lead #13');
  await page.getByRole('button', { name: 'History' }).click();
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Hotkeys' })).toBeVisible();
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("default-src 'none'");
  expect(policy).toContain("script-src 'self'");
  expect(policy).not.toContain('unsafe-inline');
  expect(violations).toEqual([]);
});
