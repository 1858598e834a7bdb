/** handlers.test.ts is over 300 lines because it drives every channel of the contract, valid and hostile, through the one dispatcher. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it, vi } from 'vitest';
import type { FetchLike } from '../../../electron/core/bitrix/transport.ts';
import {
  INVOKES,
  type InvokeName,
  type IpcResult,
  type LookupView,
  type ProfileView,
  type SettingsView,
  type WindowRequest,
} from '../../../electron/core/ipc/contract.ts';
import type { SenderInfo } from '../../../electron/core/ipc/trusted-sender.ts';
import type { HistoryPage } from '../../../electron/core/state/history.ts';
import { type Catalog, placeholdersOf } from '../../../electron/common/i18n/format.ts';
import { CATALOGS, say } from '../../../electron/common/i18n/catalogs.ts';
import { SETTING_REFUSALS } from '../../../electron/core/state/settings.ts';
import { portalFor } from '../bitrix/support.ts';
import { callbackOf, isAuthorizeLink, visitSignIn } from '../../support/sign-in-browser.ts';
import { APP_PAGE, startTestApp, tempDir, valueOf } from '../../support/state.ts';

/** The REST client's codes, whose sentences come with the portal domain's messages (until then they have none here). */
const AWAITING_PORTAL_SENTENCES = new Set([
  'auth_invalid',
  'scope_missing',
  'access_denied',
  'user_restricted',
  'payment_required',
  'rate_limited',
  'operation_limited',
  'portal_blocked',
  'rest_blocked',
  'method_unavailable',
  'server_error',
  'bad_response',
  'network',
  'timeout',
  'too_many_redirects',
  'portal_error',
  'cancelled',
]);

// The handler table as the main process runs it: every message goes through the dispatcher (sender check,
// payload validation, handler, result), over real files, the real electron-store and a fake portal on loopback.

const isPlain = (value: unknown): boolean => value === null || typeof value !== 'object' || [Object.prototype, null].includes(Object.getPrototypeOf(value));

const fileContents = (dir: string): Record<string, string> => Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));

