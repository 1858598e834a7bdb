/**
 * preview.test.ts is over 300 lines because it covers the whole preview, from its served page and bridge to the guards that keep other pages out.
 *
 * The browser preview (test/preview/server.ts) over real HTTP: the built window it serves, its bridge run as a browser
 * would run it, calls answered by the real main-process app on real files, the fake portal behind it, and the checks
 * that keep other pages (and other addresses) away from it. The `shell` project aliases `electron` for electron-store.
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { EVENTS, INVOKES, type IpcResult, type LookupView, type ProfilesView, type SettingsView } from '../../../electron/core/ipc/contract.ts';
import { type FakePortal, startFakePortal } from '../../fake-portal/portal.ts';
import { freePort } from '../../support/free-port.ts';
import { KEY_FILE, type PreviewOptions, type PreviewServer, PortalConnectError, startPreview } from '../../preview/server.ts';
import { sentence } from '../../support/sentence.ts';
import { tempDir } from '../../support/temp-dir.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const CLI = join(ROOT, 'test/preview/cli.ts');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

beforeAll(() => {
  // `npm test` builds before Vitest runs; a lone run needs the build too.
  if (!existsSync(join(ROOT, 'dist/renderer/index.html')))
    throw new Error('dist/renderer is missing: run `npx vite build` (or `npm run build`) before these tests.');
});

const previews: PreviewServer[] = [];
const portals: FakePortal[] = [];
const children: ChildProcessWithoutNullStreams[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) child.kill();
  await Promise.all([...previews.splice(0).map((preview) => preview.close()), ...portals.splice(0).map((portal) => portal.close())]);
});

/** A preview on a free port; its log lines are kept in `log` rather than printed. */
async function preview(options: Partial<PreviewOptions> = {}): Promise<PreviewServer & { log: string[] }> {
  const log: string[] = [];
  const started = await startPreview({ dataDir: tempDir(), log: (line) => log.push(line), ...options });
  previews.push(started);
  return Object.assign(started, { log });
}

async function portal(): Promise<FakePortal> {
  const started = await startFakePortal();
  portals.push(started);
  return started;
}

