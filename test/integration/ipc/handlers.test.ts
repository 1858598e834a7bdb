import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it, vi } from 'vitest';
import { INVOKES, type InvokeName, type LookupView, type ProfileView, type SettingsView, type WindowRequest } from '../../../electron/core/ipc/contract.ts';
import type { SenderInfo } from '../../../electron/core/desktop/trusted-sender.ts';
import type { HistoryPage } from '../../../electron/core/state/history.ts';
import { settingsPatchSchema } from '../../../electron/core/state/settings.ts';
import { portalFor } from '../bitrix/support.ts';
import { callbackOf, isAuthorizeLink, visitSignIn } from '../../support/sign-in-browser.ts';
import { APP_PAGE, startTestApp, tempDir, valueOf } from '../../support/state.ts';

// The handler table as the main process runs it: every message goes through the dispatcher (sender check,
// payload validation, handler, result), over real files, the real electron-store and a fake portal on loopback.

const isPlain = (value: unknown): boolean =>
  value === null || typeof value !== 'object' || [Object.prototype, null].includes(Object.getPrototypeOf(value));

const fileContents = (dir: string): Record<string, string> =>
  Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));

/** One valid payload per call; ids are filled in by the session. */
function validPayloads(ids: { profile: string; entry: string; portal: string }): Record<InvokeName, unknown> {
  return {
    appInfo: undefined,
    releasesOpen: undefined,
    settingsGet: undefined,
    settingsUpdate: { theme: 'dark', historyLimit: 500 },
    profilesList: undefined,
    profilesAddWebhook: { webhookUrl: 'filled in by the test' },
    profilesSignIn: { portal: ids.portal, clientId: 'local.fake0000000001.00000001', clientSecret: 'a-client-secret', name: 'Sales' },
    profilesReconnect: { id: ids.profile },
    profilesSignInPaste: { text: 'http://127.0.0.1/b24-chat-lookup/oauth?code=abc&state=xyz' },
    profilesSignInCancel: undefined,
    profilesRename: { id: ids.profile, name: 'Sales' },
    profilesRemove: { id: ids.profile },
    profilesActivate: { id: ids.profile },
    profilesCheck: { id: ids.profile },
    referencesRead: { text: 'D_5' },
    lookup: { text: 'LEAD|13' },
    chatTitle: { portal: ids.portal, chatId: 1437 },
    entityOpen: { portal: ids.portal, entityType: 'CRM', entityId: 'DEAL|5' },
    chatOpen: { portal: ids.portal, chatId: 1437, opener: 'browser' },
    chatCopyId: { chatId: 1437 },
    historyList: { query: 'lead', offset: 0, limit: 10 },
    historyRerun: { id: ids.entry },
    historyDelete: { id: ids.entry },
    historyClear: undefined,
    historyExport: { format: 'csv' },
    noticesTake: undefined,
    windowRequestTake: undefined,
    windowHide: undefined,
  };
}