/** One valid payload per call; ids are filled in by the session. */
function validPayloads(ids: { profile: string; entry: string; portal: string }): Record<InvokeName, unknown> {
  return {
    appInfo: undefined,
    releasesOpen: undefined,
    updateState: undefined,
    updateCheck: undefined,
    updateDownload: undefined,
    updateInstall: undefined,
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
    profilesSetPlan: { id: ids.profile, ratePlan: 'enterprise' },
    profilesActivate: { id: ids.profile },
    profilesCheck: { id: ids.profile },
    lookup: { text: 'LEAD|13' },
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

/** Payloads per channel. */
const PER_CHANNEL = 10_000;
/** In every hostile text, so that a log line repeating one can be found. */
const MARK = 'ZQJX';
/** Every setting at a valid value: a valid-shaped settings change names some of them. */
const FULL_SETTINGS = {
  hotkeys: { openWindow: 'CommandOrControl+Alt+K', lookupClipboard: null },
  defaultType: 'DEAL',
  launchAtLogin: false,
  theme: 'dark',
  language: 'en',
  historyLimit: 20,
  openChatIn: 'browser',
};

/** A payload, briefly, for a failure message (never the whole of a 100,000-character string). */
const brief = (payload: unknown): string => {
  try {
    return (JSON.stringify(payload) ?? String(payload)).slice(0, 300);
  } catch {
    return Object.prototype.toString.call(payload);
  }
};

/** The data folder's files as a string that changes when any file is written, replaced, added or removed. */
function filesSignature(dir: string): string {
  return readdirSync(dir)
    .sort()
    .map((file) => {
      const stat = statSync(join(dir, file), { bigint: true });
      return `${file}:${stat.ino}:${stat.size}:${stat.mtimeNs}`;
    })
    .join('|');
}

/** An object with an own property of a name that sets a prototype when assigned (as structured clone delivers one). */
const withOwn = (key: string, value: unknown, base: object = {}): Record<string, unknown> =>
  Object.defineProperty({ ...base }, key, { value, enumerable: true, configurable: true, writable: true }) as Record<string, unknown>;

function nested(depth: number): unknown {
  let value: unknown = { polluted: 'yes' };
  for (let i = 0; i < depth; i += 1) value = i % 2 === 0 ? { a: value } : [value];
  return value;
}

const HUGE_LENGTHS = [60, 61, 64, 65, 80, 81, 100, 101, 200, 201, 300, 301, 500, 501, 2_000, 2_001, 4_000, 4_001, 100_000, 100_001, 1_000_000];
const HUGE_STRINGS = HUGE_LENGTHS.map((length) => `${MARK}${'x'.repeat(length - MARK.length)}`);

/** Addresses put together from hostile parts: webhooks and portals here and elsewhere, most of them almost right. */
const hostileAddress: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('https://', 'http://', '', 'HTTPS://', 'https:\\\\', 'ftp://', 'bx://v2/'),
    fc.constantFrom('acme.bitrix24.ru', 'zqjx.example', '127.0.0.1:1', 'localhost:1', '[::1]:1', 'user:pass@acme.bitrix24.ru', 'xn--80a.xn--p1ai', ''),
    fc.constantFrom('', '/b24', '/..', '/%2e%2e'),
    fc.constantFrom('/rest/', '/REST/', '/rest//', '/'),
    fc.constantFrom('1', '1', '7', '0', '-1', '99999999999999999999'),
    fc.constantFrom(
      `/${MARK}q1w2e3r4t5y6u7`,
      `/${MARK}q1w2/`,
      `/${MARK}q1w2/profile.json`,
      `/${MARK}q1w2/im.chat.get?auth=${MARK}`,
      `/${MARK}`,
      `/${MARK}!@#`,
      `/${MARK}q1w2/x/y`,
      `/${MARK}q1w2#${MARK}`,
    ),
  )
  .map((parts) => parts.join(''));

/** Text a hostile or broken window could send: each holds MARK. */
const hostileText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: hostileAddress, weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }).map((text) => `${MARK}${text}`), weight: 3 },
  {
    arbitrary: fc
      .string({ unit: fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code)), maxLength: 12 })
      .map((text) => `${text}${MARK}${text}`),
    weight: 2,
  },
  { arbitrary: fc.constantFrom(...HUGE_STRINGS), weight: 1 },
  {
    arbitrary: fc
      .array(
        fc.constantFrom(
          'LEAD|13',
          'D_5',
          'https://',
          'http://127.0.0.1:1/',
          'bx://v2/',
          '/rest/1/',
          'q1w2e3r4t5y6u7i8',
          '/crm/deal/details/5/',
          '?IM_DIALOG=chat',
          '__proto__',
          'constructor',
          'prototype',
          '../../',
          'file:///etc/passwd',
          'javascript:alert(1)',
          '<script>',
          '${x}',
          '{{x}}',
          "' OR 1=1 --",
          '\u202e',
          '\ud800',
          '\u0000',
          '%00',
          '%7C',
          '\r\n',
          '\u2028',
          'NaN',
          'Infinity',
          '-0',
          '1e309',
          'chat',
          'local.',
          '.',
          '-',
          ' ',
        ),
        { maxLength: 8 },
      )
      .map((parts) => `${parts.join('')}${MARK}`),
    weight: 3,
  },
);
const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 0, -1, 0.5, 2 ** 53, 2 ** 53 + 2, Number.MAX_VALUE, Number.MIN_VALUE, 1437, 500, 501, 100_000, 100_001),
  fc.double(),
  fc.integer(),
);
const hostileObject: fc.Arbitrary<unknown> = fc.constantFrom(
  JSON.parse('{"__proto__":{"polluted":"yes"}}') as unknown,
  JSON.parse('{"constructor":{"prototype":{"polluted":"yes"}}}') as unknown,
  withOwn('__proto__', { polluted: 'yes' }),
  Object.create(null) as unknown,
  nested(10_000),
  { toString: 'x', valueOf: 'y', length: 1e9 },
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileText,
  hostileNumber,
  hostileObject,
  fc.constantFrom(null, undefined, true, false, '', [], {}),
  fc.anything({ maxDepth: 2, withNullPrototype: true }),
);
const DANGEROUS_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__'];

