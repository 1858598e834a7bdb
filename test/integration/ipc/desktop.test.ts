/** desktop.test.ts is over 300 lines because it walks every desktop-facing call (hotkeys, window, login item, links, notices) against one fake portal. */
import { describe, expect, it, vi } from 'vitest';
import { RELEASES_PAGE } from '../../../electron/core/about.ts';
import { say } from '../../../electron/common/i18n/catalogs.ts';
import type { HistoryPage, LookupView, Notice, SettingsView, WindowRequest } from '../../../electron/core/ipc/contract.ts';
import { ENTITY_DELETED, LEAD_CONVERTED, OPENED_FROM_CARD } from '../../../electron/core/lookup/portal-chat-lookup.ts';
import { portalFor } from '../bitrix/support.ts';
import { startTestApp, tempDir, valueOf, writeRaw } from '../../support/state.ts';

// The tray's, the hotkeys' and a second launch's actions, and the window's open/copy calls, over the real services,
// real files and the fake portal. The desktop ports record what Electron would have been asked to do.

const OPEN_HOTKEY = 'CommandOrControl+Alt+B';
const CLIPBOARD_HOTKEY = 'CommandOrControl+Alt+V';

async function connected(options: Parameters<typeof startTestApp>[1] = {}) {
  const portal = await portalFor();
  const app = startTestApp(tempDir(), options);
  await valueOf(app.call('profilesAddWebhook', { webhookUrl: portal.webhookUrl }));
  return { portal, app };
}