/** POSTs a call as the page's bridge does; `origin: null` sends no Origin header. */
async function post(at: PreviewServer, path: string, body: unknown, origin: string | null = at.origin): Promise<{ status: number; json: unknown }> {
  const response = await fetch(new URL(path, at.url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(origin === null ? {} : { Origin: origin }) },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

/** A call of the contract that must answer ok; its value. */
async function value<T>(at: PreviewServer, name: string, payload?: unknown): Promise<T> {
  const { json } = await post(at, `/ipc/${name}`, { payload });
  const result = json as IpcResult<T>;
  if (!result.ok) throw new Error(`${name} answered ${result.error.code}: ${JSON.stringify(result.error.params ?? {})}`);
  return result.value;
}

/** A GET exactly as written, with no client-side clean-up of `..` (fetch would resolve it before sending). */
function rawGet(at: PreviewServer, path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((done, fail) => {
    const { hostname, port } = new URL(at.url);
    httpRequest({ hostname, port, path, headers }, (response) => {
      response.resume();
      done(response.statusCode ?? 0);
    })
      .on('error', fail)
      .end();
  });
}

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected it to throw');
}

/** What appInfo answers the page: the real app's name and version, and the sign-in addresses it ships with. */
const appInfoAnswer = () => ({
  ok: true,
  value: {
    name: 'B24 Chat Lookup',
    version,
    platform: process.platform,
    oauthHandler: 'https://b24-chat-lookup.github.io/b24-chat-lookup/sign-in/',
    oauthLoopback: 'http://127.0.0.1:31024/b24-chat-lookup/oauth',
  },
});

describe('the page', () => {
  test('is the built window, its policy opened to this server and the bridge loaded before the app', async () => {
    const server = await preview();
    for (const path of ['/', '/index.html']) {
      const response = await fetch(new URL(path, server.url));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
      const html = await response.text();
      expect(html).toContain("connect-src 'self'");
      expect(html).not.toMatch(/connect-src (?:'|&#39;)none/);
      const bridgeAt = html.indexOf('<script src="./preview-bridge.js"></script>');
      expect(bridgeAt).toBeGreaterThan(0);
      expect(bridgeAt).toBeLessThan(html.indexOf('<script type="module"'));
    }
  });

  test('serves the build files with their types, and nothing outside the build', async () => {
    const server = await preview();
    const html = await (await fetch(server.url)).text();
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    const style = /href="\.\/(assets\/[^"]+\.css)"/.exec(html)?.[1];
    expect(script && style).toBeTruthy();
    expect((await fetch(new URL(script ?? '', server.url))).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(new URL(style ?? '', server.url))).headers.get('content-type')).toBe('text/css; charset=utf-8');

    for (const path of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/assets/..%2f..%2f..%2fpackage.json',
      '/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fpackage.json',
      '/..%5c..%5cpackage.json',
      '/assets',
      '/missing.js',
      '/%E0%A4%A',
    ]) {
      expect([path, await rawGet(server, path)]).toEqual([path, path === '/%E0%A4%A' ? 400 : 404]);
    }
  });

  test('the bridge is a classic script defining window.b24: every call of the contract over HTTP, and events', async () => {
    const server = await preview();
    const response = await fetch(new URL('/preview-bridge.js', server.url));
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const script = await response.text();

    const streams: FakeEventSource[] = [];
    class FakeEventSource {
      readonly url: string;
      readonly #listeners: ((message: { data: string }) => void)[] = [];
      constructor(url: string) {
        this.url = url;
        streams.push(this);
      }
      addEventListener(type: string, listener: (message: { data: string }) => void): void {
        if (type === 'message') this.#listeners.push(listener);
      }
      deliver(data: unknown): void {
        for (const listener of this.#listeners) listener({ data: JSON.stringify(data) });
      }
    }
    let serverUp = true;
    // The page's fetch: relative to the page, with the Origin a browser adds.
    const pageFetch = (path: string, init: RequestInit): Promise<Response> => {
      if (!serverUp) return Promise.reject(new TypeError('Failed to fetch'));
      return fetch(new URL(path, server.url), { ...init, headers: { ...(init.headers as Record<string, string>), Origin: server.origin } });
    };
    const window: Record<string, unknown> = {};
    const reportError = vi.fn();
    runInNewContext(script, { window, EventSource: FakeEventSource, fetch: pageFetch, reportError });

    const b24 = window.b24 as Record<string, (...args: unknown[]) => Promise<unknown>> & { on: (event: string, listener: unknown) => () => void };
    expect(Object.isFrozen(b24)).toBe(true);
    expect(Object.keys(b24).sort()).toEqual([...Object.keys(INVOKES), 'on'].sort());
    await expect(b24.appInfo?.()).resolves.toEqual(appInfoAnswer());
    // Exactly one argument crosses, and the dispatcher checks it as in Electron.
    await expect(b24.lookup?.({ text: 5 }, 'more')).resolves.toMatchObject({ ok: false, error: { code: 'invalid_request' } });

    expect(streams.map((stream) => stream.url)).toEqual(['/events']);
    // TypeErrors of the script's own realm (not this one's TypeError class).
    expect(thrownBy(() => b24.on('nope', () => undefined))).toMatchObject({ name: 'TypeError', message: 'There is no event named nope.' });
    expect(thrownBy(() => b24.on('historyChanged', 'not a function'))).toMatchObject({ name: 'TypeError', message: 'An event listener is a function.' });
    const heard: unknown[] = [];
    const stop = b24.on('historyChanged', (payload: unknown) => heard.push(payload));
    b24.on('historyChanged', () => {
      throw new Error('a broken listener');
    });
    b24.on('windowRequest', (payload: unknown) => heard.push(['windowRequest', payload]));
    streams[0]?.deliver({ event: 'historyChanged', payload: { total: 3 } });
    streams[0]?.deliver({ event: 'windowRequest', payload: { view: 'settings' } });
    stop();
    streams[0]?.deliver({ event: 'historyChanged', payload: { total: 4 } });
    expect(heard).toEqual([{ total: 3 }, ['windowRequest', { view: 'settings' }]]);
    expect(reportError).toHaveBeenCalledTimes(2);

    // The server gone: the call answers a failure, as every failure does, rather than rejecting.
    serverUp = false;
    const unanswered = (await b24.settingsGet?.()) as IpcResult<unknown>;
    expect(unanswered).toEqual({ ok: false, error: { code: 'no_answer' } });
    expect(unanswered.ok ? null : sentence(unanswered.error)).toBe('The desktop app did not answer. Close the window and open it again from the tray.');
  });

  test('the bridge names exactly the events of the contract', async () => {
    const server = await preview();
    const script = await (await fetch(new URL('/preview-bridge.js', server.url))).text();
    const declared = /const PREVIEW_CONTRACT = (\{.*?\});/.exec(script)?.[1];
    expect(JSON.parse(declared ?? '{}')).toEqual({ invokes: Object.keys(INVOKES), events: Object.keys(EVENTS) });
  });

  test('a missing build fails the start with what to do', async () => {
    await expect(startPreview({ dataDir: tempDir(), rendererDir: tempDir() })).rejects.toThrow(/index\.html is missing: run `npm run build` first/);
  });
});

