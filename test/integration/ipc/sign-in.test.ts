/**
 * sign-in.test.ts is over 300 lines because a local application's sign-in is one flow, tested end to end across its portal, browser and authorization server.
 *
 * Connecting a portal through its local application (OAuth), over the IPC handler table as the main process runs it,
 * in the topology the docs describe ([en] settings/oauth/index.md): the portal's authorize page sends the browser to the
 * application's handler address (the app's one-shot listener on 127.0.0.1), and the code is exchanged at a separate
 * authorization server. Real HTTP between them and a stand-in for the person's browser (test/support/sign-in-browser.ts);
 * real electron-store files and a real AES cipher. Cloud portals (`.com` with oauth.bitrix.info, `.ru` with
 * oauth.bitrix24.tech) are served under their public names over HTTPS, to an app that allows nothing local. Then what
 * happens to such a profile later: tokens renewed once for calls at the same time and stored first, a renewal refused
 * (the profile fails and asks to reconnect), a reconnect; and where secrets never show up.
 */
import { say } from '../../../electron/common/i18n/catalogs.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { basename, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Credentials } from '../../../electron/core/bitrix/credentials.ts';
import type { FetchLike } from '../../../electron/core/bitrix/transport.ts';
import type { IpcResult, LookupView, Notice, ProfilesView, ProfileView, WindowRequest } from '../../../electron/core/ipc/contract.ts';
import type { SecretCipher } from '../../../electron/core/state/profiles/sealed-credentials.ts';
import { FAULTS, type FakePortal } from '../../fake-portal/portal.ts';
import { type BrowserVisit, callbackOf, isAuthorizeLink, visitSignIn } from '../../support/sign-in-browser.ts';
import { cloudWorld, loopbackWorld, type SignInWorld } from '../../support/sign-in-world.ts';
import { HISTORY_JOURNAL, startTestApp, type TestApp, tempDir, testCipher, valueOf } from '../../support/state.ts';
import { portalFor } from '../bitrix/support.ts';

const host = (portal: FakePortal): string => new URL(portal.origin).host;

const signInOf = (portal: FakePortal, extra: Record<string, unknown> = {}) => ({
  portal: portal.origin,
  clientId: portal.application.clientId,
  clientSecret: portal.application.clientSecret,
  ...extra,
});

/** The person's browser: it follows each sign-in page the app opens, and the visits are kept for the test. */
function browse(app: TestApp, options: Parameters<typeof visitSignIn>[1] = {}): BrowserVisit[] {
  const visits: BrowserVisit[] = [];
  app.desktop.browser = async (url) => {
    if (isAuthorizeLink(url)) visits.push(await visitSignIn(url, options));
  };
  return visits;
}

/** What the authorization server was asked, in order: the grant of each token request. */
const grants = (world: Pick<SignInWorld, 'server'>): unknown[] => world.server.requests.map((request) => request.params.grant_type);

/** The sign-in page the app opened last, once it has opened one. */
async function openedSignIn(app: TestApp, count = 1): Promise<string> {
  await vi.waitFor(() => expect(app.desktop.opened.filter(isAuthorizeLink).length).toBeGreaterThanOrEqual(count));
  return app.desktop.opened.filter(isAuthorizeLink).at(-1) ?? '';
}

/** Whether anything accepts connections on 127.0.0.1 at the port now. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** The credentials in profiles.json, opened with the app's cipher. */
function storedCredentials(dir: string, cipher: SecretCipher): Credentials[] {
  const file = JSON.parse(readFileSync(join(dir, 'profiles.json'), 'utf8')) as { profiles: { sealed: string }[] };
  return file.profiles.map((profile) => JSON.parse(cipher.open(profile.sealed)) as Credentials);
}

const refusal = async (answer: Promise<IpcResult<unknown>>) => {
  const result = await answer;
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
};