describe('the "look up the clipboard" hotkey', () => {
  it('looks the copied reference up, copies the chat id, and a click on the notification opens the chat', async () => {
    const { portal, app } = await connected();
    app.clipboard.text = '  LEAD|13 \n';
    app.pressHotkey(CLIPBOARD_HOTKEY);
    await vi.waitFor(() => expect(app.desktop.notifications).toHaveLength(1));
    const [notification] = app.desktop.notifications;
    expect(notification).toMatchObject({ title: 'Chat 1437', body: 'Lead 13: the chat ID is copied. Click to open the chat.' });
    expect(app.clipboard.text).toBe('1437');
    expect(app.desktop.window).toEqual([]);
    expect((await valueOf<HistoryPage>(app.call('historyList', {}))).entries).toMatchObject([{ input: 'LEAD|13', chatId: 1437 }]);

    notification?.click();
    await vi.waitFor(() => expect(app.desktop.opened).toEqual([`${portal.origin}/online/?IM_DIALOG=chat1437`]));
    // The person prefers the Bitrix24 app: the same click opens the bx: link.
    await valueOf(app.call('settingsUpdate', { openChatIn: 'desktop' }));
    notification?.click();
    await vi.waitFor(() => expect(app.desktop.opened.at(-1)).toBe(`bx://v2/${new URL(portal.origin).host}/chat/dialogId/chat1437`));
  });

  it('says when the chat would not open from the notification (no Bitrix24 app installed)', async () => {
    const { app } = await connected();
    await valueOf(app.call('settingsUpdate', { openChatIn: 'desktop' }));
    app.clipboard.text = 'D_5';
    await app.services.quickLookup.lookUpClipboard();
    app.desktop.openFails = true;
    app.desktop.notifications[0]?.click();
    await vi.waitFor(() => expect(app.desktop.notifications).toHaveLength(2));
    expect(app.desktop.notifications[1]).toMatchObject({
      title: 'The chat did not open',
      body: 'The Bitrix24 desktop app did not open the chat: is it installed? Open the chat in the browser instead.',
    });
  });

  it('explains an entity with no chat, a failed lookup and an empty clipboard, and leaves the clipboard alone', async () => {
    const { app } = await connected();
    app.clipboard.text = 'DEAL|99999';
    expect(await app.services.quickLookup.lookUpClipboard()).toMatchObject({ title: 'No chat', body: 'Deal 99999 has no chat. Click to see why.', copy: null });
    expect(app.clipboard.text).toBe('DEAL|99999');
    // The click shows the window with the answer as it is, reasons and all: nothing is asked again.
    const requests = app.services.history.size;
    app.desktop.notifications.at(-1)?.click();
    expect(await valueOf<WindowRequest>(app.call('windowRequestTake'))).toEqual({
      view: 'lookup',
      text: 'DEAL|99999',
      answer: {
        profile: expect.objectContaining({ host: expect.any(String) }),
        results: [expect.objectContaining({ status: 'not_found', entityId: 'DEAL|99999', reasons: [OPENED_FROM_CARD, ENTITY_DELETED] })],
      },
    });
    expect(app.services.history.size).toBe(requests);
    // What was copied is not quoted: a notification stays in the system's list.
    app.clipboard.text = 'my password hunter2';
    expect(await app.services.quickLookup.lookUpClipboard()).toMatchObject({
      title: 'Not a CRM reference',
      body: 'The clipboard does not hold a CRM reference such as LEAD|13, D_5 or a deal link.',
      copy: null,
    });
    expect(JSON.stringify(app.desktop.notifications.at(-1))).not.toContain('hunter2');
    // Nor does it reach the window or the history: only references go on.
    app.desktop.notifications.at(-1)?.click();
    expect(await valueOf<WindowRequest>(app.call('windowRequestTake'))).toEqual({
      view: 'lookup',
      message: { code: 'notify_invalid_body' },
    });
    expect(JSON.stringify(app.services.history.all())).not.toContain('hunter2');
    // Text with no reference-like word at all gives no results: said the same way, not as "0 references".
    app.clipboard.text = '   ,;  ';
    expect(await app.services.quickLookup.lookUpClipboard()).toMatchObject({
      title: 'Not a CRM reference',
      body: 'The clipboard does not hold a CRM reference such as LEAD|13, D_5 or a deal link.',
    });
    app.clipboard.text = ' ';
    expect(await app.services.quickLookup.lookUpClipboard()).toMatchObject({
      title: 'Nothing was looked up',
      body: 'The clipboard holds no text. Copy a CRM reference such as LEAD|13 or a deal link first.',
    });
    // Clicking that one opens the window, saying why.
    app.desktop.notifications.at(-1)?.click();
    expect(await valueOf<WindowRequest>(app.call('windowRequestTake'))).toEqual({
      view: 'lookup',
      message: { code: 'clipboard_empty' },
    });
  });

  it('sends the person to the settings when no portal is connected yet', async () => {
    const app = startTestApp(tempDir());
    app.clipboard.text = 'LEAD|13';
    const answer = await app.services.quickLookup.lookUpClipboard();
    expect(answer).toMatchObject({ title: 'Nothing was looked up', body: expect.stringMatching(/^Connect a portal first/) });
    app.desktop.notifications[0]?.click();
    expect(app.desktop.window).toEqual(['show']);
    expect(await valueOf<WindowRequest>(app.call('windowRequestTake'))).toEqual({ view: 'settings', message: { code: 'no_profile' } });
  });

  it('sums up several copied references, copies every chat id found, and the click shows them all', async () => {
    const { app } = await connected();
    app.clipboard.text = 'LEAD|13\nD_5\nDEAL|99999\nmy password hunter2';
    const answer = await app.services.quickLookup.lookUpClipboard();
    expect(answer).toMatchObject({
      title: '3 references looked up',
      body: 'Chats found: 2 · without a chat: 1 · not looked up: 0. The chat IDs are copied. Click for the list.',
    });
    expect(app.clipboard.text).toBe('1437\n1501');
    app.desktop.notifications[0]?.click();
    const request = await valueOf<WindowRequest>(app.call('windowRequestTake'));
    expect(request?.text).toBe('LEAD|13\nD_5\nDEAL|99999');
    expect(request?.answer?.results.map((result) => result.status)).toEqual(['found', 'found', 'not_found']);
    expect(JSON.stringify({ request, history: app.services.history.all() })).not.toContain('hunter2');
  });

  it('speaks Russian when the person chose it', async () => {
    const { app } = await connected({ osLocales: ['ru-RU'] });
    app.clipboard.text = 'LEAD|13';
    expect(await app.services.quickLookup.lookUpClipboard()).toMatchObject({
      title: 'Чат 1437',
      body: 'Lead 13: ID чата скопирован. Нажмите, чтобы открыть чат.',
    });
  });

  it('shows the answer in the window when the system shows no notification', async () => {
    const { app } = await connected();
    app.desktop.notificationsFail = true;
    app.clipboard.text = 'LEAD|13';
    await app.services.quickLookup.lookUpClipboard();
    expect(app.clipboard.text).toBe('1437');
    expect(app.desktop.window).toEqual(['show']);
    expect(await valueOf<WindowRequest>(app.call('windowRequestTake'))).toMatchObject({
      view: 'lookup',
      text: 'LEAD|13',
      answer: { results: [{ status: 'found', chatId: 1437 }] },
    });
  });

  it('runs one lookup at a time: presses of a held hotkey during it are dropped', async () => {
    const { app } = await connected();
    app.clipboard.text = 'LEAD|13';
    const answers = await Promise.all([app.services.quickLookup.lookUpClipboard(), app.services.quickLookup.lookUpClipboard()]);
    expect(answers.map((answer) => answer?.title ?? null)).toEqual(['Chat 1437', null]);
    expect(app.desktop.notifications).toHaveLength(1);
    app.clipboard.text = 'LEAD|13';
    expect(await app.services.quickLookup.lookUpClipboard()).toMatchObject({ title: 'Chat 1437' });
  });

  it('opens a chat link of a portal that is not connected only after saying why not', async () => {
    const { app } = await connected();
    app.clipboard.text = 'https://other.bitrix24.de/online/?IM_DIALOG=chat77';
    expect(await app.services.quickLookup.lookUpClipboard()).toMatchObject({ title: 'Chat 77', copy: '77' });
    app.desktop.notifications[0]?.click();
    await vi.waitFor(() => expect(app.desktop.notifications).toHaveLength(2));
    expect(app.desktop.opened).toEqual([]);
    expect(app.desktop.notifications[1]?.body).toMatch(/^That chat is on a portal that is not connected to this app/);
  });

  it('never shows or logs a webhook or token that was copied with the reference', async () => {
    const { portal, app } = await connected();
    app.clipboard.text = `${portal.webhookUrl}`;
    await app.services.quickLookup.lookUpClipboard();
    app.clipboard.text = `oops ${portal.webhookUrl} LEAD|13`;
    await app.services.quickLookup.lookUpClipboard();
    app.clipboard.text = 'B24_ACCESS_TOKEN="k3y9x2ab7qw1zz8m"';
    await app.services.quickLookup.lookUpClipboard();
    const everything = JSON.stringify({ notifications: app.desktop.notifications, log: app.log, events: app.events, history: app.services.history.all() });
    expect(everything).not.toContain(portal.secret);
    expect(everything).not.toContain('k3y9x2ab7qw1zz8m');
    expect(app.desktop.notifications).toHaveLength(3);
  });
});