describe('the handler table, called as the main process calls it', () => {
  it('answers a whole session of valid calls, and what crosses to the window never holds a secret', async () => {
    const portal = await portalFor({ user: { NAME: 'Irina', LAST_NAME: 'Volkova' } });
    const app = startTestApp(tempDir());
    const crossed: unknown[] = [];
    const called = new Set<InvokeName>();
    const call = async <T>(name: InvokeName, payload?: unknown): Promise<T> => {
      called.add(name);
      const result = await app.call(name, payload);
      crossed.push(result);
      if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
      return result.value as T;
    };

    expect(await call('appInfo')).toEqual({ name: 'B24 Chat Lookup', version: '0.1.0-test', platform: 'linux', oauthHandler: 'http://127.0.0.1/b24-chat-lookup/oauth' });
    // Before any portal: a lookup says how to connect one.
    const before = await app.call('lookup', { text: 'LEAD|13' });
    crossed.push(before);
    expect(before).toMatchObject({ ok: false, error: { code: 'no_profile', message: expect.stringMatching(/^Connect a portal first/) } });

    // The add-profile call answers the redacted view only.
    const added = await call<ProfileView>('profilesAddWebhook', { webhookUrl: ` ${portal.webhookUrl} `, name: 'Acme' });
    expect(Object.keys(added).sort()).toEqual(['active', 'checkedAt', 'host', 'id', 'kind', 'name', 'portal', 'status', 'statusMessage', 'userId', 'userName']);
    expect(added).toMatchObject({ name: 'Acme', portal: portal.origin, kind: 'webhook', userName: 'Irina Volkova', status: 'connected', active: true });

    const lookup = await call<LookupView>('lookup', { text: 'LEAD|13\nD_5\nDEAL|99999\nhello' });
    expect(lookup.profile).toEqual({ id: added.id, name: 'Acme', host: new URL(portal.origin).host, portal: portal.origin });
    expect(lookup.results.map((r) => [r.status, 'chatId' in r ? r.chatId : null])).toEqual([
      ['found', 1437],
      ['found', 1501],
      ['not_found', null],
      ['invalid', null],
    ]);

    // The clipboard is read in the main process, on the "open" hotkey: the window gets the references in it for the
    // lookup box, and nothing else that was copied (here a webhook).
    app.clipboard.text = `${portal.webhookUrl}\nCONTACT|25`;
    app.pressHotkey('CommandOrControl+Alt+B');
    await vi.waitFor(() => expect(app.desktop.window).toEqual(['show']));
    expect(app.events.at(-1)).toEqual({ event: 'windowRequest', payload: undefined });
    const request = await call<WindowRequest>('windowRequestTake');
    expect(request).toEqual({ view: 'lookup', text: 'CONTACT|25' });
    expect(await call('windowRequestTake')).toBeNull();
    const fromClipboard = await call<LookupView>('lookup', { text: `${request.text}\n${portal.webhookUrl}` });
    expect(fromClipboard.results).toMatchObject([
      { status: 'found', chatId: 1502 },
      { status: 'invalid', input: expect.stringContaining('/rest/1/•••/'), error: { code: 'webhook_address' } },
    ]);
    expect(JSON.stringify(fromClipboard)).not.toContain(portal.secret);

    // The window's "Open" and "Copy chat ID": the main process builds the link and writes the clipboard.
    expect(await call('chatOpen', { portal: portal.origin, chatId: 1437 })).toEqual({ link: `${portal.origin}/online/?IM_DIALOG=chat1437` });
    expect(app.desktop.opened).toEqual([`${portal.origin}/online/?IM_DIALOG=chat1437`]);
    // Settings' About: the releases page, the one link the window asks for without naming anything.
    expect(await call('releasesOpen')).toEqual({ link: 'https://github.com/b24-chat-lookup/b24-chat-lookup/releases' });
    expect(app.desktop.opened.at(-1)).toBe('https://github.com/b24-chat-lookup/b24-chat-lookup/releases');
    expect(await call('chatCopyId', { chatId: 1437 })).toEqual({ copied: '1437' });
    expect(app.clipboard.text).toBe('1437');
    // The result's title, and the page of an entity without a chat.
    expect(await call('chatTitle', { portal: portal.origin, chatId: 1437 })).toEqual({ title: 'Lead #13: Website enquiry' });
    expect(await call('entityOpen', { portal: portal.origin, entityType: 'CRM', entityId: 'DEAL|99999' })).toEqual({ link: `${portal.origin}/crm/deal/details/99999/` });
    // As the person types: what the box would look up, with nothing asked and nothing kept.
    const historyBefore = (await call<HistoryPage>('historyList', {})).total;
    expect(await call('referencesRead', { text: 'D_5, SMART_INVOICE|9' })).toMatchObject([
      { ok: true, kind: 'entity', entityType: 'CRM', entityId: 'DEAL|5', label: 'deal 5' },
      { ok: true, kind: 'entity', entityType: 'CRM', entityId: 'SMART_INVOICE|9' },
    ]);
    expect(await call('referencesRead', { text: '  ' })).toEqual([]);
    expect((await call<HistoryPage>('historyList', {})).total).toBe(historyBefore);
    await call('windowHide');
    expect(app.desktop.window).toEqual(['show', 'hide']);

    await call('settingsUpdate', { defaultType: 'deal', theme: 'dark' });
    expect(await call<SettingsView>('settingsGet')).toEqual({
      values: expect.objectContaining({ defaultType: 'DEAL', theme: 'dark' }),
      secretStorage: { protection: 'os_keychain', warning: null },
      hotkeys: {
        openWindow: { accelerator: 'CommandOrControl+Alt+B', status: 'active', message: null },
        lookupClipboard: { accelerator: 'CommandOrControl+Alt+V', status: 'active', message: null },
        limitation: null,
      },
    });

    const page = await call<HistoryPage>('historyList', { query: 'lead' });
    expect(page.entries.map((e) => e.input)).toEqual(['LEAD|13']);
    const leadEntry = page.entries[0];
    // Re-running asks for LEAD|13 again, though bare ids now mean deals.
    const rerun = await call<LookupView>('historyRerun', { id: leadEntry?.id });
    expect(rerun.results).toMatchObject([{ status: 'found', chatId: 1437, entityId: 'LEAD|13' }]);

    const exported = await call<{ path: string; entries: number }>('historyExport', { format: 'json' });
    expect(exported.entries).toBe((await call<HistoryPage>('historyList', {})).total);
    await call('historyExport', { format: 'csv' });
    expect(app.exported.size).toBe(2);

    // Connecting through a local application (OAuth): the browser comes back to the app's listener with the code, or
    // the person pastes where it ended; a sign-in can be given up.
    app.desktop.browser = (url) => visitSignIn(url);
    // The window hidden above is open again (the tray icon clicked): a sign-in opens the browser only from it.
    app.desktop.shown = true;
    const oauth = { portal: portal.origin, clientId: portal.oauth.clientId, clientSecret: portal.oauth.clientSecret };
    const signedIn = await call<ProfileView>('profilesSignIn', oauth);
    expect(signedIn).toMatchObject({ kind: 'oauth', userName: 'Irina Volkova', status: 'connected', active: false });
    expect(await call<ProfileView>('profilesReconnect', { id: signedIn.id })).toMatchObject({ id: signedIn.id, status: 'connected' });
    app.desktop.browser = null;
    const pasted = call<ProfileView>('profilesSignIn', oauth);
    await vi.waitFor(() => expect(app.desktop.opened.filter(isAuthorizeLink)).toHaveLength(3));
    expect(await call('profilesSignInPaste', { text: (await callbackOf(app.desktop.opened.at(-1) ?? '')) ?? '' })).toBeNull();
    expect(await pasted).toMatchObject({ id: signedIn.id });
    const cancelled = app.call('profilesSignIn', oauth);
    await vi.waitFor(() => expect(app.desktop.opened.filter(isAuthorizeLink)).toHaveLength(4));
    expect(await call('profilesSignInCancel')).toBeNull();
    const refused = await cancelled;
    crossed.push(refused);
    expect(refused).toMatchObject({ ok: false, error: { code: 'sign_in_cancelled' } });
    await Promise.all(app.desktop.visits);
    await call('profilesRemove', { id: signedIn.id });

    await call('profilesRename', { id: added.id, name: 'Acme HQ' });
    await call('profilesCheck', { id: added.id });
    await call('profilesActivate', { id: added.id });
    await call('historyDelete', { id: leadEntry?.id });
    await call('noticesTake');
    await call('historyClear');
    await call('profilesList');
    await call('profilesRemove', { id: added.id });

    expect([...called].sort()).toEqual(Object.keys(INVOKES).sort());
    // Everything that crossed: answers, events, exported files, log lines; and nothing secret is in the files
    // the app wrote, except the sealed credentials in profiles.json (and by now those are gone too).
    const everything = JSON.stringify({ crossed, events: app.events, exported: [...app.exported.values()], log: app.log });
    expect(everything).not.toContain(portal.secret);
    expect(everything).not.toContain(portal.webhookUrl);
    for (const secret of [portal.oauth.clientSecret, portal.oauth.accessToken, portal.oauth.refreshToken]) expect(everything).not.toContain(secret);
    expect(app.events.map((e) => e.event)).toEqual(expect.arrayContaining(['settingsChanged', 'profilesChanged', 'historyChanged']));
    for (const [name, content] of Object.entries(fileContents(app.dir))) expect([name, content.includes(portal.secret)]).toEqual([name, false]);
  });

  it('nothing sealed leaves the main process: the sealed credentials never cross either', async () => {
    const portal = await portalFor();
    const app = startTestApp(tempDir());
    const added = await valueOf<ProfileView>(app.call('profilesAddWebhook', { webhookUrl: portal.webhookUrl }));
    const sealed = JSON.parse(readFileSync(join(app.dir, 'profiles.json'), 'utf8')).profiles[0].sealed as string;
    expect(sealed.length).toBeGreaterThan(20);
    const answers = await Promise.all(
      (['profilesList', 'settingsGet', 'noticesTake'] as const).map((name) => app.call(name)),
    );
    answers.push(await app.call('profilesCheck', { id: added.id }));
    expect(JSON.stringify({ answers, added, events: app.events })).not.toContain(sealed.slice(0, 16));
  });

  it('refuses 10,000 generated invalid payloads: no crash, each with a clear code, no handler run, no file touched', async () => {
    const portal = await portalFor();
    const app = startTestApp(tempDir());
    const profile = await valueOf<ProfileView>(app.call('profilesAddWebhook', { webhookUrl: portal.webhookUrl }));
    await valueOf(app.call('lookup', { text: 'LEAD|13' }));
    const entry = (await valueOf<HistoryPage>(app.call('historyList', {}))).entries[0];
    const valid = validPayloads({ profile: profile.id, entry: entry?.id ?? '', portal: portal.origin });
    const before = fileContents(app.dir);
    const requestsBefore = portal.requestCount;
    const eventsBefore = app.events.length;
    const logBefore = app.log.length;

    const names = Object.keys(INVOKES) as InvokeName[];
    const anything = fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true, withSparseArray: true, withUnicodeString: true, maxDepth: 3 });
    const mutation = fc.record({ name: fc.constantFrom(...names), key: fc.string({ maxLength: 12 }), value: anything, how: fc.constantFrom('replace', 'extra', 'drop', 'wrap') });
    const payloads: { name: InvokeName; payload: unknown }[] = [];
    let seed = 2026;
    while (payloads.length < 10_000) {
      const batch = fc.sample(fc.oneof(fc.record({ name: fc.constantFrom(...names), payload: anything }), mutation), { numRuns: 2_000, seed: seed++ });
      for (const item of batch) {
        let name: InvokeName;
        let payload: unknown;
        if ('payload' in item) ({ name, payload } = item);
        else {
          name = item.name;
          const base = valid[name];
          const fields = base !== null && typeof base === 'object' ? Object.keys(base) : [];
          const field = fields[item.key.length % Math.max(fields.length, 1)] ?? 'text';
          payload =
            item.how === 'wrap' ? [base]
            : item.how === 'drop' && fields.length > 0 ? Object.fromEntries(Object.entries(base as object).filter(([key]) => key !== field))
            : item.how === 'extra' ? { ...(base as object), [`x${item.key}`]: item.value }
            : { ...(base as object), [field]: item.value };
        }
        // Only invalid payloads count (a generated one can happen to be valid): for settings, what the settings
        // store's schema refuses; for the rest, what the contract's schema refuses.
        const schema = name === 'settingsUpdate' ? settingsPatchSchema : INVOKES[name].request;
        if (!isPlain(payload) || !v.safeParse(schema, payload).success) payloads.push({ name, payload });
      }
    }

    const codes = new Map<string, number>();
    for (const { name, payload } of payloads.slice(0, 10_000)) {
      const result = await app.dispatch(name, app.window, payload);
      if (result.ok) throw new Error(`${name} accepted an invalid payload`);
      expect(['invalid_request', 'invalid_setting']).toContain(result.error.code);
      expect(result.error.message.length).toBeGreaterThan(10);
      expect(result.error.message.length).toBeLessThan(400);
      codes.set(result.error.code, (codes.get(result.error.code) ?? 0) + 1);
    }
    expect(codes.get('invalid_request')).toBeGreaterThan(5_000);
    expect(codes.get('invalid_setting')).toBeGreaterThan(50);
    expect(fileContents(app.dir)).toEqual(before);
    expect(portal.requestCount).toBe(requestsBefore);
    expect(app.events.length).toBe(eventsBefore);
    // Each refusal by the IPC layer is logged by channel and code only (a setting the store refuses is an answer).
    const refusals = app.log.slice(logBefore);
    expect(refusals).toHaveLength(codes.get('invalid_request') ?? 0);
    for (const line of refusals) expect(line).toMatch(/^Refused [a-z:-]+: invalid_request\.$/);
  }, 60_000);

  it.each([
    ['settingsUpdate', []],
    ['historyList', new Map([['query', 'lead']])],
    ['lookup', new Date()],
    ['historyList', new Uint8Array(4)],
    ['settingsGet', [undefined]],
  ] as const)('refuses %s with %o: arrays, Maps, Dates and typed arrays are not the plain objects calls take', async (name, payload) => {
    const app = startTestApp(tempDir());
    const result = await app.call(name, payload);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(app.events).toEqual([]);
    expect(readdirSync(app.dir)).toEqual([]);
  });

  it.each([
    ['another window', { webContentsId: 99, frameUrl: APP_PAGE, isMainFrame: true }],
    ['an iframe inside the app window', { webContentsId: 7, frameUrl: APP_PAGE, isMainFrame: false }],
    ['a page the window was navigated to', { webContentsId: 7, frameUrl: 'https://evil.example/index.html', isMainFrame: true }],
    ['another file on disk', { webContentsId: 7, frameUrl: 'file:///tmp/index.html', isMainFrame: true }],
    ['a frame that is gone', { webContentsId: 7, frameUrl: undefined, isMainFrame: true }],
  ])('refuses every call from %s, logs it without the payload, and changes nothing', async (_name, sender: SenderInfo) => {
    const portal = await portalFor();
    const app = startTestApp(tempDir());
    const before = fileContents(app.dir);
    for (const name of Object.keys(INVOKES) as InvokeName[]) {
      const payload = name === 'profilesAddWebhook' ? { webhookUrl: portal.webhookUrl } : name === 'lookup' ? { text: 'LEAD|13' } : undefined;
      expect(await app.dispatch(name, sender, payload)).toEqual({ ok: false, error: { code: 'forbidden', message: 'Only the B24 Chat Lookup window may ask this.' } });
    }
    expect(portal.requestCount).toBe(0);
    expect(fileContents(app.dir)).toEqual(before);
    expect(app.log).toHaveLength(Object.keys(INVOKES).length);
    expect(app.log).toContain("Refused profiles:add-webhook: the sender is not the app's own window and page.");
    expect(app.log.join('\n')).not.toContain(portal.secret);
  });

  it('a settings change the settings store refuses comes back as invalid_setting with its sentence', async () => {
    const app = startTestApp(tempDir());
    expect(await app.call('settingsUpdate', { fontSize: 14 })).toEqual({
      ok: false,
      error: { code: 'invalid_setting', message: 'There is no setting named "fontSize"; settings are hotkeys, defaultType, launchAtLogin, theme, language, historyLimit, openChatIn.' },
    });
    expect(await app.call('settingsUpdate', { theme: 'purple' })).toEqual({ ok: false, error: { code: 'invalid_setting', message: 'Theme: The theme is one of system, light, dark.' } });
  });

  it('an unexpected failure inside a handler reaches the window as a generic message, its details only in the log', async () => {
    const app = startTestApp(tempDir());
    app.services.history.list = () => {
      throw new Error(`disk on fire at https://acme.bitrix24.ru/rest/1/q1w2e3r4t5y6u7i8/`);
    };
    expect(await app.call('historyList', {})).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Something went wrong inside B24 Chat Lookup; the details are in its log.' },
    });
    expect(app.log).toEqual(['history:list failed: Error: disk on fire at https://acme.bitrix24.ru/rest/1/•••/']);
  });
});