describe('signing in with a local application', () => {
  it(
    "opens the portal's sign-in page, takes the code at the handler address, exchanges it at the authorization server: " +
      '"signed in as NAME via the local application"',
    async () => {
      // The portal answers REST calls at the client_endpoint the authorization server names: here another address of it.
      const rest = await portalFor({ user: { NAME: 'Oleg', LAST_NAME: 'Sidorov' } });
      const { portal, app, port, server } = await loopbackWorld({ oauth: rest.oauth, oauthServer: rest.oauthServer });
      rest.oauth.clientEndpoint = `${rest.origin}/rest/`;
      const visits = browse(app);

      const profile = await valueOf<ProfileView>(app.call('profilesSignIn', signInOf(portal, { name: 'Sales' })));
      expect(profile).toEqual({
        id: expect.any(String),
        name: 'Sales',
        portal: rest.origin,
        host: host(rest),
        kind: 'oauth',
        userId: 1,
        userName: 'Oleg Sidorov',
        status: 'connected',
        statusMessage: { code: 'connected_application', params: { portal: host(rest), who: 'Oleg Sidorov', scopes: ['im'] } },
        checkedAt: expect.any(Number),
        active: true,
        openLines: 'missing',
        ratePlan: 'others',
        // A sign-in lasts 180 days from its last renewal ([en] settings/oauth/auto-renewal.md:9).
        signInEndsAt: expect.any(Number),
      });
      expect(Math.abs((profile.signInEndsAt ?? 0) - (Date.now() + 180 * 24 * 3600 * 1000))).toBeLessThan(60_000);

      // The system browser was sent to the portal's authorize page with the two parameters the docs give, no redirect_uri.
      const link = await openedSignIn(app);
      const escaped = portal.application.clientId.replaceAll('.', '\\.');
      expect(link).toMatch(new RegExp(`^${portal.origin}/oauth/authorize/\\?client_id=${escaped}&state=[A-Za-z0-9_-]{43}$`));
      await Promise.all(app.desktop.visits);
      // The portal sent it on to the application's own handler address, where the app listened.
      expect(visits).toEqual([
        {
          authorizeStatus: 302,
          callback: expect.stringMatching(new RegExp(`^http://127\\.0\\.0\\.1:${port}/b24-chat-lookup/oauth\\?code=`)),
          status: 200,
          page: expect.stringContaining('You can close this tab and return to B24 Chat Lookup.'),
        },
      ]);
      expect(await accepts(port)).toBe(false);
      // The code and the secret went to the authorization server the portal named, once; the portal saw neither.
      expect(portal.requests.map((r) => r.restMethod)).toEqual(['oauth/authorize']);
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]?.params).toMatchObject({
        grant_type: 'authorization_code',
        client_id: portal.application.clientId,
        client_secret: portal.application.clientSecret,
      });
      expect(portal.oauth.codeExchangeCount).toBe(1);

      // Lookups go to the client endpoint with the access token.
      const view = await valueOf<LookupView>(app.call('lookup', { text: 'LEAD|13\nD_5' }));
      expect(view.profile).toMatchObject({ id: profile.id, portal: rest.origin });
      expect(view.results).toMatchObject([
        { status: 'found', chatId: 1437, webUrl: `${rest.origin}/online/?IM_DIALOG=chat1437` },
        { status: 'found', chatId: 1501 },
      ]);
      expect(rest.requests.every((r) => r.path === '/rest/batch' && r.params.client_secret === undefined)).toBe(true);

      // The same in Russian: the check's message says "signed in … via the local application" there too.
      const list = await valueOf<ProfilesView>(app.call('profilesList'));
      expect(say(list.profiles[0]?.statusMessage ?? { code: 'internal' }, 'ru')).toBe(
        `Вход в ${host(rest)} выполнен как Oleg Sidorov через локальное приложение; право im есть.`,
      );
    },
  );

  it.each(['com', 'ru'] as const)(
    "signs in to a cloud portal on .%s through its region's authorization server, over HTTPS, with nothing local allowed",
    async (region) => {
      const world = await cloudWorld(region);
      const { portal, app, server } = world;
      const visits = browse(app, { fetch: world.fetch });
      const profile = await valueOf<ProfileView>(app.call('profilesSignIn', signInOf(portal)));
      expect(profile).toMatchObject({ kind: 'oauth', status: 'connected', portal: `https://acme.bitrix24.${region}`, userName: 'Irina Volkova' });
      await Promise.all(app.desktop.visits);
      const callback = new URL(visits[0]?.callback ?? 'http://x/');
      // What the portal added to the handler address (index.md:110-130): its own host, and its region's server.
      expect(callback.searchParams.get('domain')).toBe(`acme.bitrix24.${region}`);
      expect(callback.searchParams.get('server_domain')).toBe(region === 'ru' ? 'oauth.bitrix24.tech' : 'oauth.bitrix.info');
      expect(server.origin).toBe(region === 'ru' ? 'https://oauth.bitrix24.tech' : 'https://oauth.bitrix.info');
      expect(grants(world)).toEqual(['authorization_code']);
      // The portal never saw the client secret or the code.
      expect(portal.requests.some((r) => JSON.stringify(r.params).includes(portal.application.clientSecret))).toBe(false);

      // An hour later the access token has expired: it is renewed at the same server, and the lookup goes through.
      portal.oauth.accessExpired = true;
      const view = await valueOf<LookupView>(app.call('lookup', { text: 'LEAD|13' }));
      expect(view.results).toMatchObject([{ status: 'found', chatId: 1437, webUrl: `https://acme.bitrix24.${region}/online/?IM_DIALOG=chat1437` }]);
      expect(grants(world)).toEqual(['authorization_code', 'refresh_token']);
    },
  );

  it("never sends the client secret to a server the portal names that is not one of Bitrix24's", async () => {
    const world = await cloudWorld('com');
    const { portal, app, server } = world;
    // A page that says it is the portal and names a server of its own.
    const visits = browse(app, { fetch: world.fetch, tamper: (callback) => (callback.searchParams.set('server_domain', 'oauth.evil.example'), callback) });
    const error = await refusal(app.call('profilesSignIn', signInOf(portal)));
    expect(error).toMatchObject({ code: 'sign_in_server', params: { server: 'oauth.evil.example' } });
    expect(say(error, 'en')).toContain('oauth.evil.example as its authorization server, which is not one of Bitrix24');
    await Promise.all(app.desktop.visits);
    expect(visits).toHaveLength(1);
    expect(server.requests).toEqual([]);
    // Nor to the portal itself, which is not an authorization server either (index.md:76).
    browse(app, { fetch: world.fetch, tamper: (callback) => (callback.searchParams.set('server_domain', 'acme.bitrix24.com'), callback) });
    expect(await refusal(app.call('profilesSignIn', signInOf(portal)))).toMatchObject({ code: 'sign_in_server' });
    expect(portal.requests.filter((r) => r.path.startsWith('/oauth/token'))).toEqual([]);
  });

  it('gives the window the handler address to register (the HTTPS sign-in page) and where the app listens, from the core', async () => {
    const app = startTestApp(tempDir());
    expect(await valueOf(app.call('appInfo'))).toMatchObject({
      oauthHandler: 'https://b24-chat-lookup.github.io/b24-chat-lookup/sign-in/',
      oauthLoopback: 'http://127.0.0.1:31024/b24-chat-lookup/oauth',
    });
    const { app: other, port } = await loopbackWorld();
    expect(await valueOf(other.call('appInfo'))).toMatchObject({ oauthLoopback: `http://127.0.0.1:${port}/b24-chat-lookup/oauth` });
  });

  it("takes the sign-in page's own address pasted (the page the portal sent the browser to, when the app was not reached)", async () => {
    const { portal, app } = await loopbackWorld();
    const waiting = app.call('profilesSignIn', signInOf(portal));
    const callback = new URL((await callbackOf(await openedSignIn(app))) ?? '');
    const page = `https://b24-chat-lookup.github.io/b24-chat-lookup/sign-in/${callback.search}`;
    expect(await app.call('profilesSignInPaste', { text: page })).toEqual({ ok: true, value: null });
    expect(await valueOf<ProfileView>(waiting)).toMatchObject({ kind: 'oauth', status: 'connected' });
  });

  it('refuses an answer with a state it did not send (the browser tampered with it): nothing exchanged, listener closed, no profile', async () => {
    const world = await loopbackWorld();
    const { portal, app, port } = world;
    const visits = browse(app, { tamper: (callback) => (callback.searchParams.set('state', 'A'.repeat(43)), callback) });
    expect(await refusal(app.call('profilesSignIn', signInOf(portal)))).toMatchObject({ code: 'sign_in_state' });
    await Promise.all(app.desktop.visits);
    expect(visits[0]).toMatchObject({ status: 400, page: expect.stringContaining('Not this sign-in') });
    expect(await accepts(port)).toBe(false);
    expect(grants(world)).toEqual([]);
    expect((await valueOf<ProfilesView>(app.call('profilesList'))).profiles).toEqual([]);
  });

  it('a code that got old on the way (its 30 s past) is auth_invalid, saying to sign in again quickly; no profile', async () => {
    const world = await loopbackWorld({ codeLifetimeMs: 50 });
    const { portal, app, server } = world;
    browse(app, { delayMs: 200 });
    const error = await refusal(app.call('profilesSignIn', signInOf(portal)));
    // The portal's code with its host (its sentence is the REST client's, in the catalogs).
    expect(error).toEqual({ code: 'auth_code_refused', params: { portal: host(portal) } });
    expect(say(error, 'en')).toMatch(/a code works once, and only for 30 seconds/);
    expect(server.requests.map((r) => [r.params.grant_type, r.status])).toEqual([['authorization_code', 400]]);
    expect((await valueOf<ProfilesView>(app.call('profilesList'))).profiles).toEqual([]);
    // In Russian the same refusal says what happened to the code, not to a webhook.
    await valueOf(app.call('settingsUpdate', { language: 'ru' }));
    browse(app, { delayMs: 200 });
    // The refusal is the portal's code whatever the language: the window says it in Russian (locales/ru).
    const russian = await refusal(app.call('profilesSignIn', signInOf(portal)));
    expect(russian).toMatchObject({ code: 'auth_code_refused' });
    expect(say(russian, 'ru')).not.toMatch(/вебхук/i);
  });

  it("a sign-in Bitrix24 cannot complete shows its error on the portal's page and sends nothing back: the sign-in waits until cancelled", async () => {
    // "The application receives neither a redirect nor error parameters" ([en] settings/oauth/index.md:106).
    const world = await loopbackWorld({ signIn: 'fails' });
    const { portal, app, port } = world;
    const visits = browse(app);
    const waiting = app.call('profilesSignIn', signInOf(portal));
    await openedSignIn(app);
    await Promise.all(app.desktop.visits);
    expect(visits[0]).toMatchObject({ authorizeStatus: 403, callback: null, status: null });
    expect(await accepts(port)).toBe(true);
    expect(await app.call('profilesSignInCancel')).toEqual({ ok: true, value: null });
    expect(await refusal(waiting)).toMatchObject({ code: 'sign_in_cancelled' });
    expect(grants(world)).toEqual([]);
    expect((await valueOf<ProfilesView>(app.call('profilesList'))).profiles).toEqual([]);
  });

  it('an answer that says error=access_denied anyway (as older portals did) ends the sign-in with sign_in_denied', async () => {
    const { portal, app } = await loopbackWorld();
    const visits = browse(app, {
      tamper: (callback) => {
        const state = callback.searchParams.get('state') ?? '';
        return new URL(`${callback.origin}${callback.pathname}?error=access_denied&state=${state}`);
      },
    });
    expect(await refusal(app.call('profilesSignIn', signInOf(portal)))).toMatchObject({ code: 'sign_in_denied' });
    await Promise.all(app.desktop.visits);
    expect(visits[0]).toMatchObject({ status: 400, page: expect.stringContaining('did not give B24 Chat Lookup access') });
  });

  it('a browser that never comes back: sign_in_timeout when the time is up, and the listener is gone', async () => {
    const { portal, app, port } = await loopbackWorld({}, { signInTimeoutMs: 300 });
    const started = Date.now();
    const error = await refusal(app.call('profilesSignIn', signInOf(portal)));
    expect(error).toEqual({ code: 'sign_in_timeout_seconds', params: { seconds: 0.3 } });
    expect(say(error, 'en')).toBe('The sign-in was not finished in the browser within 0.3 s. Start it again.');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await accepts(port)).toBe(false);
    expect(await refusal(app.call('profilesSignInPaste', { text: 'avmocpghblyi01m3h42bljvqtyd19sw1' }))).toMatchObject({ code: 'no_sign_in' });
  });

  it('cancelled from the window: sign_in_cancelled, the listener is gone, and nothing waits for a paste', async () => {
    const { portal, app, port } = await loopbackWorld();
    const waiting = app.call('profilesSignIn', signInOf(portal));
    const link = await openedSignIn(app);
    expect(await accepts(port)).toBe(true);
    expect(await app.call('profilesSignInCancel')).toEqual({ ok: true, value: null });
    expect(await refusal(waiting)).toEqual({ code: 'sign_in_cancelled' });
    expect(await accepts(port)).toBe(false);
    expect(await refusal(app.call('profilesSignInPaste', { text: 'avmocpghblyi01m3h42bljvqtyd19sw1' }))).toMatchObject({ code: 'no_sign_in' });
    // Cancelling with nothing in progress is fine.
    expect(await app.call('profilesSignInCancel')).toEqual({ ok: true, value: null });
    // The browser coming back late finds nobody there.
    expect((await visitSignIn(link)).status).toBeNull();
    expect(portal.oauth.codeExchangeCount).toBe(0);
  });

  it("another program holding the handler's port: the sign-in still opens, and the address the browser ended on can be pasted", async () => {
    const { portal, app, port } = await loopbackWorld();
    const squatter = createServer((socket) => socket.end('someone else'));
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', () => resolve()));
    try {
      const waiting = app.call('profilesSignIn', signInOf(portal));
      const address = (await callbackOf(await openedSignIn(app))) ?? '';
      expect(app.log.some((line) => line.includes(`could not listen on 127.0.0.1:${port}`))).toBe(true);
      expect(await app.call('profilesSignInPaste', { text: address })).toEqual({ ok: true, value: null });
      expect(await valueOf<ProfileView>(waiting)).toMatchObject({ kind: 'oauth', status: 'connected' });
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  });

  it('the window hid when the browser took the focus: Settings comes back when the sign-in ends, but not after a cancel', async () => {
    const { portal, app } = await loopbackWorld();
    const hideOnOpen = (next: ((url: string) => Promise<unknown>) | null) => async (url: string) => {
      app.desktop.shown = false;
      await next?.(url);
    };
    browse(app);
    app.desktop.browser = hideOnOpen(app.desktop.browser);
    expect(await valueOf<ProfileView>(app.call('profilesSignIn', signInOf(portal)))).toMatchObject({ kind: 'oauth' });
    expect(app.desktop.shown).toBe(true);
    expect(await valueOf(app.call('windowRequestTake'))).toEqual({ view: 'settings' });

    // A failure comes back too (here a state the sign-in did not send).
    browse(app, { tamper: (callback) => (callback.searchParams.set('state', 'B'.repeat(43)), callback) });
    app.desktop.browser = hideOnOpen(app.desktop.browser);
    expect(await refusal(app.call('profilesSignIn', signInOf(portal)))).toMatchObject({ code: 'sign_in_state' });
    expect(app.desktop.shown).toBe(true);

    // Cancelled from the window: it was on screen to do that, and nothing is brought up.
    app.desktop.browser = null;
    const waiting = app.call('profilesSignIn', signInOf(portal));
    await openedSignIn(app, 3);
    const shows = app.desktop.window.filter((event) => event === 'show').length;
    expect(await app.call('profilesSignInCancel')).toEqual({ ok: true, value: null });
    expect(await refusal(waiting)).toMatchObject({ code: 'sign_in_cancelled' });
    expect(app.desktop.window.filter((event) => event === 'show').length).toBe(shows);
  });

  it('a new sign-in gives up the one waiting', async () => {
    const { portal, app } = await loopbackWorld();
    const first = app.call('profilesSignIn', signInOf(portal));
    await openedSignIn(app);
    browse(app);
    const second = await valueOf<ProfileView>(app.call('profilesSignIn', signInOf(portal)));
    expect(await refusal(first)).toMatchObject({ code: 'sign_in_cancelled' });
    expect(second).toMatchObject({ kind: 'oauth', status: 'connected' });
    expect((await valueOf<ProfilesView>(app.call('profilesList'))).profiles).toHaveLength(1);
  });

  it('takes the address the browser ended on, pasted (a wrong state or garbage is refused and it goes on waiting)', async () => {
    const { portal, app, port } = await loopbackWorld();
    const waiting = app.call('profilesSignIn', signInOf(portal));
    const link = await openedSignIn(app);
    // Where the portal sent the browser, as the person would copy it from the address bar.
    const address = (await callbackOf(link)) ?? '';
    const state = new URL(link).searchParams.get('state') ?? '';

    expect(await refusal(app.call('profilesSignInPaste', { text: address.replace(state, `${state.slice(0, -2)}zz`) }))).toMatchObject({
      code: 'sign_in_state',
    });
    expect(await refusal(app.call('profilesSignInPaste', { text: 'https://acme.bitrix24.ru/' }))).toMatchObject({ code: 'sign_in_paste' });
    expect(await accepts(port)).toBe(true);

    expect(await app.call('profilesSignInPaste', { text: `  ${address}\n` })).toEqual({ ok: true, value: null });
    expect(await valueOf<ProfileView>(waiting)).toMatchObject({ kind: 'oauth', status: 'connected', userName: 'Irina Volkova' });
    expect(await accepts(port)).toBe(false);
    expect(portal.oauth.codeExchangeCount).toBe(1);
  });

  it("a code pasted on its own: exchanged at the cloud portal's region server; for another portal the whole address is asked for", async () => {
    const world = await cloudWorld('ru');
    const waiting = world.app.call('profilesSignIn', signInOf(world.portal));
    const code = new URL((await callbackOf(await openedSignIn(world.app), world.fetch)) ?? '').searchParams.get('code') ?? '';
    expect(code).not.toBe('');
    expect(await world.app.call('profilesSignInPaste', { text: code })).toEqual({ ok: true, value: null });
    expect(await valueOf<ProfileView>(waiting)).toMatchObject({ kind: 'oauth', status: 'connected' });
    expect(world.server.requests.at(0)).toMatchObject({ params: { grant_type: 'authorization_code', code } });

    // A portal whose address says nothing of its region (here one on this computer): no guess, the secret goes nowhere.
    const local = await loopbackWorld();
    const pending = local.app.call('profilesSignIn', signInOf(local.portal));
    const localCode = new URL((await callbackOf(await openedSignIn(local.app))) ?? '').searchParams.get('code') ?? '';
    expect(await local.app.call('profilesSignInPaste', { text: localCode })).toEqual({ ok: true, value: null });
    const unknown = await refusal(pending);
    expect(unknown).toMatchObject({ code: 'sign_in_server_unknown' });
    expect(say(unknown, 'en')).toContain('paste the whole address the browser ended on');
    expect(grants(local)).toEqual([]);
  });

  it.each([
    ['a portal that is not an address', { portal: 'not a portal' }, 'invalid_portal'],
    ['a portal over plain http', { portal: 'http://acme.bitrix24.ru' }, 'invalid_portal'],
    ['a client id with spaces', { clientId: 'local 1' }, 'invalid_client_id'],
    ['a client secret too short to be one', { clientSecret: 'abc' }, 'invalid_client_secret'],
  ])('refuses %s before opening anything', async (_name, change, code) => {
    const { portal, app } = await loopbackWorld();
    expect(await refusal(app.call('profilesSignIn', signInOf(portal, change)))).toMatchObject({ code });
    expect(app.desktop.opened).toEqual([]);
    expect(portal.requestCount).toBe(0);
  });

  it('an application the authorization server does not know (a wrong secret) is invalid_application; no profile', async () => {
    const { portal, app } = await loopbackWorld();
    browse(app);
    const error = await refusal(app.call('profilesSignIn', signInOf(portal, { clientSecret: 'not-the-application-secret' })));
    expect(error).toEqual({ code: 'invalid_application' });
    expect(say(error, 'en')).toContain('client id and client secret');
    expect((await valueOf<ProfilesView>(app.call('profilesList'))).profiles).toEqual([]);
  });

  it('an application whose trial or paid period is over: payment_required, saying to renew it; no profile', async () => {
    const { portal, app } = await loopbackWorld({ application: { paymentRequired: true } });
    browse(app);
    const error = await refusal(app.call('profilesSignIn', signInOf(portal)));
    expect(error).toMatchObject({ code: 'payment_required' });
    await valueOf(app.call('settingsUpdate', { language: 'ru' }));
    browse(app);
    expect(await refusal(app.call('profilesSignIn', signInOf(portal)))).toMatchObject({ code: 'payment_required' });
  });

  it('an installed app refuses a portal on this computer before opening anything', async () => {
    const { portal } = await loopbackWorld();
    const app = startTestApp(tempDir(), { allowLocalPortals: false });
    expect(await refusal(app.call('profilesSignIn', signInOf(portal)))).toMatchObject({ code: 'local_portal' });
    expect(app.desktop.opened).toEqual([]);
    expect(portal.requestCount).toBe(0);
  });

  it('removing the portal forgets its tokens and its application: nothing of them is left in the profiles file', async () => {
    const cipher = testCipher();
    const { portal, app } = await loopbackWorld({}, { cipher });
    browse(app);
    const profile = await valueOf<ProfileView>(app.call('profilesSignIn', signInOf(portal)));
    expect(storedCredentials(app.dir, cipher)).toHaveLength(1);
    expect((await valueOf<ProfilesView>(app.call('profilesRemove', { id: profile.id }))).profiles).toEqual([]);
    expect(storedCredentials(app.dir, cipher)).toEqual([]);
    expect(await refusal(app.call('profilesReconnect', { id: profile.id }))).toEqual({ code: 'profile_not_found' });
    // A stale id is a portal gone, told as such (not as a lookup gone from the history), in every language.
    const stale = await refusal(app.call('profilesRemove', { id: profile.id }));
    expect(stale).toEqual({ code: 'profile_not_found' });
    expect(say(stale, 'ru')).toMatch(/портал/);
    expect(say(stale, 'ru')).not.toMatch(/истори/);
    expect(await refusal(app.call('lookup', { text: 'LEAD|13' }))).toMatchObject({ code: 'no_profile' });
    expect(app.desktop.opened.filter(isAuthorizeLink)).toHaveLength(1);
  });

  it("reconnecting signs in again with the profile's own application and replaces its tokens, not adding a twin", async () => {
    const cipher = testCipher();
    const { portal, app } = await loopbackWorld({}, { cipher });
    browse(app);
    const first = await valueOf<ProfileView>(app.call('profilesSignIn', signInOf(portal, { name: 'Sales' })));
    const [before] = storedCredentials(app.dir, cipher);

    const again = await valueOf<ProfileView>(app.call('profilesReconnect', { id: first.id }));
    expect(again).toMatchObject({ id: first.id, name: 'Sales', kind: 'oauth', status: 'connected' });
    expect((await valueOf<ProfilesView>(app.call('profilesList'))).profiles).toHaveLength(1);
    const [after] = storedCredentials(app.dir, cipher);
    expect(after).toMatchObject({ kind: 'oauth', tokens: { accessToken: portal.oauth.accessToken, refreshToken: portal.oauth.refreshToken } });
    expect(after).not.toEqual(before);
    expect(portal.oauth.codeExchangeCount).toBe(2);
    // The second sign-in page named the same application.
    expect(new URL(await openedSignIn(app, 2)).searchParams.get('client_id')).toBe(portal.application.clientId);
    expect((await valueOf<LookupView>(app.call('lookup', { text: 'LEAD|13' }))).results).toMatchObject([{ status: 'found', chatId: 1437 }]);
  });

  it("refuses to reconnect a webhook's profile or one that is gone", async () => {
    const { portal, app } = await loopbackWorld();
    const webhook = await valueOf<ProfileView>(app.call('profilesAddWebhook', { webhookUrl: portal.webhookUrl }));
    expect(await refusal(app.call('profilesReconnect', { id: webhook.id }))).toMatchObject({ code: 'not_oauth' });
    expect(await refusal(app.call('profilesReconnect', { id: 'no-such-profile' }))).toEqual({ code: 'profile_not_found' });
    expect(app.desktop.opened).toEqual([]);
  });
});