describe('the "open" hotkey', () => {
  it('puts only the references that were copied in the box, never the rest of the clipboard', async () => {
    const app = startTestApp(tempDir());
    app.clipboard.text = 'Hi! The deal is deal 5, and D_7 too.\nACCESS_TOKEN="k3y9x2ab7qw1zz8m" password: hunter2';
    await app.services.quickLookup.openWindowWithClipboard();
    expect(await valueOf<WindowRequest>(app.call('windowRequestTake'))).toEqual({ view: 'lookup', text: 'deal 5\nD_7' });
  });

  it('opens the window with a copied reference in the box, and with an empty box for anything else', async () => {
    const app = startTestApp(tempDir());
    app.clipboard.text = 'https://acme.bitrix24.ru/crm/deal/details/5/';
    app.pressHotkey(OPEN_HOTKEY);
    await vi.waitFor(() => expect(app.desktop.window).toEqual(['show']));
    expect(await valueOf<WindowRequest>(app.call('windowRequestTake'))).toEqual({ view: 'lookup', text: 'https://acme.bitrix24.ru/crm/deal/details/5/' });

    for (const text of ['a shopping list', '', 'LEAD|13 '.repeat(20_000)]) {
      app.clipboard.text = text;
      await app.services.quickLookup.openWindowWithClipboard();
      expect(await valueOf<WindowRequest>(app.call('windowRequestTake'))).toEqual({ view: 'lookup' });
    }
  });
});