describe('calls of the app', () => {
  test('are answered for the page itself, with the real app info', async () => {
    const server = await preview();
    const { status, json } = await post(server, '/ipc/appInfo', {});
    expect(status).toBe(200);
    expect(json).toEqual(appInfoAnswer());
  });

  test('from another page, from no page, or to another address, are refused and nothing is done', async () => {
    const fake = await portal();
    const server = await preview();
    const payload = { payload: { webhookUrl: fake.webhookUrl } };
    // The preview's own refusal: the app's code (the window says it as it would in Electron), and why in English.
    for (const origin of ['http://evil.example', 'null', `http://localhost:${new URL(server.url).port}`]) {
      expect(await post(server, '/ipc/profilesAddWebhook', payload, origin)).toEqual({
        status: 403,
        json: { ok: false, error: { code: 'forbidden', detail: 'Only the preview page may ask this.' } },
      });
    }
    expect(await post(server, '/ipc/profilesAddWebhook', payload, null)).toEqual({
      status: 403,
      json: { ok: false, error: { code: 'forbidden', detail: 'A call must come from the preview page.' } },
    });
    // A foreign name made to point at 127.0.0.1 (DNS rebinding) reads nothing either.
    expect(await rawGet(server, '/preview/desktop', { Host: `evil.example:${new URL(server.url).port}` })).toBe(403);
    expect(await rawGet(server, '/events', { Origin: 'http://evil.example' })).toBe(403);
    // A plain GET from another site's page (an <img>, a no-cors fetch) carries no Origin, but its Sec-Fetch-Site says.
    expect(await rawGet(server, '/events', { 'Sec-Fetch-Site': 'cross-site' })).toBe(403);
    expect(await rawGet(server, '/preview/desktop', { 'Sec-Fetch-Site': 'cross-site' })).toBe(403);
    expect(await post(server, '/preview/clipboard', { text: 'from elsewhere' }, 'http://evil.example')).toMatchObject({ status: 403 });

    expect(fake.requests).toEqual([]);
    expect((await value<ProfilesView>(server, 'profilesList')).profiles).toEqual([]);
    expect(server.desktop.clipboard).toBe('');
    expect(server.log.filter((line) => line.startsWith('Refused'))).toHaveLength(9);
  });

  test('that are not what a call takes are refused as the dispatcher refuses them', async () => {
    const server = await preview();
    expect((await post(server, '/ipc/lookup', { payload: { text: 5 } })).json).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect((await post(server, '/ipc/lookup', {})).json).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const unknown = (await post(server, '/ipc/noSuchCall', {})).json as IpcResult<unknown>;
    expect(unknown).toEqual({ ok: false, error: { code: 'unknown_call' } });
    expect(unknown.ok ? null : sentence(unknown.error)).toBe('There is no such call.');
    expect(await post(server, '/ipc/appInfo', ['payload'])).toMatchObject({ status: 400, json: { ok: false, error: { code: 'invalid_request' } } });

    const raw = (body: string, type = 'application/json') =>
      fetch(new URL('/ipc/appInfo', server.url), { method: 'POST', headers: { 'Content-Type': type, Origin: server.origin }, body });
    expect((await raw('{}', 'text/plain')).status).toBe(415);
    expect((await raw('{"payload":')).status).toBe(400);
    expect((await raw(JSON.stringify({ payload: 'x'.repeat(1024 * 1024) }))).status).toBe(413);
    expect((await fetch(new URL('/ipc/appInfo', server.url))).status).toBe(405);
  });

  test('connect the fake portal and look a reference up through it', async () => {
    const fake = await portal();
    const server = await preview();
    expect(await value(server, 'profilesAddWebhook', { webhookUrl: fake.webhookUrl })).toMatchObject({ portal: fake.origin, status: 'connected' });
    const view = await value<LookupView>(server, 'lookup', { text: 'D_5' });
    expect(view.results).toMatchObject([{ status: 'found', chatId: 1501 }]);
    // The webhook's secret reaches no log line.
    expect(server.log.join('\n')).not.toContain(fake.secret);
  });
});