describe('a signed-in profile later', () => {
  it('two lookups meeting an expired token: one renewal at the authorization server, the new tokens stored before either call is repeated', async () => {
    const cipher = testCipher();
    // What profiles.json held each time the app sent a REST call after the renewal.
    const storedAtRetry: string[] = [];
    const seen: { dir?: string; refreshes: () => number } = { refreshes: () => 0 };
    const watching: FetchLike = (url, init) => {
      if (url.includes('/rest/') && seen.refreshes() > 0 && seen.dir) {
        const [stored] = storedCredentials(seen.dir, cipher);
        storedAtRetry.push(stored?.kind === 'oauth' ? stored.tokens.refreshToken : 'none');
      }
      return fetch(url, init);
    };
    const world = await loopbackWorld({}, { cipher, fetch: watching });
    const { portal, app } = world;
    const dir = app.dir;
    seen.dir = dir;
    seen.refreshes = () => portal.oauth.refreshCount;
    browse(app);
    await valueOf<ProfileView>(app.call('profilesSignIn', signInOf(portal)));
    const retired = portal.oauth.refreshToken;
    portal.oauth.accessExpired = true;

    const [lead, deal] = await Promise.all([
      valueOf<LookupView>(app.call('lookup', { text: 'LEAD|13' })),
      valueOf<LookupView>(app.call('lookup', { text: 'D_5' })),
    ]);
    expect(lead.results).toMatchObject([{ status: 'found', chatId: 1437 }]);
    expect(deal.results).toMatchObject([{ status: 'found', chatId: 1501 }]);
    expect(portal.oauth.refreshCount).toBe(1);
    expect(grants(world)).toEqual(['authorization_code', 'refresh_token']);
    expect(portal.oauth.refreshToken).not.toBe(retired);
    expect(storedAtRetry).toEqual([portal.oauth.refreshToken, portal.oauth.refreshToken]);
    expect(storedCredentials(dir, cipher)).toMatchObject([{ tokens: { refreshToken: portal.oauth.refreshToken, accessToken: portal.oauth.accessToken } }]);
  });

  it('a renewal the authorization server refuses: the lookup asks to reconnect, the profile is failing, and reconnecting makes it work', async () => {
    const { portal, app } = await loopbackWorld();
    browse(app);
    const profile = await valueOf<ProfileView>(app.call('profilesSignIn', signInOf(portal)));
    portal.oauth.accessExpired = true;
    portal.oauth.refreshRejected = true;

    const view = await valueOf<LookupView>(app.call('lookup', { text: 'LEAD|13' }));
    const renewal = `The sign-in to ${host(portal)} could not be renewed (invalid_grant). Connect again: Settings → Reconnect.`;
    expect(view.results).toEqual([
      expect.objectContaining({
        status: 'error',
        error: { code: 'auth_not_renewed', params: expect.objectContaining({ portal: host(portal), portalError: 'invalid_grant' }) },
      }),
    ]);
    expect(view.results.map((result) => (result.status === 'error' ? say(result.error, 'en') : null))).toEqual([renewal]);
    const failing = (await valueOf<ProfilesView>(app.call('profilesList'))).profiles[0];
    expect(failing).toMatchObject({ id: profile.id, status: 'failing', statusMessage: { code: 'auth_not_renewed', params: { portal: host(portal) } } });
    expect(app.events.filter((e) => e.event === 'profilesChanged').at(-1)?.payload).toMatchObject({ profiles: [{ id: profile.id, status: 'failing' }] });

    // In Russian: the profile and the lookup both say to reconnect.
    await valueOf(app.call('settingsUpdate', { language: 'ru' }));
    const russian = (await valueOf<ProfilesView>(app.call('profilesList'))).profiles[0]?.statusMessage;
    expect(russian && say(russian, 'ru')).toMatch(/Переподключить/);
    const [again] = (await valueOf<LookupView>(app.call('lookup', { text: 'LEAD|13' }))).results;
    expect(again?.status === 'error' && say(again.error, 'ru')).toMatch(/Переподключить/);

    const reconnected = await valueOf<ProfileView>(app.call('profilesReconnect', { id: profile.id }));
    expect(reconnected).toMatchObject({ id: profile.id, status: 'connected' });
    expect((await valueOf<LookupView>(app.call('lookup', { text: 'LEAD|13' }))).results).toMatchObject([{ status: 'found', chatId: 1437 }]);
    expect((await valueOf<ProfilesView>(app.call('profilesList'))).profiles).toHaveLength(1);
  });
});