describe('hotkeys', () => {
  it('registers both at start and shows one another app holds as unavailable, with what to do', async () => {
    const app = startTestApp(tempDir(), { takenByOthers: [CLIPBOARD_HOTKEY] });
    expect([...app.shortcuts.registered.keys()]).toEqual([OPEN_HOTKEY]);
    const view = await valueOf<SettingsView>(app.call('settingsGet'));
    expect(view.hotkeys).toEqual({
      openWindow: { accelerator: OPEN_HOTKEY, status: 'active', message: null },
      lookupClipboard: {
        accelerator: CLIPBOARD_HOTKEY,
        status: 'unavailable',
        message: { code: 'hotkey_taken', params: { hotkey: 'CommandOrControl+Alt+V' } },
      },
      limitation: null,
    });
  });

  it('re-registers when the person changes them: the old keys are let go, and the window hears the new states', async () => {
    const app = startTestApp(tempDir());
    const view = await valueOf<SettingsView>(app.call('settingsUpdate', { hotkeys: { openWindow: 'Control+Shift+Space', lookupClipboard: null } }));
    expect([...app.shortcuts.registered.keys()]).toEqual(['Control+Shift+Space']);
    expect(view.hotkeys.lookupClipboard).toEqual({ accelerator: null, status: 'off', message: null });
    expect(app.events.at(-1)).toEqual({ event: 'settingsChanged', payload: view });
    // Pressing the new chord works; the old one is another app's again.
    app.clipboard.text = 'LEAD|13';
    app.pressHotkey('Control+Shift+Space');
    await vi.waitFor(() => expect(app.desktop.window).toEqual(['show']));
    expect(() => app.pressHotkey(OPEN_HOTKEY)).toThrow(/not registered/);
  });

  it('registers nothing again when the hotkeys are saved unchanged, and survives an OS that fails to let one go', async () => {
    const app = startTestApp(tempDir());
    expect(app.shortcuts.registrations).toBe(2);
    await valueOf(app.call('settingsUpdate', { hotkeys: { openWindow: OPEN_HOTKEY, lookupClipboard: CLIPBOARD_HOTKEY } }));
    expect(app.shortcuts.registrations).toBe(2);
    app.shortcuts.unregisterFails = true;
    const view = await valueOf<SettingsView>(app.call('settingsUpdate', { hotkeys: { openWindow: 'Control+Alt+J', lookupClipboard: null } }));
    expect(view.hotkeys.openWindow).toEqual({ accelerator: 'Control+Alt+J', status: 'active', message: null });
  });

  it('tries an unavailable hotkey again when the settings are saved, in case the other app let the keys go', async () => {
    const app = startTestApp(tempDir(), { takenByOthers: [CLIPBOARD_HOTKEY] });
    expect((await valueOf<SettingsView>(app.call('settingsGet'))).hotkeys.lookupClipboard.status).toBe('unavailable');
    app.shortcuts.takenByOthers.clear();
    const view = await valueOf<SettingsView>(app.call('settingsUpdate', { hotkeys: { openWindow: OPEN_HOTKEY, lookupClipboard: CLIPBOARD_HOTKEY } }));
    expect(view.hotkeys.lookupClipboard).toEqual({ accelerator: CLIPBOARD_HOTKEY, status: 'active', message: null });
  });

  it('says which hotkey clashes when a settings file holds the same keys twice', async () => {
    const dir = tempDir();
    writeRaw(
      dir,
      'settings',
      JSON.stringify({ schemaVersion: 1, values: { hotkeys: { openWindow: 'Control+Alt+B', lookupClipboard: 'CommandOrControl+Alt+B' } } }),
    );
    const view = await valueOf<SettingsView>(startTestApp(dir).call('settingsGet'));
    expect(view.hotkeys.openWindow.status).toBe('active');
    expect(view.hotkeys.lookupClipboard).toEqual({
      accelerator: 'CommandOrControl+Alt+B',
      status: 'unavailable',
      message: { code: 'hotkey_duplicate', params: { hotkey: 'CommandOrControl+Alt+B' } },
    });
  });

  it('refuses a Mac-only key on Linux before asking the OS, and lets everything go at quit', async () => {
    const app = startTestApp(tempDir());
    const view = await valueOf<SettingsView>(app.call('settingsUpdate', { hotkeys: { openWindow: 'Command+Alt+B', lookupClipboard: CLIPBOARD_HOTKEY } }));
    expect(view.hotkeys.openWindow).toEqual({
      accelerator: 'Command+Alt+B',
      status: 'unavailable',
      message: { code: 'hotkey_command_not_mac', params: { hotkey: 'Command+Alt+B' } },
    });
    app.services.hotkeys.releaseAll();
    expect(app.shortcuts.registered.size).toBe(0);
  });

  it('tells a Wayland user that hotkeys may not work, and where the same actions are', async () => {
    const app = startTestApp(tempDir(), { hotkeyLimitation: { code: 'hotkeys_wayland' } });
    const { limitation } = (await valueOf<SettingsView>(app.call('settingsGet'))).hotkeys;
    expect(limitation).toEqual({ code: 'hotkeys_wayland' });
    expect(say(limitation ?? { code: 'internal' }, 'en')).toMatch(/^This is a Wayland session: .*"Look Up Clipboard", "Open"/);
    expect(say(limitation ?? { code: 'internal' }, 'ru')).toMatch(/^Это сеанс Wayland: .*«Найти чат из буфера обмена», «Открыть B24 Chat Lookup»/);
  });
});