/**
 * A valid payload's shape with hostile values: each field kept, swapped for a hostile value of its type, or for
 * anything; now and then a dangerous key added. `optional`: fields may be left out too (a settings change names some).
 */
function hostileShaped(base: unknown, optional = false): fc.Arbitrary<unknown> {
  if (base === null || typeof base !== 'object') {
    const same = typeof base === 'string' ? hostileText : typeof base === 'number' ? hostileNumber : hostileValue;
    return fc.oneof({ arbitrary: fc.constant(base), weight: 1 }, { arbitrary: same, weight: 4 }, { arbitrary: hostileValue, weight: 2 });
  }
  const entries = Object.entries(base);
  const field = (value: unknown) =>
    fc.oneof(
      { arbitrary: fc.constant({ keep: true }), weight: 1 },
      // A settings change names a few settings, with a hostile value in about one of them.
      { arbitrary: fc.constant({ drop: true }), weight: optional ? 3 : 0 },
      { arbitrary: hostileShaped(value).map((hostile) => ({ hostile })), weight: optional ? 1 : 3 },
    );
  return fc
    .record({
      fields: fc.tuple(...entries.map(([, value]) => field(value))),
      extra: fc.oneof({ arbitrary: fc.constant(null), weight: 4 }, { arbitrary: fc.tuple(fc.constantFrom(...DANGEROUS_KEYS), hostileValue), weight: 1 }),
    })
    .map(({ fields, extra }) => {
      let payload: Record<string, unknown> = {};
      entries.forEach(([key, value], i) => {
        const choice: { keep?: boolean; drop?: boolean; hostile?: unknown } = fields[i] ?? { keep: true };
        if ('hostile' in choice) payload[key] = choice.hostile;
        else if (choice.keep) payload[key] = value;
      });
      if (extra) payload = withOwn(extra[0], extra[1], payload);
      return payload;
    });
}

/**
 * PER_CHANNEL payloads for one channel: half made to be invalid (anything at all, or the valid payload with a field
 * replaced, added, dropped or the whole wrapped; kept only when the schema refuses it), half the valid payload's shape
 * with hostile values (huge strings, control characters, prototype-pollution keys, deep nesting, NaN and Infinity,
 * wrong types), which may be valid and reach the handler.
 */