describe('the data folder', () => {
  test('keeps the settings and the saved webhook across a restart: the key file opens it again', async () => {
    const fake = await portal();
    const dataDir = tempDir();
    const first = await preview({ dataDir });
    await value(first, 'profilesAddWebhook', { webhookUrl: fake.webhookUrl });
    await value(first, 'settingsUpdate', { theme: 'dark' });
    await first.close();
    expect(statSync(join(dataDir, KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dataDir, 'profiles.json'), 'utf8')).not.toContain(fake.secret);

    const second = await preview({ dataDir });
    expect((await value<SettingsView>(second, 'settingsGet')).values.theme).toBe('dark');
    expect((await value<LookupView>(second, 'lookup', { text: 'D_5' })).results).toMatchObject([{ status: 'found', chatId: 1501 }]);
  });

  test('connects the portal of webhookUrl (B24_WEBHOOK_URL) at start, and not a second time after a restart', async () => {
    const fake = await portal();
    const dataDir = tempDir();
    const first = await preview({ dataDir, webhookUrl: fake.webhookUrl });
    expect((await value<ProfilesView>(first, 'profilesList')).profiles).toMatchObject([{ portal: fake.origin, status: 'connected' }]);
    await first.close();

    const checks = fake.requestCount;
    const second = await preview({ dataDir, webhookUrl: fake.webhookUrl });
    expect((await value<ProfilesView>(second, 'profilesList')).profiles).toHaveLength(1);
    expect(fake.requestCount).toBe(checks);
  });

  test('a webhook that does not work fails the start with a message that does not quote it', async () => {
    const fake = await portal();
    const wrong = `${fake.origin}/rest/1/${'wrong0secret0'.repeat(2)}/`;
    const failure = startPreview({ dataDir: tempDir(), webhookUrl: wrong, log: () => undefined });
    await expect(failure).rejects.toBeInstanceOf(PortalConnectError);
    await expect(failure).rejects.toThrow(/^The portal could not be connected: /);
    await expect(failure).rejects.not.toThrow(/wrong0secret0/);
  });
});

describe('the desktop', () => {
  test("sends the app's events to the page's event stream: historyChanged after a lookup", async () => {
    const fake = await portal();
    const server = await preview({ webhookUrl: fake.webhookUrl });
    const stream = new AbortController();
    const response = await fetch(new URL('/events', server.url), { signal: stream.signal });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
    await value(server, 'lookup', { text: 'LEAD|13' });
    let received = '';
    while (!received.includes('historyChanged')) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) break;
      received += chunk.value;
    }
    stream.abort();
    const messages = received
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => JSON.parse(line.slice('data: '.length)) as unknown);
    expect(messages).toContainEqual({ event: 'historyChanged', payload: { total: 1 } });
  });

  test('presses the open hotkey as the OS would: the window is shown, and its request holds the clipboard', async () => {
    const server = await preview();
    expect(await post(server, '/preview/clipboard', { text: 'D_5' }, null)).toEqual({ status: 200, json: { clipboard: 'D_5' } });
    expect(await post(server, '/preview/hotkey', { action: 'openWindow' }, null)).toEqual({ status: 200, json: { pressed: 'CommandOrControl+Alt+B' } });
    await vi.waitFor(async () => {
      const desktop = (await (await fetch(new URL('/preview/desktop', server.url))).json()) as { window: string[]; hotkeys: string[] };
      expect(desktop).toMatchObject({ window: ['show'], hotkeys: ['CommandOrControl+Alt+B', 'CommandOrControl+Alt+V'] });
    });
    expect(await value(server, 'windowRequestTake')).toEqual({ view: 'lookup', text: 'D_5' });

    await value(server, 'settingsUpdate', { hotkeys: { openWindow: null, lookupClipboard: 'CommandOrControl+Alt+V' } });
    expect(await post(server, '/preview/hotkey', { action: 'openWindow' }, null)).toMatchObject({
      status: 409,
      json: { ok: false, error: { code: 'hotkey_off' } },
    });
    expect(await post(server, '/preview/hotkey', { action: 'quit' }, null)).toMatchObject({
      status: 400,
      json: { ok: false, error: { code: 'invalid_request' } },
    });
  });

  test('records the releases page the About section asks for, and prints it instead of opening it', async () => {
    const server = await preview();
    const releases = 'https://github.com/b24-chat-lookup/b24-chat-lookup/releases';
    expect(await value(server, 'releasesOpen')).toEqual({ link: releases });
    const desktop = (await (await fetch(new URL('/preview/desktop', server.url))).json()) as { opened: string[] };
    expect(desktop.opened).toEqual([releases]);
    expect(server.log).toContain(`Would open ${releases}`);
  });

  test("acts as the person's browser for the fake portal's sign-in page, so a sign-in started in the window completes", async () => {
    const port = await freePort();
    const fake = await startFakePortal({ application: { handler: `http://127.0.0.1:${port}/b24-chat-lookup/oauth` } });
    portals.push(fake);
    const server = await preview({ oauthHandlerPort: port });
    const profile = await value(server, 'profilesSignIn', {
      portal: fake.origin,
      clientId: fake.application.clientId,
      clientSecret: fake.application.clientSecret,
    });
    expect(profile).toMatchObject({ portal: fake.origin, kind: 'oauth', status: 'connected', userName: 'Irina Volkova' });
    const desktop = (await (await fetch(new URL('/preview/desktop', server.url))).json()) as { opened: string[] };
    expect(desktop.opened).toEqual([expect.stringMatching(new RegExp(`^${fake.origin}/oauth/authorize/\\?client_id=`))]);
    expect(fake.requests.map((request) => request.restMethod)).toEqual(['oauth/authorize', 'batch']);
    expect(fake.oauthServer.requests.map((request) => request.params.grant_type)).toEqual(['authorization_code']);
    expect((await value<LookupView>(server, 'lookup', { text: 'LEAD|13' })).results).toMatchObject([{ status: 'found', chatId: 1437 }]);
    // The log says what happened, without the state, the code, the tokens or the application's secret.
    await vi.waitFor(() => expect(server.log.join('\n')).toContain('The browser came back from the sign-in page: the app answered HTTP 200.'));
    expect(server.log).toContain(`Would open the sign-in page of ${new URL(fake.origin).host}; following it as the browser would.`);
    const log = server.log.join('\n');
    for (const secret of [
      fake.oauth.clientSecret,
      fake.oauth.accessToken,
      fake.oauth.refreshToken,
      new URL(desktop.opened[0] ?? '').searchParams.get('state') ?? '',
    ]) {
      expect(log).not.toContain(secret);
    }
  });
});