describe('opening and copying a chat from the window', () => {
  it('opens chats only on connected portals, and copies a chat id', async () => {
    const { portal, app } = await connected();
    const refused = {
      ok: false,
      error: { code: 'chat_portal_unknown' },
    };
    expect(await app.call('chatOpen', { portal: 'https://phishing.example', chatId: 1437 })).toEqual(refused);
    // A chat link naming another site is looked up (nothing to ask), but that does not make the site one to open.
    await valueOf(app.call('lookup', { text: 'https://other.bitrix24.de/online/?IM_DIALOG=chat77' }));
    expect(await app.call('chatOpen', { portal: 'https://other.bitrix24.de', chatId: 77, opener: 'desktop' })).toEqual(refused);
    expect(await valueOf(app.call('chatOpen', { portal: `${portal.origin}/`, chatId: 1437, opener: 'desktop' }))).toEqual({
      link: `bx://v2/${new URL(portal.origin).host}/chat/dialogId/chat1437`,
    });
    expect(await valueOf(app.call('chatOpen', { portal: portal.origin, chatId: 1437 }))).toEqual({ link: `${portal.origin}/online/?IM_DIALOG=chat1437` });
    expect(app.desktop.opened).toHaveLength(2);
    expect(await app.call('chatOpen', { portal: portal.origin, chatId: 0 })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await app.call('chatOpen', { portal: portal.origin, chatId: 5, url: 'file:///etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(app.desktop.opened).toHaveLength(2);
  });

  it('takes open and copy only from a window on screen, so a hidden page cannot open tabs or overwrite the clipboard', async () => {
    const { portal, app } = await connected();
    app.clipboard.text = 'what the person copied';
    await valueOf(app.call('windowHide'));
    const hidden = { ok: false, error: { code: 'window_hidden' } };
    expect(await app.call('chatOpen', { portal: portal.origin, chatId: 1437 })).toEqual(hidden);
    expect(await app.call('chatCopyId', { chatId: 4111111111111111 })).toEqual(hidden);
    expect(app.clipboard.text).toBe('what the person copied');
    expect(app.desktop.opened).toEqual([]);
  });

  it('says what to do when the system cannot open the chat', async () => {
    const { portal, app } = await connected();
    app.desktop.openFails = true;
    expect(await app.call('chatOpen', { portal: portal.origin, chatId: 1437 })).toEqual({
      ok: false,
      error: { code: 'chat_open_failed' },
    });
  });
});

describe('the releases page (Settings, About)', () => {
  const RELEASES = 'https://github.com/b24-chat-lookup/b24-chat-lookup/releases';

  it('opens exactly the releases page, with or without a portal, and answers its address', async () => {
    const app = startTestApp(tempDir());
    expect(RELEASES_PAGE).toBe(RELEASES);
    expect(await app.call('releasesOpen')).toEqual({ ok: true, value: { link: RELEASES } });
    expect(app.desktop.opened).toEqual([RELEASES]);
    // The window sends no address: anything it sends along is refused before anything is opened.
    for (const payload of [{ url: 'file:///etc/passwd' }, 'https://evil.example/', null, {}]) {
      expect(await app.call('releasesOpen', payload)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    }
    expect(app.desktop.opened).toEqual([RELEASES]);
    const { app: connectedApp } = await connected();
    expect(await valueOf(connectedApp.call('releasesOpen'))).toEqual({ link: RELEASES });
    expect(connectedApp.desktop.opened).toEqual([RELEASES]);
  });

  it('opens nothing for a hidden window', async () => {
    const app = startTestApp(tempDir());
    await valueOf(app.call('windowHide'));
    expect(await app.call('releasesOpen')).toEqual({ ok: false, error: { code: 'window_hidden' } });
    expect(app.desktop.opened).toEqual([]);
    app.services.window.present({ view: 'settings' });
    expect(await valueOf(app.call('releasesOpen'))).toEqual({ link: RELEASES });
    expect(app.desktop.opened).toEqual([RELEASES]);
  });

  it('says so, with the address to open by hand, when the system cannot open a browser, in either language', async () => {
    const app = startTestApp(tempDir());
    app.desktop.openFails = true;
    const refused = { code: 'releases_open_failed', params: { link: RELEASES } } as const;
    expect(await app.call('releasesOpen')).toEqual({ ok: false, error: refused });
    // The window says it in the person's language, with the address to open by hand.
    expect(say(refused, 'en')).toBe(`The system could not open the releases page in a browser. Its address is ${RELEASES}`);
    expect(say(refused, 'ru')).toBe(`Система не смогла открыть страницу выпусков в браузере. Её адрес: ${RELEASES}`);
    expect(app.desktop.opened).toEqual([]);
  });
});

describe('launching the app', () => {
  it('masks a webhook given on the command line before the window gets the text', async () => {
    const { portal, app } = await connected();
    app.services.window.launch({ reference: `${portal.webhookUrl} LEAD|13`, atLogin: false });
    const request = await valueOf<WindowRequest>(app.call('windowRequestTake'));
    expect(request?.text).toMatch(/\/rest\/1\/•••\/ LEAD\|13$/);
    expect(JSON.stringify(request)).not.toContain(portal.secret);
  });

  it('a reference on the command line opens the window and looks it up; a start at login shows nothing', async () => {
    const app = startTestApp(tempDir());
    app.services.window.launch({ reference: 'LEAD|13', atLogin: false });
    expect(await valueOf<WindowRequest>(app.call('windowRequestTake'))).toEqual({ view: 'lookup', text: 'LEAD|13', run: true });
    app.services.window.launch({ reference: null, atLogin: true });
    expect(app.desktop.window).toEqual(['show']);
    app.services.window.launch({ reference: null, atLogin: false });
    expect(app.desktop.window).toEqual(['show', 'show']);
    expect(await valueOf<WindowRequest>(app.call('windowRequestTake'))).toEqual({ view: 'lookup' });
  });

  it('gives a page that has loaded its request with the event, and leaves nothing for a later load to take', async () => {
    const app = startTestApp(tempDir());
    app.services.window.launch({ reference: 'DEAL|5', atLogin: false });
    app.desktop.listening = true;
    app.services.window.launch({ reference: 'LEAD|13', atLogin: false });
    expect(app.events.filter((e) => e.event === 'windowRequest')).toEqual([
      { event: 'windowRequest', payload: { view: 'lookup', text: 'LEAD|13', run: true } },
    ]);
    // The request the loading page did not take is older than the one the page got: it is not shown after it.
    expect(await valueOf(app.call('windowRequestTake'))).toBeNull();
  });
});

describe('launch at login', () => {
  it('follows the setting, and is refreshed at each start while it is on', async () => {
    const dir = tempDir();
    const app = startTestApp(dir);
    expect(app.loginItem.calls).toEqual([]);
    await valueOf(app.call('settingsUpdate', { launchAtLogin: true }));
    expect(app.loginItem.calls).toEqual([{ enabled: true, refresh: false }]);
    // At the next start it is refreshed (an app that moved is found again); a start turned off in the system stays off.
    expect(startTestApp(dir).loginItem.calls).toEqual([{ enabled: true, refresh: true }]);
    await valueOf(app.call('settingsUpdate', { launchAtLogin: false }));
    expect(app.loginItem.calls).toEqual([
      { enabled: true, refresh: false },
      { enabled: false, refresh: false },
    ]);
    // Saved again unchanged, with another setting: the login item is not touched (it may be one the person set up).
    await valueOf(app.call('settingsUpdate', { launchAtLogin: false, theme: 'dark' }));
    expect(app.loginItem.calls).toHaveLength(2);
  });

  it('tells the person when the system refuses it', async () => {
    const app = startTestApp(tempDir(), { loginItemFails: 'permission denied' });
    await valueOf(app.call('settingsUpdate', { launchAtLogin: true }));
    const message = { code: 'login_item_on_failed', params: { reason: 'permission denied' } };
    expect(await valueOf(app.call('noticesTake'))).toMatchObject([{ level: 'error', message }]);
    expect(say(message, 'en')).toBe("Launch at login could not be turned on (permission denied). Try again, or change it in your system's startup settings.");
    // Chosen from the tray menu, there is no window to read the notice: a notification says it at once.
    expect(app.desktop.notifications).toMatchObject([{ title: 'B24 Chat Lookup', body: say(message, 'en') }]);
  });

  it('gives a page that listens the notice with the event, once', async () => {
    const app = startTestApp(tempDir(), { loginItemFails: 'permission denied' });
    app.desktop.listening = true;
    await valueOf(app.call('settingsUpdate', { launchAtLogin: true }));
    const message = { code: 'login_item_on_failed', params: { reason: 'permission denied' } };
    expect(app.events.filter((e) => e.event === 'noticesAdded')).toMatchObject([{ payload: [{ level: 'error', message }] }]);
    expect(await valueOf(app.call('noticesTake'))).toEqual([]);
  });
});

describe("an entity's page and a chat's title", () => {
  it('opens the page of an entity on a connected portal only, built by the main process', async () => {
    const { portal, app } = await connected();
    const open = (entityType: string, entityId: string, where = portal.origin) => app.call('entityOpen', { portal: where, entityType, entityId });
    expect(await valueOf(open('CRM', 'LEAD|13'))).toEqual({ link: `${portal.origin}/crm/lead/details/13/` });
    expect(await valueOf(open('CRM', 'DYNAMIC_128|3'))).toEqual({ link: `${portal.origin}/crm/type/128/details/3/` });
    expect(await valueOf(open('CRM', 'SMART_INVOICE|9'))).toEqual({ link: `${portal.origin}/crm/type/31/details/9/` });
    expect(await valueOf(open('CRM', 'QUOTE|2'))).toEqual({ link: `${portal.origin}/crm/type/7/details/2/` });
    expect(await open('TASKS_TASK', '8293')).toMatchObject({ ok: false, error: { code: 'no_page' } });
    expect(await open('CRM', 'DEAL|5/../../admin')).toMatchObject({ ok: false, error: { code: 'no_page' } });
    expect(await open('CRM', 'DEAL|5', 'https://phishing.example')).toMatchObject({
      ok: false,
      error: { code: 'entity_portal_unknown' },
    });
    expect(app.desktop.opened).toEqual([
      `${portal.origin}/crm/lead/details/13/`,
      `${portal.origin}/crm/type/128/details/3/`,
      `${portal.origin}/crm/type/31/details/9/`,
      `${portal.origin}/crm/type/7/details/2/`,
    ]);
    await valueOf(app.call('windowHide'));
    expect(await open('CRM', 'DEAL|5')).toMatchObject({ ok: false, error: { code: 'window_hidden' } });
    expect(app.desktop.opened).toHaveLength(4);
  });

  it("answers each found chat with its title, in the lookup's one request, where the webhook's user may see it", async () => {
    const { portal, app } = await connected();
    const before = portal.requestCount;
    const one = await valueOf<LookupView>(app.call('lookup', { text: 'LEAD|13' }));
    expect(one.results).toMatchObject([{ status: 'found', chatId: 1437, title: 'Lead #13: Website enquiry' }]);
    expect(portal.requestCount - before).toBe(1);
    const many = await valueOf<LookupView>(app.call('lookup', { text: `D_5\nCONTACT|25\nDEAL|99999\nchat1501` }));
    expect(many.results).toMatchObject([
      { status: 'found', chatId: 1501, title: 'Deal #5: Office chairs' },
      { status: 'found', chatId: 1502 },
      { status: 'not_found' },
      { status: 'found', chatId: 1501, title: 'Deal #5: Office chairs' },
    ]);
    // Contact #25's chat does not have the webhook's user in it: no title, and the chat is still found.
    expect(many.results[1]).not.toHaveProperty('title');
    expect(portal.requestCount - before).toBe(2);
  });
});

describe("what crosses to the window is in the person's language", () => {
  it(
    'sends refusals and hotkey states as messages whatever the language, ' + 'and says lookup problems and no-chat reasons in Russian once Russian is chosen',
    async () => {
      const app = startTestApp(tempDir(), { takenByOthers: ['CommandOrControl+Alt+V'] });
      expect(await app.call('lookup', { text: 'D_5' })).toEqual({ ok: false, error: { code: 'no_profile' } });
      await valueOf(app.call('settingsUpdate', { language: 'ru' }));
      // The same message: the window says it in Russian (locales/ru).
      expect(await app.call('lookup', { text: 'D_5' })).toEqual({ ok: false, error: { code: 'no_profile' } });
      const settings = await valueOf<SettingsView>(app.call('settingsGet'));
      expect(settings.hotkeys.lookupClipboard.message).toEqual({ code: 'hotkey_taken', params: { hotkey: 'CommandOrControl+Alt+V' } });
      // The settingsChanged event carries the same view.
      expect(app.events.filter((e) => e.event === 'settingsChanged').at(-1)?.payload).toMatchObject({
        hotkeys: { lookupClipboard: { status: 'unavailable' } },
      });

      const portal = await portalFor({ scopes: ['crm', 'im'] });
      await valueOf(app.call('profilesAddWebhook', { webhookUrl: portal.webhookUrl }));
      const view = await valueOf<LookupView>(app.call('lookup', { text: 'LEAD|77\nhello' }));
      expect(view.results[0]).toMatchObject({ status: 'not_found', reasons: [OPENED_FROM_CARD, LEAD_CONVERTED, ENTITY_DELETED] });
      expect(view.results[0]?.status === 'not_found' ? view.results[0].reasons.map((reason) => say(reason, 'ru')) : null).toEqual([
        expect.stringMatching(/^Чат появляется/),
        expect.stringMatching(/конвертации лида/),
        expect.stringMatching(/удалили/),
      ]);
      expect(view.results[1]).toEqual({ status: 'invalid', input: 'hello', error: { code: 'unrecognised', params: { text: 'hello' } } });
      expect(view.results[1]?.status === 'invalid' ? say(view.results[1].error, 'ru') : null).toBe(
        '«hello» не похоже на ссылку CRM. Подходят LEAD|13, D_5, сделка 5, адрес карточки или ссылка на чат.',
      );
      portal.set({ scopes: ['crm'] });
      const failed = await valueOf<LookupView>(app.call('lookup', { text: 'D_5' }));
      expect(failed.results[0]).toMatchObject({
        status: 'error',
        error: { code: 'scope_missing', params: { portal: new URL(portal.origin).host, method: 'im.chat.get', scopes: ['im'] } },
      });
      expect(failed.results[0]?.status === 'error' ? say(failed.results[0].error, 'ru') : null).toBe(
        `У вебхука для ${new URL(portal.origin).host} нет права im, нужного методу im.chat.get. В Битрикс24 откройте входящий вебхук, отметьте im и сохраните.`,
      );
      // The clipboard hotkey says it in Russian too, in the notification and in the window it opens.
      app.clipboard.text = '   ';
      void app.services.quickLookup.lookUpClipboard();
      await vi.waitFor(() =>
        expect(app.desktop.notifications.at(-1)?.body).toBe('В буфере обмена нет текста. Скопируйте ссылку CRM, например LEAD|13 или адрес сделки.'),
      );
      // The history keeps the code (data), whatever the language; the window says it in the language of the day.
      const history = await valueOf<HistoryPage>(app.call('historyList', { query: 'hello' }));
      expect(history.entries[0]?.code).toBe('unrecognised');
      expect(history.entries[0]).not.toHaveProperty('message');
    },
  );
});

describe("notices in the person's language", () => {
  it("says in Russian that a damaged file was kept aside, with its copy's path", async () => {
    const dir = tempDir();
    writeRaw(dir, 'history', '{ this is not json');
    const app = startTestApp(dir, { osLocales: ['ru-RU'] });
    const notices = await valueOf<Notice[]>(app.call('noticesTake'));
    expect(notices).toHaveLength(1);
    expect(notices[0]?.message).toMatchObject({
      code: 'file_unreadable_kept',
      params: { file: expect.stringMatching(/history\.json$/), copy: expect.stringMatching(/history\.unreadable-/) },
    });
    expect(say(notices[0]?.message ?? { code: 'internal' }, 'ru')).toMatch(
      /^Файл .*history\.json не удалось прочитать .*Его копия сохранена в .*history\.unreadable-.*\. Приложение начало с пустыми данными\.$/,
    );
  });
});