describe('the plan and the 180 days of a sign-in', () => {
  const DAY = 24 * 60 * 60 * 1000;

  it(
    "a local application on an Enterprise portal is kept on its plan (app.info's LICENSE_FAMILY); " +
      "a webhook's plan is the person's choice, kept across restarts",
    async () => {
      const cipher = testCipher();
      // [en] api-reference/common/system/app-info.md: LICENSE_FAMILY, `ent` on Enterprise; a webhook has no application.
      const { portal, app } = await loopbackWorld({ licenseFamily: 'ent' }, { cipher });
      browse(app);
      expect(await valueOf<ProfileView>(app.call('profilesSignIn', signInOf(portal)))).toMatchObject({ kind: 'oauth', ratePlan: 'enterprise' });

      const other = await portalFor({ licenseFamily: 'ent' });
      const hook = await valueOf<ProfileView>(app.call('profilesAddWebhook', { webhookUrl: other.webhookUrl }));
      expect(hook).toMatchObject({ kind: 'webhook', ratePlan: 'others' });
      expect(await valueOf<ProfileView>(app.call('profilesSetPlan', { id: hook.id, ratePlan: 'enterprise' }))).toMatchObject({ ratePlan: 'enterprise' });
      // A check asks nothing that would say otherwise, so the choice stays.
      expect(await valueOf<ProfileView>(app.call('profilesCheck', { id: hook.id }))).toMatchObject({ ratePlan: 'enterprise' });
      const refused = await app.call('profilesSetPlan', { id: hook.id, ratePlan: 'business' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_request' } });

      const again = startTestApp(app.dir, { cipher });
      expect((await valueOf<ProfilesView>(again.call('profilesList'))).profiles.map((p) => [p.kind, p.ratePlan])).toEqual([
        ['oauth', 'enterprise'],
        ['webhook', 'enterprise'],
      ]);
    },
  );

  /** A signed-in app whose clock the test moves on (`at(days)`): the stores and the tokens read the same time. */
  async function signedInLater() {
    let shift = 0;
    const world = await loopbackWorld({}, { now: () => Date.now() + shift });
    browse(world.app);
    const profile = await valueOf<ProfileView>(world.app.call('profilesSignIn', signInOf(world.portal)));
    return { world, ...world, profile, at: (days: number) => (shift = days * DAY) };
  }

  it('past 150 of its 180 days a sign-in is renewed once at start-up, and its end moves 180 days on; a young one sends nothing', async () => {
    const { world, portal, app, profile, at } = await signedInLater();
    const endsAt = profile.signInEndsAt ?? 0;
    expect(endsAt - Date.now()).toBeGreaterThan(179 * DAY);
    expect(endsAt - Date.now()).toBeLessThanOrEqual(180 * DAY);

    at(100);
    await app.services.profiles.renewAgingSignIns();
    expect(grants(world)).toEqual(['authorization_code']);

    at(151);
    const retired = portal.oauth.refreshToken;
    await app.services.profiles.renewAgingSignIns();
    expect(grants(world)).toEqual(['authorization_code', 'refresh_token']);
    expect(portal.oauth.refreshToken).not.toBe(retired);
    const renewed = (await valueOf<ProfilesView>(app.call('profilesList'))).profiles[0];
    expect(renewed?.signInEndsAt ?? 0).toBeGreaterThan(endsAt);
    expect(renewed).toMatchObject({ status: 'connected' });
    // Once: the renewed sign-in is young again.
    await app.services.profiles.renewAgingSignIns();
    expect(grants(world)).toHaveLength(2);
    expect((await valueOf<LookupView>(app.call('lookup', { text: 'LEAD|13' }))).results).toMatchObject([{ status: 'found', chatId: 1437 }]);
  });

  it('a renewal that fails within two weeks of the end says when it ends; past the end the profile is failing and nothing is sent', async () => {
    const { world, portal, app, profile, at } = await signedInLater();
    const day = new Date(profile.signInEndsAt ?? 0).toISOString().slice(0, 10);
    await valueOf(app.call('noticesTake'));

    // Offline, three weeks before the end: nothing said yet (the next start tries again).
    portal.oauth.refreshRejected = true;
    at(159);
    await app.services.profiles.renewAgingSignIns();
    expect(await valueOf(app.call('noticesTake'))).toEqual([]);

    at(170);
    await app.services.profiles.renewAgingSignIns();
    expect(await valueOf(app.call('noticesTake'))).toMatchObject([
      { level: 'warning', message: { code: 'sign_in_ending', params: { host: host(portal), day } } },
    ]);
    expect(say({ code: 'sign_in_ending', params: { host: host(portal), day } }, 'en')).toBe(
      `The sign-in to ${host(portal)} ends on ${day} and could not be renewed now. Open B24 Chat Lookup while online before then, or Reconnect.`,
    );

    await valueOf(app.call('settingsUpdate', { language: 'ru' }));
    await app.services.profiles.renewAgingSignIns();
    const [ending] = await valueOf<Notice[]>(app.call('noticesTake'));
    expect(say(ending?.message ?? { code: 'internal' }, 'ru')).toMatch(new RegExp(`^Вход в \\S+ закончится ${day}, а продлить его сейчас не удалось\\.`));
    await valueOf(app.call('settingsUpdate', { language: 'en' }));

    at(181);
    const sent = world.server.requests.length;
    await app.services.profiles.renewAgingSignIns();
    expect(world.server.requests.length).toBe(sent);
    const ended = (await valueOf<ProfilesView>(app.call('profilesList'))).profiles[0];
    expect(ended).toMatchObject({
      status: 'failing',
      statusMessage: { code: 'sign_in_ended', params: { host: host(portal), day } },
    });
    expect(say(ended?.statusMessage ?? { code: 'internal' }, 'ru')).toBe(
      `Вход в ${host(portal)} закончился ${day}: Битрикс24 хранит вход локального приложения 180 дней, если его не продлевать. ` +
        `Переподключитесь, чтобы войти снова.`,
    );
  });
});

describe('secrets', () => {
  it(
    'a whole session, by a webhook and by a local application: no webhook code, token, client secret or sign-in code ' +
      'in any log line, answer, event, notice, notification, export, page or file (the sealed store holds them sealed only)',
    async () => {
      const cipher = testCipher();
      const { portal, app } = await loopbackWorld({}, { cipher });
      const answers: unknown[] = [];
      const call = async (name: Parameters<TestApp['call']>[0], payload?: unknown) => {
        const answer = await app.call(name, payload);
        answers.push(answer);
        return answer;
      };
      const secrets = new Set<string>([portal.secret, portal.oauth.clientSecret]);
      const remember = (): void => {
        secrets.add(portal.oauth.accessToken);
        secrets.add(portal.oauth.refreshToken);
      };

      // By a webhook. First one with a wrong code, which the portal refuses: nothing is kept, and that code is a secret too.
      const wrongCode = 'wrongCode0123456789';
      secrets.add(wrongCode);
      expect(await call('profilesAddWebhook', { webhookUrl: `${portal.origin}/rest/${portal.userId}/${wrongCode}/` })).toMatchObject({
        ok: false,
        error: { code: 'auth_invalid' },
      });
      const webhook = (await call('profilesAddWebhook', { webhookUrl: ` ${portal.webhookUrl}profile.json `, name: 'By webhook' })) as IpcResult<ProfileView>;
      if (!webhook.ok) throw new Error(webhook.error.code);
      // Found, not found, a webhook pasted with references, failing (a portal that repeats the webhook in its error), and
      // retried until it fails.
      await call('lookup', { text: 'LEAD|13\nDEAL|99999' });
      await call('lookup', { text: `${portal.webhookUrl}im.chat.get?ENTITY_TYPE=CRM&ENTITY_ID=LEAD|13\nD_5` });
      portal.failNext({ kind: 'error', status: 400, error: 'SOMETHING_NEW', description: `rejected for ${portal.webhookUrl}` });
      await call('lookup', { text: 'CONTACT|25' });
      portal.failNext(FAULTS.internalError, 2);
      await call('lookup', { text: 'COMPANY|7\nD_5' });
      await call('chatOpen', { portal: portal.origin, chatId: 1437 });
      await call('profilesCheck', { id: webhook.value.id });
      // A launch from the command line with a webhook beside the reference, looked up as the window then does.
      app.services.window.launch({ reference: `${portal.webhookUrl} LEAD|13`, atLogin: false });
      const launched = (await call('windowRequestTake')) as IpcResult<WindowRequest>;
      if (!launched.ok || launched.value?.text === undefined) throw new Error('the launch asked for nothing');
      await call('lookup', { text: launched.value.text });
      // The clipboard hotkey with a webhook copied beside a reference: its notification.
      app.clipboard.text = `${portal.webhookUrl}\nCONTACT|25`;
      app.pressHotkey('CommandOrControl+Alt+V');
      await vi.waitFor(() => expect(app.desktop.notifications).toHaveLength(1));
      // Settings changes, in Russian for a while.
      await call('settingsUpdate', { theme: 'dark', defaultType: 'deal', historyLimit: 200, language: 'ru' });
      await call('lookup', { text: '5\nDEAL|99999' });
      await call('settingsUpdate', { language: 'en', openChatIn: 'desktop' });

      // By a local application: a sign-in, lookups, a renewal and a refused one, a reconnect, a sign-in finished by a
      // paste, and one refused (a code too old).
      const visits = browse(app);
      const profile = (await call('profilesSignIn', signInOf(portal, { name: 'By application' }))) as IpcResult<ProfileView>;
      if (!profile.ok) throw new Error(profile.error.code);
      remember();
      await call('profilesActivate', { id: profile.value.id });
      await call('lookup', { text: 'LEAD|13\nD_5\nDEAL|99999' });
      portal.failNext({ kind: 'error', status: 400, error: 'SOMETHING_NEW', description: `rejected auth=${portal.oauth.accessToken}` });
      await call('lookup', { text: 'LEAD|13' });
      // A renewal.
      portal.oauth.accessExpired = true;
      await call('lookup', { text: 'CONTACT|25' });
      remember();
      // A refused renewal, and the failure it leaves.
      portal.oauth.accessExpired = true;
      portal.oauth.refreshRejected = true;
      await call('lookup', { text: 'DEAL|5' });
      await call('profilesList');
      await call('profilesCheck', { id: profile.value.id });
      await call('profilesReconnect', { id: profile.value.id });
      remember();
      app.desktop.browser = null;
      const waiting = call('profilesSignIn', signInOf(portal));
      const address = (await callbackOf(await openedSignIn(app, 3))) ?? '';
      await call('profilesSignInPaste', { text: address });
      await waiting;
      remember();
      portal.set({ codeLifetimeMs: 0 });
      const late = browse(app, { delayMs: 20 });
      await call('profilesSignIn', signInOf(portal));
      portal.set({ codeLifetimeMs: 30_000 });
      await call('lookup', { text: 'COMPANY|7' });

      // The history, exported both ways, and everything the window reads.
      await call('historyExport', { format: 'csv' });
      await call('historyExport', { format: 'json' });
      await call('historyList', {});
      await call('historyList', { query: 'lead' });
      await call('settingsGet');
      await call('profilesList');
      await call('noticesTake');
      await Promise.all(app.desktop.visits);

      const codes = [...visits, ...late]
        .map((visit) => visit.callback)
        .concat(address)
        .map((callback) => new URL(callback ?? 'http://x/').searchParams.get('code'));
      for (const code of codes) if (code) secrets.add(code);
      expect(codes.filter(Boolean).length).toBeGreaterThanOrEqual(4);
      expect(secrets.size).toBeGreaterThanOrEqual(14);
      // As they would be written in an address or a JSON string, too.
      const spellings = [...secrets].flatMap((secret) => [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);

      // Every file in the data folder: settings.json, the history's journal, the two exports saved there, and profiles.json.
      const written = readdirSync(app.dir);
      expect(written).toEqual(
        expect.arrayContaining(['settings.json', 'profiles.json', HISTORY_JOURNAL, ...[...app.exported.keys()].map((path) => basename(path))]),
      );
      const places: Record<string, string> = {
        answers: JSON.stringify(answers),
        events: JSON.stringify(app.events),
        log: app.log.join('\n'),
        notifications: JSON.stringify(app.desktop.notifications.map(({ title, body }) => ({ title, body }))),
        // What the app handed the OS to open (the sign-in pages carry the application's id and a state, nothing secret).
        opened: app.desktop.opened.join('\n'),
        pages: [...visits, ...late].map((visit) => visit.page).join('\n'),
        exports: [...app.exported.values()].join('\n'),
        ...Object.fromEntries(written.map((name) => [name, readFileSync(join(app.dir, name), 'utf8')])),
      };
      for (const [where, text] of Object.entries(places)) {
        for (const secret of spellings) expect(text.includes(secret), `${where} holds a secret`).toBe(false);
      }
      // They are in profiles.json, sealed: the app's cipher opens the current ones there.
      expect(storedCredentials(app.dir, cipher)).toMatchObject([
        { kind: 'webhook', secret: portal.secret },
        { kind: 'oauth', application: { clientSecret: portal.oauth.clientSecret }, tokens: { refreshToken: portal.oauth.refreshToken } },
      ]);
      // The session did what it says, with messages that were checked above.
      expect(places.answers).toContain('"code":"auth_not_renewed"');
      // The portal's own words reach the window as a parameter, secrets masked.
      expect(places.answers).toContain('"portalError":"SOMETHING_NEW","details":"rejected for http://');
      expect(places.answers).toContain('"details":"rejected auth=•••"');
      expect(places.answers).toContain('{"code":"server_error","params":{"portal":"');
      expect(places.answers).toContain('"portalError":"INTERNAL_SERVER_ERROR","count":2}');
      expect(places.answers).toContain('{"ok":false,"error":{"code":"auth_invalid","params":{"portal":');
      expect(places.answers).toContain('/rest/1/•••/');
      expect(places[HISTORY_JOURNAL]).toContain('"outcome":"not_found"');
      expect(places.exports).toContain('LEAD|13');
      expect(app.log.some((line) => line.startsWith('POST ') && line.includes('/rest/1/•••/'))).toBe(true);
      expect(portal.oauth.refreshCount).toBeGreaterThanOrEqual(1);
    },
  );
});

describe('a hidden window', () => {
  it('cannot start a sign-in or a reconnect (both open the browser), as it cannot open a chat', async () => {
    const { portal, app } = await loopbackWorld();
    app.desktop.shown = false;
    expect(await refusal(app.call('profilesSignIn', signInOf(portal)))).toMatchObject({ code: 'window_hidden' });
    expect(await refusal(app.call('profilesReconnect', { id: 'any' }))).toMatchObject({ code: 'window_hidden' });
    expect(app.desktop.opened).toEqual([]);
    expect(portal.requestCount).toBe(0);
  });
});