describe('npm run preview', () => {
  test('prints the address once ready, serves the page there, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [CLI, '--port', '0', '--data-dir', tempDir()], { env: { ...process.env, B24_WEBHOOK_URL: '' } });
    children.push(child);
    child.stdout.setEncoding('utf8');
    let banner = '';
    for await (const chunk of child.stdout) {
      banner += String(chunk);
      if (banner.includes('Press Ctrl+C to stop.')) break;
    }
    expect(banner.match(/^Preview: /gm)).toHaveLength(1);
    const url = /^Preview: (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(banner)?.[1];
    expect(url).toBeDefined();
    const html = await (await fetch(url ?? '')).text();
    expect(html).toContain('<script src="./preview-bridge.js"></script>');

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  test.each([
    [['--port', 'abc'], /--port wants a number from 0 to 65535, not "abc"/],
    [['--port', ''], /--port wants a number from 0 to 65535/],
    [['--lang', 'fr'], /--lang is one of en, ru, de, es, pt-BR, pl, uk, not "fr"/],
    [['--request-timeout', '5'], /--request-timeout wants milliseconds from 100 to 600000, not "5"/],
    [['--retry-delay', 'soon'], /--retry-delay wants milliseconds from 0 to 600000, not "soon"/],
    [['--colour'], /Unknown option '--colour'/],
  ])('%j is refused with exit status 2 and a usage line', (args, message) => {
    // A bounded wait: a preview that starts instead of refusing fails the test rather than hanging the run.
    const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 15_000 });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('Usage: npm run preview');
  });

  test('a B24_WEBHOOK_URL that does not work ends it with status 1 and a line that does not quote the webhook', async () => {
    const fake = await portal();
    const secret = 'wrong0secret0wrong0secret';
    const child = spawn(process.execPath, [CLI, '--port', '0', '--data-dir', tempDir()], {
      env: { ...process.env, B24_WEBHOOK_URL: `${fake.origin}/rest/1/${secret}/` },
    });
    children.push(child);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr.trimEnd().split('\n').at(-1)).toMatch(/^B24_WEBHOOK_URL: The portal could not be connected: ./);
    expect(stderr).not.toContain(secret);
  });
});