function generatedPayloads(name: InvokeName, base: unknown, count: number): { payload: unknown; invalid: boolean }[] {
  const anything = fc.anything({
    withBigInt: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withTypedArray: true,
    withNullPrototype: true,
    withSparseArray: true,
    withUnicodeString: true,
    maxDepth: 3,
  });
  const fields = base !== null && typeof base === 'object' ? Object.keys(base) : [];
  const mutation = fc.record({ key: fc.string({ maxLength: 12 }), value: anything, how: fc.constantFrom('replace', 'extra', 'drop', 'wrap') });
  const schema = INVOKES[name].request;
  const invalid: unknown[] = [];
  for (let seed = 2026; invalid.length < count / 2; seed += 1) {
    for (const item of fc.sample(
      fc.oneof(
        anything.map((payload) => ({ payload })),
        mutation,
      ),
      { numRuns: 1_000, seed },
    )) {
      let payload: unknown;
      if ('payload' in item) payload = item.payload;
      else {
        const field = fields[item.key.length % Math.max(fields.length, 1)] ?? 'text';
        payload =
          item.how === 'wrap'
            ? [base]
            : item.how === 'drop' && fields.length > 0
              ? Object.fromEntries(Object.entries(base as object).filter(([key]) => key !== field))
              : item.how === 'extra'
                ? { ...(base as object), [`x${item.key}`]: item.value }
                : { ...(base as object), [field]: item.value };
      }
      // Only invalid payloads count here (a generated one can happen to be valid): for settings, what the settings
      // store's schema refuses; for the rest, what the contract's schema refuses.
      if (!isPlain(payload) || !v.safeParse(schema, payload).success) invalid.push(payload);
    }
  }
  const shaped = fc.sample(hostileShaped(base, name === 'settingsUpdate'), { numRuns: count - count / 2, seed: 4242 });
  const all = [...invalid.slice(0, count / 2).map((payload) => ({ payload, invalid: true })), ...shaped.map((payload) => ({ payload, invalid: false }))];
  // Interleaved, so that valid calls change the state the refusals meet.
  return fc.sample(fc.shuffledSubarray(all, { minLength: all.length }), { numRuns: 1, seed: 7 })[0] ?? all;
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
      if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${say(result.error, 'en')}`);
      return result.value as T;
    };

    expect(await call('appInfo')).toEqual({
      name: 'B24 Chat Lookup',
      version: '0.1.0-test',
      platform: 'linux',
      oauthHandler: 'https://b24-chat-lookup.github.io/b24-chat-lookup/sign-in/',
      oauthLoopback: 'http://127.0.0.1:31024/b24-chat-lookup/oauth',
    });
    // Before any portal: a lookup says how to connect one.
    const before = await app.call('lookup', { text: 'LEAD|13' });
    crossed.push(before);
    expect(before).toEqual({ ok: false, error: { code: 'no_profile' } });

    // The add-profile call answers the redacted view only.
    const added = await call<ProfileView>('profilesAddWebhook', { webhookUrl: ` ${portal.webhookUrl} `, name: 'Acme' });
    expect(Object.keys(added).sort()).toEqual([
      'active',
      'checkedAt',
      'host',
      'id',
      'kind',
      'name',
      'openLines',
      'portal',
      'ratePlan',
      'signInEndsAt',
      'status',
      'statusMessage',
      'userId',
      'userName',
    ]);
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
    // A window still loading hears no event: the request waits for it to take.
    app.clipboard.text = `${portal.webhookUrl}\nCONTACT|25`;
    app.pressHotkey('CommandOrControl+Alt+B');
    await vi.waitFor(() => expect(app.desktop.window).toEqual(['show']));
    expect(app.events.map((e) => e.event)).not.toContain('windowRequest');
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
    // Its updates: this test app is a development run, which looks for no new version and downloads nothing.
    const development = { kind: 'development', supported: false, selfUpdating: false, status: 'idle', release: null };
    expect(await call('updateState')).toMatchObject(development);
    expect(await call('updateCheck')).toMatchObject(development);
    await expect(call('updateDownload')).rejects.toThrow('updateDownload: update_not_self_updating');
    await expect(call('updateInstall')).rejects.toThrow('updateInstall: update_not_downloaded');
    expect(await call('chatCopyId', { chatId: 1437 })).toEqual({ copied: '1437' });
    expect(app.clipboard.text).toBe('1437');
    // The page of an entity without a chat.
    expect(await call('entityOpen', { portal: portal.origin, entityType: 'CRM', entityId: 'DEAL|99999' })).toEqual({
      link: `${portal.origin}/crm/deal/details/99999/`,
    });
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
    expect(await call('profilesSetPlan', { id: added.id, ratePlan: 'enterprise' })).toMatchObject({ ratePlan: 'enterprise' });
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
    const answers = await Promise.all((['profilesList', 'settingsGet', 'noticesTake'] as const).map((name) => app.call(name)));
    answers.push(await app.call('profilesCheck', { id: added.id }));
    expect(JSON.stringify({ answers, added, events: app.events })).not.toContain(sealed.slice(0, 16));
  });

  it.each(Object.keys(INVOKES) as InvokeName[])(
    '%s: 10,000 generated payloads, invalid and hostile: no crash, no internal error, each refusal a code and a sentence, ' +
      'no payload in the log, no file touched by a refusal',
    async (name) => {
      const portal = await portalFor();
      const exports = tempDir();
      // Anything not on this computer is refused before it leaves (a hostile webhook address names any host).
      const elsewhere: string[] = [];
      const localOnly: FetchLike = (url, init) => {
        if (new URL(url).hostname !== '127.0.0.1') {
          elsewhere.push(url);
          return Promise.reject(
            Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }),
          );
        }
        return fetch(url, init);
      };
      const app = startTestApp(tempDir(), { saveExportsTo: exports, signInTimeoutMs: 5, fetch: localOnly });
      const profile = await valueOf<ProfileView>(app.call('profilesAddWebhook', { webhookUrl: portal.webhookUrl }));
      // A short history, so that thousands of lookups rewrite a small file.
      await valueOf(app.call('settingsUpdate', { historyLimit: 20 }));
      await valueOf(app.call('lookup', { text: 'LEAD|13' }));
      const entry = (await valueOf<HistoryPage>(app.call('historyList', {}))).entries[0];
      const valid = {
        ...validPayloads({ profile: profile.id, entry: entry?.id ?? '', portal: portal.origin }),
        profilesAddWebhook: { webhookUrl: portal.webhookUrl, name: 'Acme' },
        settingsUpdate: FULL_SETTINGS,
      };

      const payloads = generatedPayloads(name, valid[name], PER_CHANNEL);
      const rejections: unknown[] = [];
      const onRejection = (reason: unknown): void => void rejections.push(reason);
      process.on('unhandledRejection', onRejection);
      const outcomes = new Map<string, number>();
      try {
        let files = filesSignature(app.dir);
        for (const { payload, invalid } of payloads) {
          const logBefore = app.log.length;
          const eventsBefore = app.events.length;
          const requestsBefore = portal.requestCount;
          let result: IpcResult<unknown>;
          try {
            result = await app.dispatch(name, app.window, payload);
          } catch (error) {
            throw new Error(`${name} threw on ${brief(payload)}`, { cause: error });
          }
          const filesAfter = filesSignature(app.dir);
          const outcome = result.ok ? 'ok' : result.error.code;
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
          const lines = app.log.slice(logBefore);
          for (const line of lines) {
            // A request's address and a sign-in's portal are what the person connected, and are logged as such (secrets
            // masked); nothing else a call sent may show up in a line.
            const rest = line
              .replace(/^POST \S+/, 'POST <url>')
              .replace(/^Sign-in to \S+/, 'Sign-in to <host>')
              .replace(/^portal moved from \S+ to \S+$/, '');
            if (rest.toUpperCase().includes(MARK) || line.length > 400) throw new Error(`${name}: a log line repeats what was sent: ${line.slice(0, 200)}`);
          }
          if (invalid && outcome !== 'invalid_request' && !(SETTING_REFUSALS as readonly string[]).includes(outcome))
            throw new Error(`${name} did not refuse ${brief(payload)}: ${outcome}`);
          if (result.ok) {
            files = filesAfter;
            continue;
          }
          const { code } = result.error;
          // Every refusal has its sentence in the source catalog, with every parameter it asks for given.
          const message = say(result.error, 'en');
          const entry = (CATALOGS.en as Catalog)[code];
          const missing = entry
            ? placeholdersOf(entry.message)
                .map((placeholder) => placeholder.split(',')[0] ?? '')
                .filter((param) => param !== 'count' && !Object.hasOwn(result.error.params ?? {}, param))
            : [];
          if ((!entry && !AWAITING_PORTAL_SENTENCES.has(code)) || missing.length > 0)
            throw new Error(`${name}: ${code} has no whole sentence (missing ${missing.join(', ')}): ${message}`);
          if (code === 'internal' || !/^[a-z]+(?:_[a-z]+)*$/.test(code)) throw new Error(`${name}: ${code} for ${brief(payload)}: ${message}`);
          // A refusal may name the portal the window sent (a webhook's host, up to the contract's 2,000 characters).
          if (entry && (typeof message !== 'string' || message.length < 10 || message.length > 2_500 || !/^\S[\s\S]*[.)]$/.test(message))) {
            throw new Error(`${name}: ${code} is not a sentence: ${JSON.stringify(message)}`);
          }
          if (filesAfter !== files) throw new Error(`${name}: the refusal ${code} of ${brief(payload)} touched a file`);
          if (code === 'invalid_request') {
            // Refused at the door: no handler ran, and the log says which call and why, not what it carried.
            expect(lines).toEqual([`Refused ${INVOKES[name].channel}: invalid_request.`]);
            expect(app.events.length).toBe(eventsBefore);
            expect(portal.requestCount).toBe(requestsBefore);
          }
        }
      } finally {
        process.off('unhandledRejection', onRejection);
      }
      expect(payloads).toHaveLength(PER_CHANNEL);
      expect(rejections).toEqual([]);
      // No payload taught the app's objects anything.
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.keys(Object.prototype)).toEqual([]);
      // Only an added webhook goes where the person says; it met the guard, not the network.
      if (name !== 'profilesAddWebhook') expect(elsewhere).toEqual([]);
      // Every channel that takes something refused plenty at the door.
      if (INVOKES[name].request.expects !== 'undefined')
        expect(
          [...outcomes]
            .filter(([code]) => code === 'invalid_request' || (SETTING_REFUSALS as readonly string[]).includes(code))
            .reduce((sum, [, count]) => sum + count, 0),
        ).toBeGreaterThan(PER_CHANNEL / 2);
      // Some of the hostile ones were valid and reached the handler (a channel's own refusals, or an answer).
      expect(PER_CHANNEL - (outcomes.get('invalid_request') ?? 0)).toBeGreaterThan(PER_CHANNEL / 20);
    },
    300_000,
  );

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
      expect(await app.dispatch(name, sender, payload)).toEqual({ ok: false, error: { code: 'forbidden' } });
    }
    expect(portal.requestCount).toBe(0);
    expect(fileContents(app.dir)).toEqual(before);
    expect(app.log).toHaveLength(Object.keys(INVOKES).length);
    expect(app.log).toContain("Refused profiles:add-webhook: the sender is not the app's own window and page.");
    expect(app.log.join('\n')).not.toContain(portal.secret);
  });

  it("a settings change the settings store refuses comes back as the reason's code, with what its sentence needs", async () => {
    const app = startTestApp(tempDir());
    const unknown = {
      code: 'setting_unknown',
      params: {
        name: 'fontSize',
        settings: ['hotkeys', 'defaultType', 'launchAtLogin', 'theme', 'language', 'historyLimit', 'openChatIn', 'updateChecks', 'updateChannel'],
      },
    } as const;
    expect(await app.call('settingsUpdate', { fontSize: 14 })).toEqual({ ok: false, error: unknown });
    expect(say(unknown, 'en')).toBe(
      'There is no setting named "fontSize"; settings are hotkeys, defaultType, launchAtLogin, theme, language, historyLimit, openChatIn, ' +
        'updateChecks, and updateChannel.',
    );
    const channel = { code: 'setting_update_channel', params: { channels: ['latest', 'beta'] } } as const;
    expect(await app.call('settingsUpdate', { updateChannel: 'nightly' })).toEqual({ ok: false, error: channel });
    expect(say(channel, 'en')).toBe('The release channel is one of latest and beta.');
    expect(await app.call('settingsUpdate', { updateChecks: 'yes' })).toEqual({ ok: false, error: { code: 'setting_update_checks_boolean' } });
    const theme = { code: 'setting_theme', params: { themes: ['system', 'light', 'dark'] } } as const;
    expect(await app.call('settingsUpdate', { theme: 'purple' })).toEqual({ ok: false, error: theme });
    expect(say(theme, 'en')).toBe('The theme is one of system, light, and dark.');
    expect(say(theme, 'ru')).toBe('Тема — одна из: system, light и dark.');
    // Every language the app has a catalog for is a language the setting takes.
    expect(await app.call('settingsUpdate', { language: 'ru' })).toMatchObject({ ok: true });
    expect(await app.call('settingsUpdate', { language: 'xx' })).toEqual({
      ok: false,
      error: { code: 'setting_language', params: { languages: ['en', 'ru', 'de', 'es', 'pt-BR', 'pl', 'uk'] } },
    });
  });

  it('an unexpected failure inside a handler reaches the window as a generic message, its details only in the log', async () => {
    const app = startTestApp(tempDir());
    app.services.history.list = () => {
      throw new Error(`disk on fire at https://acme.bitrix24.ru/rest/1/q1w2e3r4t5y6u7i8/`);
    };
    expect(await app.call('historyList', {})).toEqual({
      ok: false,
      error: { code: 'internal' },
    });
    expect(app.log).toEqual(['history:list failed: Error: disk on fire at https://acme.bitrix24.ru/rest/1/•••/']);
  });
});
